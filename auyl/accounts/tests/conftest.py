import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_pages():
    """These tests assert the English messages: reverse() then builds /en/ URLs and messages
    produced outside a request are English too. Kazakh and Russian are checked in test_languages.py."""
    with translation.override("en"):
        yield
