"""``manage.py totp_code``: a development shortcut that does not exist when DEBUG is off."""

from io import StringIO

import pyotp
import pytest
from django.core.management import CommandError, call_command

from auyl.accounts.testing import enrol_totp
from auyl.core.roles import Role


@pytest.fixture
def akim(tree, make_staff):
    return make_staff(Role.AKIM, tree["rd_a"], username="demo-akim")


def test_prints_the_current_code_in_development(akim, settings):
    settings.DEBUG = True
    settings.DEMO_SHORTCUTS = True
    secret = enrol_totp(akim)
    out = StringIO()
    call_command("totp_code", "demo-akim", stdout=out)
    code = out.getvalue().strip()
    assert len(code) == 6 and pyotp.TOTP(secret).verify(code, valid_window=1)


@pytest.mark.parametrize(("debug", "shortcuts"), [(False, False), (False, True), (True, False)])
def test_refuses_without_debug_and_demo_shortcuts(akim, settings, debug, shortcuts):
    settings.DEBUG = debug
    settings.DEMO_SHORTCUTS = shortcuts
    enrol_totp(akim)
    out = StringIO()
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("totp_code", "demo-akim", stdout=out)
    assert out.getvalue() == ""


def test_unknown_user_and_user_without_secret(akim, settings):
    settings.DEBUG = True
    settings.DEMO_SHORTCUTS = True
    with pytest.raises(CommandError, match="No user"):
        call_command("totp_code", "nobody")
    with pytest.raises(CommandError, match="no second factor"):
        call_command("totp_code", "demo-akim")
