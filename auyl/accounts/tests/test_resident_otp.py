"""Residents: phone number, one-time SMS code, sign-in; limits and refusals."""

import datetime as dt
import re
from unittest import mock

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django.utils import timezone

from auyl.accounts import otp
from auyl.accounts.models import OneTimeCode, User
from auyl.accounts.testing import en_reverse
from auyl.core import sms
from auyl.core.models import AuditEvent
from auyl.core.permissions import is_staff_member, roles_of
from auyl.core.roles import Role
from auyl.territory.models import Resident

START = en_reverse("accounts:resident_login")
CODE_URL = en_reverse("accounts:resident_code")
PHONE = "+77011234567"


def sent_code() -> str:
    return re.search(r"\b(\d{6})\b", sms.outbox[-1]["text"]).group(1)


def request(client, phone="8 701 123 45 67", **extra):
    return client.post(START, {"phone": phone}, **extra)


def make_resident(settlement, phone=PHONE, **extra) -> Resident:
    return Resident.objects.create(
        last_name="Серікова",
        first_name="Айгүл",
        settlement=settlement,
        territory_path=settlement.path,
        search_name="серікова айгүл",
        phone=phone,
        **extra,
    )


def test_pages_have_the_named_accessible_fields(client, db):
    page = client.get(START).content.decode()
    assert 'name="phone"' in page and 'for="id_phone"' in page and 'type="tel"' in page
    request(client)
    page = client.get(CODE_URL).content.decode()
    assert 'name="code"' in page and 'for="id_code"' in page
    assert 'autocomplete="one-time-code"' in page and 'inputmode="numeric"' in page


def test_code_is_sent_by_sms_and_signs_a_new_resident_in(client, db):
    response = request(client)
    assert response.status_code == 302 and response.url == CODE_URL
    assert len(sms.outbox) == 1 and sms.outbox[0]["phone"] == PHONE
    code = sent_code()
    row = OneTimeCode.objects.get()
    assert row.phone == PHONE and row.code_hash != code and code not in row.code_hash
    assert abs((row.expires_at - row.created_at) - dt.timedelta(seconds=300)) < dt.timedelta(seconds=1)

    response = client.post(CODE_URL, {"code": code})
    assert response.status_code == 302 and response.url == reverse("portal:home")
    user = User.objects.get(phone=PHONE)
    assert client.session[SESSION_KEY] == str(user.pk)
    assert not user.has_usable_password()
    assert not is_staff_member(user) and roles_of(user) == set()
    assert PHONE not in user.username  # the phone does not leak into the audit log's actor labels
    row.refresh_from_db()
    assert row.used_at is not None
    assert AuditEvent.objects.filter(action="account.signed_in", object_id=str(user.pk)).exists()
    # The page shown after sign-in works for the resident (the 2FA guard does not apply).
    assert client.get(reverse("accounts:me")).status_code == 200


def test_a_used_code_does_not_work_twice(client, db):
    request(client)
    code = sent_code()
    client.post(CODE_URL, {"code": code})
    client.post(reverse("accounts:logout"))
    client.cookies.clear()
    session = client.session
    session["auyl_otp_phone"] = PHONE
    session.save()
    response = client.post(CODE_URL, {"code": code})
    assert response.status_code == 200 and SESSION_KEY not in client.session
    assert "There is no valid code for this number" in response.content.decode()


def test_a_new_account_keeps_the_language_it_signed_in_with(client, db):
    client.post(START.replace("/en/", "/ru/"), {"phone": PHONE})
    client.post(CODE_URL.replace("/en/", "/ru/"), {"code": sent_code()})
    assert User.objects.get(phone=PHONE).preferred_language == "ru"


def test_the_same_account_is_used_next_time(client, db):
    request(client)
    client.post(CODE_URL, {"code": sent_code()})
    client.post(reverse("accounts:logout"))
    request(client, "+7 (701) 123-45-67")
    client.post(CODE_URL, {"code": sent_code()})
    assert User.objects.filter(phone=PHONE).count() == 1


def test_account_is_linked_to_the_only_resident_with_that_phone(client, tree):
    resident = make_resident(tree["village_a1"])
    request(client)
    client.post(CODE_URL, {"code": sent_code()})
    user = User.objects.get(phone=PHONE)
    assert user.resident == resident and user.full_name == "Серікова Айгүл"


def test_no_link_when_two_residents_share_the_phone(client, tree):
    make_resident(tree["village_a1"])
    make_resident(tree["village_a2"])
    request(client)
    client.post(CODE_URL, {"code": sent_code()})
    assert User.objects.get(phone=PHONE).resident is None


def test_code_expires_after_five_minutes(client, db):
    request(client)
    code = sent_code()
    later = timezone.now() + dt.timedelta(seconds=301)
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = client.post(CODE_URL, {"code": code})
    assert response.status_code == 200
    assert "This code has expired." in response.content.decode()
    assert SESSION_KEY not in client.session


def test_five_wrong_attempts_kill_the_code_even_if_the_sixth_is_right(client, db):
    request(client)
    code = sent_code()
    wrong = "000000" if code != "000000" else "111111"
    for attempt in range(1, 5):
        page = client.post(CODE_URL, {"code": wrong}).content.decode()
        assert f"Attempts left: {5 - attempt}." in page
    page = client.post(CODE_URL, {"code": wrong}).content.decode()
    assert "Too many wrong attempts" in page
    assert OneTimeCode.objects.get().attempts == 5
    page = client.post(CODE_URL, {"code": code}).content.decode()
    assert "Too many wrong attempts" in page
    assert SESSION_KEY not in client.session


def test_only_the_newest_code_counts(client, db):
    request(client)
    first = sent_code()
    request(client)
    second = sent_code()
    if first != second:
        assert client.post(CODE_URL, {"code": first}).status_code == 200
    assert client.post(CODE_URL, {"code": second}).status_code == 302


def test_rate_limit_per_phone(client, db, settings):
    settings.OTP_MAX_PER_PHONE_PER_HOUR = 2
    assert request(client, REMOTE_ADDR="10.0.0.1").status_code == 302
    assert request(client, REMOTE_ADDR="10.0.0.2").status_code == 302
    response = request(client, REMOTE_ADDR="10.0.0.3")
    assert response.status_code == 200
    assert "Too many codes have been requested" in response.content.decode()
    assert len(sms.outbox) == 2
    # An hour later the phone may ask again.
    OneTimeCode.objects.update(created_at=timezone.now() - dt.timedelta(minutes=61))
    assert request(client).status_code == 302


def test_rate_limit_per_ip(client, db, settings):
    settings.OTP_MAX_PER_IP_PER_HOUR = 2
    assert request(client, "+77011111111", REMOTE_ADDR="10.0.0.9").status_code == 302
    assert request(client, "+77012222222", REMOTE_ADDR="10.0.0.9").status_code == 302
    response = request(client, "+77013333333", REMOTE_ADDR="10.0.0.9")
    assert "Too many codes have been requested" in response.content.decode()
    assert request(client, "+77013333333", REMOTE_ADDR="10.0.0.10").status_code == 302
    assert len(sms.outbox) == 3


def test_unknown_phone_gets_the_same_answer_as_a_known_one(client, tree):
    make_resident(tree["village_a1"], phone="+77011111111")
    known = request(client, "+77011111111", follow=True)
    client.cookies.clear()
    unknown = request(client, "+77019999999", follow=True)
    assert known.redirect_chain == unknown.redirect_chain == [(CODE_URL, 302)]
    normalise = lambda r: r.content.decode().replace("+77011111111", "X").replace("+77019999999", "X")  # noqa: E731
    strip_csrf = lambda html: re.sub(r'value="[^"]{40,}"', "", html)  # noqa: E731
    assert strip_csrf(normalise(known)) == strip_csrf(normalise(unknown))
    assert len(sms.outbox) == 2


@pytest.mark.parametrize("phone", ["12345", "+1 202 555 0100", "8 701 ABC 45 67", ""])
def test_malformed_phone_gets_an_error(client, db, phone):
    response = request(client, phone)
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()
    assert not OneTimeCode.objects.exists() and not sms.outbox


def test_malformed_phone_error_comes_in_the_page_language(client, db):
    from django.utils import translation

    from auyl.territory.identifiers import normalize_phone

    with translation.override("ru"):
        try:
            normalize_phone("12345")
        except Exception as exc:  # noqa: BLE001
            expected = exc.messages[0]
    response = client.post(reverse("accounts:resident_login").replace("/en/", "/ru/"), {"phone": "12345"})
    assert expected in response.content.decode()


def test_malformed_code_gets_an_error(client, db):
    request(client)
    response = client.post(CODE_URL, {"code": "12a456"})
    assert "Enter the 6-digit code." in response.content.decode()
    assert OneTimeCode.objects.get().attempts == 0


def test_code_page_needs_a_phone_first(client, db):
    response = client.get(CODE_URL)
    assert response.status_code == 302 and response.url == START


def test_staff_phone_is_refused(client, tree, make_staff):
    akim = make_staff(Role.AKIM, tree["rd_a"], username="akim")
    akim.phone = PHONE
    akim.save()
    response = request(client)
    assert response.url == CODE_URL  # the same answer as for anyone: no enumeration of staff phones
    response = client.post(CODE_URL, {"code": sent_code()})
    page = response.content.decode()
    assert response.status_code == 200
    assert "belongs to a staff account" in page and reverse("accounts:login") in page
    assert SESSION_KEY not in client.session


def test_staff_linked_through_the_registry_is_refused(client, tree, make_staff):
    resident = make_resident(tree["village_a1"])
    akim = make_staff(Role.AKIM, tree["rd_a"], username="akim")
    akim.resident = resident
    akim.save()
    request(client)
    response = client.post(CODE_URL, {"code": sent_code()})
    assert "belongs to a staff account" in response.content.decode()
    assert SESSION_KEY not in client.session
    assert User.objects.filter(phone=PHONE).count() == 0


def test_blocked_account_is_refused(client, db):
    User.objects.create_user(username="blocked", phone=PHONE, is_active=False)
    request(client)
    response = client.post(CODE_URL, {"code": sent_code()})
    assert "This account is blocked" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_sms_gateway_failure_is_a_message_not_a_500(client, db, settings):
    settings.SMS_BACKEND = "http"
    settings.SMS_HTTP_URL = ""
    response = request(client)
    assert response.status_code == 200
    assert "The SMS could not be sent" in response.content.decode()


def test_services_directly(db):
    phone = otp.request_code("87011234567", "192.0.2.1")
    assert phone == PHONE
    with pytest.raises(Exception) as info:
        otp.verify_code(PHONE, "99999a")
    assert info.value.code == "code_format"
    user = otp.verify_code(PHONE, sent_code())
    assert user.phone == PHONE and not user.grants.exists()
    assert Role.RESIDENT not in roles_of(user)
