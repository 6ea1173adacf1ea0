"""Staff sign-in: password, then a mandatory TOTP code (or enrolment), lockouts, the 2FA guard."""

import datetime as dt
import time

import pyotp
import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from auyl.accounts import totp
from auyl.accounts.middleware import SESSION_2FA_KEY
from auyl.accounts.models import SignInFailure, User
from auyl.accounts.testing import PASSWORD, en_reverse, enrol_totp
from auyl.core.models import AuditEvent
from auyl.core.roles import Role

LOGIN = en_reverse("accounts:login")
TOTP_URL = en_reverse("accounts:login_totp")


def wrong_code(secret: str) -> str:
    """A 6-digit code that is not valid in any accepted time step right now."""
    generator = pyotp.TOTP(secret)
    valid = {generator.at(time.time() + 30 * k) for k in (-2, -1, 0, 1, 2)}
    return next(c for c in ("000000", "111111", "222222", "333333", "444444") if c not in valid)


def password_step(client, username, password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def signed_in_id(client):
    return client.session.get(SESSION_KEY)


@pytest.fixture
def akim(tree, make_staff):
    return make_staff(Role.AKIM, tree["rd_a"], username="akim")


def test_login_page_has_the_named_fields(client, db):
    response = client.get(LOGIN)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="username"' in html and 'name="password"' in html
    assert 'autocomplete="current-password"' in html
    assert 'for="id_username"' in html and 'for="id_password"' in html


def test_full_flow_with_a_real_totp_code(client, akim):
    secret = enrol_totp(akim)
    response = password_step(client, "akim")
    assert response.status_code == 302 and response.url == TOTP_URL
    assert signed_in_id(client) is None  # the password alone signs nobody in

    page = client.get(TOTP_URL).content.decode()
    assert 'name="code"' in page and 'autocomplete="one-time-code"' in page and 'inputmode="numeric"' in page
    assert "<svg" not in page  # an enrolled user is never shown the secret again

    before = client.session.session_key
    response = client.post(TOTP_URL, {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302 and response.url == reverse("portal:home")
    assert signed_in_id(client) == str(akim.pk)
    assert client.session[SESSION_2FA_KEY] is True
    assert client.session.session_key != before  # rotated at sign-in
    assert AuditEvent.objects.filter(action="account.signed_in", object_id=str(akim.pk)).exists()
    # The session survives the SecondFactorMiddleware on the next request.
    assert client.get(reverse("accounts:me")).status_code == 200


def test_next_is_followed_only_when_it_is_local(client, akim):
    secret = enrol_totp(akim)
    me = reverse("accounts:me")
    client.post(LOGIN + f"?next={me}", {"username": "akim", "password": PASSWORD})
    response = client.post(TOTP_URL, {"code": pyotp.TOTP(secret).now()})
    assert response.url == me

    client.post(reverse("accounts:logout"))
    client.post(LOGIN, {"username": "akim", "password": PASSWORD, "next": "https://evil.example/"})
    akim.totp_last_counter = None
    akim.save(update_fields=["totp_last_counter"])
    response = client.post(TOTP_URL, {"code": pyotp.TOTP(secret).now()})
    assert response.url == reverse("portal:home")


def test_wrong_password_and_unknown_login_get_the_same_generic_error(client, akim):
    enrol_totp(akim)
    wrong = password_step(client, "akim", "not-the-password")
    unknown = password_step(client, "nobody", "not-the-password")
    assert wrong.status_code == unknown.status_code == 200
    assert "Wrong login or password." in wrong.content.decode()
    assert "Wrong login or password." in unknown.content.decode()
    assert signed_in_id(client) is None


def test_wrong_totp_code_is_refused(client, akim):
    secret = enrol_totp(akim)
    password_step(client, "akim")
    response = client.post(TOTP_URL, {"code": wrong_code(secret)})
    assert response.status_code == 200
    assert "Wrong code." in response.content.decode()
    assert signed_in_id(client) is None
    assert AuditEvent.objects.filter(action="signin.second_factor_failed", object_id=str(akim.pk)).exists()


def test_malformed_code_gets_a_form_error(client, akim):
    enrol_totp(akim)
    password_step(client, "akim")
    response = client.post(TOTP_URL, {"code": "12ab"})
    assert response.status_code == 200
    assert "Enter the 6-digit code." in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()


def test_a_used_code_cannot_be_replayed(client, akim):
    secret = enrol_totp(akim)
    code = pyotp.TOTP(secret).now()
    password_step(client, "akim")
    assert client.post(TOTP_URL, {"code": code}).status_code == 302
    client.post(reverse("accounts:logout"))
    assert signed_in_id(client) is None

    password_step(client, "akim")
    response = client.post(TOTP_URL, {"code": code})
    assert response.status_code == 200
    assert signed_in_id(client) is None


def test_enrolment_for_a_user_without_a_secret(client, akim):
    assert not totp.is_enrolled(akim)
    password_step(client, "akim")
    page = client.get(TOTP_URL).content.decode()
    akim.refresh_from_db()
    secret = totp.secret_of(akim)
    assert secret and akim.totp_confirmed_at is None  # pending, not confirmed
    assert "<svg" in page and 'role="img"' in page  # inline QR code
    assert signin_grouped(secret) in page
    assert "http://" not in page.split("<svg", 1)[1].split("</svg>", 1)[0].replace("http://www.w3.org", "")
    # Reloading shows the same pending secret, not a new one.
    client.get(TOTP_URL)
    akim.refresh_from_db()
    assert totp.secret_of(akim) == secret

    response = client.post(TOTP_URL, {"code": wrong_code(secret)})
    assert response.status_code == 200 and "<svg" in response.content.decode()

    code = pyotp.TOTP(secret).now()
    response = client.post(TOTP_URL, {"code": code})
    assert response.status_code == 302
    assert signed_in_id(client) == str(akim.pk) and client.session[SESSION_2FA_KEY] is True
    akim.refresh_from_db()
    assert akim.totp_confirmed_at is not None
    assert AuditEvent.objects.filter(action="account.totp_enrolled", object_id=str(akim.pk)).exists()

    # The code that confirmed the enrolment cannot be used again.
    client.post(reverse("accounts:logout"))
    password_step(client, "akim")
    page = client.get(TOTP_URL).content.decode()
    assert "<svg" not in page and secret not in page
    assert client.post(TOTP_URL, {"code": code}).status_code == 200
    assert signed_in_id(client) is None


def signin_grouped(secret):
    from auyl.accounts.signin import group_secret

    return group_secret(secret)


def test_residents_cannot_use_the_password_form(client, tree, make_staff):
    plain = User.objects.create_user(username="plain", password=PASSWORD)
    resident = make_staff(Role.RESIDENT, tree["village_a1"], username="res")
    for username in (plain.username, resident.username):
        response = password_step(client, username)
        assert response.status_code == 200
        assert "Wrong login or password." in response.content.decode()
        assert client.session.get("auyl_pending_user") is None
    assert client.get(TOTP_URL).status_code == 302


def test_totp_step_needs_the_password_step_first(client, akim):
    response = client.get(TOTP_URL)
    assert response.status_code == 302 and response.url == LOGIN


def test_pending_password_step_expires(client, akim, settings):
    enrol_totp(akim)
    password_step(client, "akim")
    session = client.session
    session["auyl_pending_at"] = int(time.time()) - 3600
    session.save()
    response = client.get(TOTP_URL)
    assert response.status_code == 302 and response.url == LOGIN


def test_role_revoked_between_the_steps(client, akim):
    secret = enrol_totp(akim)
    password_step(client, "akim")
    akim.grants.update(revoked_at=dt.datetime.now(dt.UTC))
    response = client.post(TOTP_URL, {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302 and response.url == LOGIN
    assert signed_in_id(client) is None


def test_lockout_per_username(client, akim, settings):
    settings.SIGNIN_MAX_FAILURES_PER_USERNAME = 3
    secret = enrol_totp(akim)
    for _ in range(2):
        assert "Wrong login or password." in password_step(client, "akim", "nope").content.decode()
    third = password_step(client, "AKIM", "nope").content.decode()  # case does not dodge the count
    assert "Too many failed sign-in attempts" in third
    # Even the right password is refused now, from any address.
    response = password_step(client, "akim", REMOTE_ADDR="10.9.9.9")
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert client.session.get("auyl_pending_user") is None
    event = AuditEvent.objects.get(action="signin.locked_out")
    assert event.object_id == str(akim.pk) and event.changes["scope"] == "username"
    assert not SignInFailure.objects.filter(username_hash__icontains="akim").exists()  # hashed names only

    # When the failures leave the window, the door opens again.
    SignInFailure.objects.update(created_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=16))
    assert password_step(client, "akim").status_code == 302
    assert client.post(TOTP_URL, {"code": pyotp.TOTP(secret).now()}).status_code == 302


def test_lockout_per_ip(client, tree, make_staff, settings):
    settings.SIGNIN_MAX_FAILURES_PER_IP = 3
    other = make_staff(Role.REGISTRAR, tree["rd_b"], username="registrar")
    enrol_totp(other)
    for name in ("a", "b", "c"):
        password_step(client, name, "nope", REMOTE_ADDR="10.0.0.7")
    response = password_step(client, "registrar", REMOTE_ADDR="10.0.0.7")
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert AuditEvent.objects.filter(action="signin.locked_out", object_id="10.0.0.7").exists()
    # Another address is not affected.
    assert password_step(client, "registrar", REMOTE_ADDR="10.0.0.8").status_code == 302


def test_wrong_totp_codes_count_towards_the_lockout(client, akim, settings):
    settings.SIGNIN_MAX_FAILURES_PER_USERNAME = 3
    secret = enrol_totp(akim)
    password_step(client, "akim")
    bad = wrong_code(secret)
    client.post(TOTP_URL, {"code": bad})
    client.post(TOTP_URL, {"code": bad})
    response = client.post(TOTP_URL, {"code": bad}, follow=True)
    assert response.redirect_chain[-1][0] == LOGIN
    assert "Too many failed sign-in attempts" in response.content.decode()
    # The pending step is gone: a correct code now leads back to the password form.
    assert client.post(TOTP_URL, {"code": pyotp.TOTP(secret).now()}).url == LOGIN
    assert signed_in_id(client) is None


def test_middleware_ends_a_staff_session_without_the_second_factor(client, akim):
    client.force_login(akim)  # e.g. a session opened by some other login path
    response = client.get(reverse("accounts:me"))
    assert response.status_code == 302 and response.url.startswith(LOGIN)
    assert signed_in_id(client) is None


def test_middleware_ends_a_superuser_session_without_the_second_factor(client, db):
    root = User.objects.create_superuser(username="root", password=PASSWORD)
    client.force_login(root)
    client.get(reverse("portal:home"))
    assert signed_in_id(client) is None


def test_middleware_leaves_residents_signed_in(client, db):
    resident = User.objects.create_user(username="resident-1", phone="+77011234567")
    client.force_login(resident)
    assert client.get(reverse("accounts:me")).status_code == 200
    assert signed_in_id(client) == str(resident.pk)
