"""Staff sign-in in a real browser: login and password, then the TOTP code; a wrong code is refused."""

from datetime import datetime

import pyotp
import pytest

from auyl.core.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def staff(tree):
    from auyl.accounts import testing, totp

    user = testing.make_staff_user(Role.AKIM, tree["rd_a"], username="akim.kyzylzhar")
    secret = pyotp.random_base32()
    totp.set_secret(user, secret, confirmed=True)
    return {
        "username": user.username,
        "secret": secret,
        "password": getattr(testing, "PASSWORD", "correct-horse-battery-staple"),
    }


def a_wrong_code(secret: str) -> str:
    """A 6-digit code that is not valid in any step the server accepts (now and one step either side)."""
    totp = pyotp.TOTP(secret)
    counter = totp.timecode(datetime.now())
    valid = {totp.generate_otp(counter + step) for step in (-2, -1, 0, 1, 2)}
    return next(
        code for code in ("000000", "111111", "222222", "333333", "444444", "555555") if code not in valid
    )


def test_staff_signs_in_with_password_and_totp(live_server, staff, page):
    base = live_server.url
    page.goto(f"{base}/kk/accounts/login/")
    page.locator("input[name=username]").fill(staff["username"])
    page.locator("input[name=password]").fill(staff["password"])
    page.locator("main form.form button[type=submit]").click()
    page.wait_for_url(f"{base}/kk/accounts/login/totp/")

    # A wrong code keeps the user on the code page, not signed in.
    page.locator("input[name=code]").fill(a_wrong_code(staff["secret"]))
    page.locator("main form.form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url == f"{base}/kk/accounts/login/totp/"
    assert page.locator(".error").first.is_visible()

    page.locator("input[name=code]").fill(pyotp.TOTP(staff["secret"]).now())
    page.locator("main form.form button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login" not in url)
    header = page.locator("header.site-header").inner_text()
    assert staff["username"] in header
    assert page.locator("form[action$='/accounts/logout/'] button").is_visible()
