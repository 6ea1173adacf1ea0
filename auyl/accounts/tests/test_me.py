"""The "my account" page: name, roles with territory names, language preference."""

from django.urls import reverse

from auyl.accounts.models import User
from auyl.accounts.testing import en_reverse, enrol_totp, force_staff_login
from auyl.core.roles import Role

ME = en_reverse("accounts:me")


def test_anonymous_visitor_is_asked_to_sign_in(client, db):
    response = client.get(ME)
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_staff_member_sees_roles_with_territory_names(client, tree, make_staff):
    akim = make_staff(Role.AKIM, tree["rd_a"], username="akim")
    enrol_totp(akim)
    force_staff_login(client, akim)
    page = client.get(ME).content.decode()
    assert "Akim" in page and tree["rd_a"].name_kk in page
    assert "akim" in page


def test_resident_sees_no_roles_and_changes_language(client, db):
    resident = User.objects.create_user(
        username="resident-1", phone="+77011234567", full_name="Айгүл Серікова"
    )
    client.force_login(resident)
    page = client.get(ME).content.decode()
    assert "Айгүл Серікова" in page and "+77011234567" in page
    assert 'for="id_language"' in page
    response = client.post(ME, {"language": "ru"})
    assert response.status_code == 302 and response.url == "/ru/accounts/me/"
    resident.refresh_from_db()
    assert resident.preferred_language == "ru"
    response = client.post(ME, {"language": "xx"})
    assert response.status_code == 200 and 'class="error"' in response.content.decode()
