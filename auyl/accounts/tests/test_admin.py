"""The Django admin: administrators with a 2FA-verified session only; grants through the services."""

import datetime as dt

import pyotp
import pytest
from django.urls import reverse

from auyl.accounts.models import RoleGrant, User
from auyl.accounts.testing import PASSWORD, en_reverse, enrol_totp, force_staff_login
from auyl.core.models import AuditEvent, CalendarDay
from auyl.core.roles import Role
from auyl.territory import services as territory_services
from auyl.territory.identifiers import make_iin

INDEX = en_reverse("admin:index")


@pytest.fixture
def administrator(tree, make_staff):
    return make_staff(Role.ADMINISTRATOR, None, username="admin")


def change_url(user):
    return reverse("admin:accounts_user_change", args=[user.pk])


def user_form(user, grants=(), new=None, revoke=()):
    """POST data for the user change form with its role-grant inline."""
    data = {
        "username": user.username,
        "full_name": user.full_name,
        "email": user.email,
        "phone": user.phone or "",
        "preferred_language": user.preferred_language,
        "resident": "",
        "is_active": "on",
        "grants-TOTAL_FORMS": str(len(grants) + 1),
        "grants-INITIAL_FORMS": str(len(grants)),
        "grants-MIN_NUM_FORMS": "0",
        "grants-MAX_NUM_FORMS": "1000",
    }
    for i, grant in enumerate(grants):
        data[f"grants-{i}-id"] = str(grant.pk)
        data[f"grants-{i}-user"] = str(user.pk)
        if grant in revoke:
            data[f"grants-{i}-revoke"] = "on"
    i = len(grants)
    data[f"grants-{i}-user"] = str(user.pk)
    if new:
        data[f"grants-{i}-role"] = new[0]
        data[f"grants-{i}-territory"] = str(new[1].pk) if new[1] else ""
    return data


def test_administrator_with_a_real_two_step_sign_in_reaches_the_admin(client, administrator):
    secret = enrol_totp(administrator)
    client.post(reverse("accounts:login") + f"?next={INDEX}", {"username": "admin", "password": PASSWORD})
    response = client.post(reverse("accounts:login_totp"), {"code": pyotp.TOTP(secret).now()})
    assert response.url == INDEX
    response = client.get(INDEX)
    assert response.status_code == 200
    assert reverse("admin:accounts_user_changelist") in response.content.decode()


def test_anonymous_visitor_is_sent_to_the_staff_sign_in(client, db):
    response = client.get(INDEX, follow=True)
    login = reverse("accounts:login")
    assert response.redirect_chain[-1][0].startswith(login)
    assert "next=" in response.redirect_chain[-1][0] and "admin" in response.redirect_chain[-1][0]
    assert response.status_code == 200 and 'name="password"' in response.content.decode()
    # The admin's own login URL only redirects: there is no second door.
    response = client.post(reverse("admin:login"), {"username": "x", "password": "y"})
    assert response.status_code == 302 and response.url.startswith(login)


def test_akim_gets_403(client, tree, make_staff):
    akim = make_staff(Role.AKIM, tree["rd_a"])
    force_staff_login(client, akim)
    assert client.get(INDEX, follow=True).status_code == 403
    assert client.get(reverse("admin:accounts_user_changelist"), follow=True).status_code == 403


def test_administrator_without_the_second_factor_is_refused(client, administrator):
    client.force_login(administrator)  # no 2FA mark: the middleware signs them out
    response = client.get(INDEX)
    assert response.status_code == 302 and "admin/login" in response.url


def test_superuser_flag_without_the_role_is_not_enough(client, db):
    root = User.objects.create_superuser(username="root", password=PASSWORD)
    force_staff_login(client, root)
    assert client.get(INDEX, follow=True).status_code == 403


def test_user_page_shows_neither_password_hash_nor_totp_secret(client, administrator, tree, make_staff):
    akim = make_staff(Role.AKIM, tree["rd_a"], username="akim")
    secret = enrol_totp(akim)
    force_staff_login(client, administrator)
    akim.refresh_from_db()
    page = client.get(change_url(akim)).content.decode()
    assert "akim" in page
    assert akim.password not in page and "argon2" not in page.lower()
    assert akim.totp_secret_encrypted not in page and secret not in page
    assert reverse("admin:auth_user_password_change", args=[akim.pk]) in page


def test_grant_added_inline_goes_through_the_service(client, administrator, tree):
    user = User.objects.create_user(username="newclerk", password=PASSWORD)
    force_staff_login(client, administrator)
    response = client.post(change_url(user), user_form(user, new=(Role.REGISTRAR, tree["rd_a"])))
    assert response.status_code == 302, response.content.decode()[:3000]
    grant = RoleGrant.objects.get(user=user)
    assert (
        grant.role == Role.REGISTRAR and grant.territory == tree["rd_a"] and grant.granted_by == administrator
    )
    assert AuditEvent.objects.filter(action="role.granted", object_id=str(grant.pk)).exists()


def test_grant_revoked_inline_goes_through_the_service(client, administrator, tree, make_staff):
    akim = make_staff(Role.AKIM, tree["rd_a"], username="akim")
    grant = akim.grants.get()
    force_staff_login(client, administrator)
    response = client.post(change_url(akim), user_form(akim, grants=[grant], revoke=[grant]))
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.revoked_at is not None
    assert AuditEvent.objects.filter(action="role.revoked", object_id=str(grant.pk)).exists()


def test_territorial_administrator_cannot_grant_outside_their_territory(client, tree, make_staff):
    local_admin = make_staff(Role.ADMINISTRATOR, tree["rd_a"], username="local-admin")
    clerk = User.objects.create_user(username="clerk", password=PASSWORD)
    force_staff_login(client, local_admin)
    response = client.post(change_url(clerk), user_form(clerk, new=(Role.REGISTRAR, tree["rd_b"])))
    assert response.status_code == 200
    assert "You do not have permission to do this here." in response.content.decode()
    assert not RoleGrant.objects.filter(user=clerk).exists()
    # A national role needs a national administrator.
    response = client.post(change_url(clerk), user_form(clerk, new=(Role.AUDITOR, None)))
    assert "Only a national administrator" in response.content.decode()
    assert not RoleGrant.objects.filter(user=clerk).exists()


def test_territorial_administrator_cannot_edit_a_national_account(client, tree, make_staff, administrator):
    local_admin = make_staff(Role.ADMINISTRATOR, tree["rd_a"], username="local-admin")
    force_staff_login(client, local_admin)
    page = client.get(change_url(administrator)).content.decode()
    assert 'name="username"' not in page  # view only
    response = client.post(change_url(administrator), user_form(administrator))
    assert response.status_code == 403


def test_role_grant_admin_add_and_revoke_action(client, administrator, tree):
    user = User.objects.create_user(username="auditor1", password=PASSWORD)
    force_staff_login(client, administrator)
    response = client.post(
        reverse("admin:accounts_rolegrant_add"), {"user": user.pk, "role": Role.AUDITOR, "territory": ""}
    )
    assert response.status_code == 302
    grant = RoleGrant.objects.get(user=user)
    assert AuditEvent.objects.filter(action="role.granted", object_id=str(grant.pk)).exists()
    response = client.post(
        reverse("admin:accounts_rolegrant_changelist"),
        {"action": "revoke_selected", "_selected_action": [grant.pk]},
    )
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.revoked_at is not None
    assert AuditEvent.objects.filter(action="role.revoked", object_id=str(grant.pk)).exists()
    # A grant is never edited in place.
    page = client.get(reverse("admin:accounts_rolegrant_change", args=[grant.pk])).content.decode()
    assert 'name="role"' not in page


def test_reset_second_factor_action(client, administrator, tree, make_staff):
    akim = make_staff(Role.AKIM, tree["rd_a"], username="akim")
    enrol_totp(akim)
    force_staff_login(client, administrator)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [akim.pk]},
    )
    assert response.status_code == 302
    akim.refresh_from_db()
    assert not akim.totp_secret_encrypted and akim.totp_confirmed_at is None
    assert AuditEvent.objects.filter(action="account.totp_reset", object_id=str(akim.pk)).exists()


def test_resident_admin_never_shows_the_iin(client, administrator, tree):
    iin = make_iin(dt.date(1990, 5, 17), "f", 1234) or make_iin(dt.date(1990, 5, 17), "f", 1235)
    resident = territory_services.register_resident(
        actor=administrator,
        settlement=tree["village_a1"],
        iin=iin,
        last_name="Серікова",
        first_name="Айгүл",
    )
    force_staff_login(client, administrator)
    for url in (
        reverse("admin:territory_resident_changelist"),
        reverse("admin:territory_resident_change", args=[resident.pk]),
    ):
        page = client.get(url).content.decode()
        assert "Серікова" in page
        assert iin not in page and resident.iin_masked not in page and resident.iin_hash not in page


def test_audit_log_is_read_only(client, administrator):
    from auyl.core import audit

    force_staff_login(client, administrator)
    event = audit.record(actor=administrator, action="test.something", obj=administrator)
    assert client.get(reverse("admin:core_auditevent_changelist")).status_code == 200
    assert client.get(reverse("admin:core_auditevent_add")).status_code == 403
    page = client.get(reverse("admin:core_auditevent_change", args=[event.pk])).content.decode()
    assert 'name="action"' not in page
    assert (
        client.post(reverse("admin:core_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code
        == 403
    )


def test_calendar_day_is_editable_and_audited(client, administrator):
    force_staff_login(client, administrator)
    response = client.post(
        reverse("admin:core_calendarday_add"),
        {
            "date": "2026-12-16",
            "kind": "holiday",
            "name_kk": "Тәуелсіздік күні",
            "name_ru": "",
            "name_en": "Independence Day",
        },
    )
    assert response.status_code == 302
    day = CalendarDay.objects.get(date="2026-12-16")
    assert AuditEvent.objects.filter(action="calendar.day_saved", object_id=str(day.pk)).exists()


def test_administrator_adds_a_user_and_it_is_audited(client, administrator):
    force_staff_login(client, administrator)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "new.clerk",
            "full_name": "Жаңа Қызметкер",
            "email": "",
            "usable_password": "true",
            "password1": "a-long-enough-passphrase-42",
            "password2": "a-long-enough-passphrase-42",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="new.clerk")
    assert user.check_password("a-long-enough-passphrase-42") and not user.is_superuser
    assert AuditEvent.objects.filter(action="account.created", object_id=str(user.pk)).exists()


def test_office_is_edited_through_the_audited_service(client, administrator, tree):
    force_staff_login(client, administrator)
    data = {
        "territory": tree["rd_a"].pk,
        "akim_name": "Қ. Ахметов",
        "address_kk": "",
        "address_ru": "",
        "phone": "8 7162 25 12 34",
        "email": "",
        "reception_kk": "",
        "reception_ru": "",
        "reception_en": "",
    }
    response = client.post(reverse("admin:territory_office_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    office = tree["rd_a"].office
    assert office.phone == "+77162251234"
    assert AuditEvent.objects.filter(action="office.updated", object_id=str(office.pk)).exists()
    # A settlement has no office of its own; a malformed phone is a form error, not a 500.
    response = client.post(reverse("admin:territory_office_add"), data | {"territory": tree["village_b1"].pk})
    assert response.status_code == 200
    response = client.post(
        reverse("admin:territory_office_add"), data | {"territory": tree["rd_b"].pk, "phone": "12"}
    )
    assert response.status_code == 200 and not hasattr(tree["rd_b"], "office")
