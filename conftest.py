"""Shared fixtures: a small territory tree and users holding roles on it."""

import pytest


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
