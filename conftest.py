"""Shared fixtures: a small territory tree and users holding roles on it."""

import pytest


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language (Kazakh): the test client leaves the language of
    its last request active in the thread, which would make reverse() depend on test order."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Argon2 costs about a second per hash on this 2-core machine; tests that create users would
    spend minutes hashing. The deployed hasher is checked in core/tests/test_settings.py."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _sms_outbox(settings):
    from auyl.core import sms

    settings.SMS_BACKEND = "locmem"
    sms.outbox.clear()
    yield sms.outbox


@pytest.fixture
def tree(db):
    """Region > district > two rural districts, each with two villages."""
    from auyl.territory.testing import make_tree

    return make_tree()


@pytest.fixture
def make_staff(db):
    from auyl.accounts.testing import make_staff_user

    return make_staff_user
