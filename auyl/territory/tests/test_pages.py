import pytest
from django.urls import reverse

from auyl.accounts.middleware import SESSION_2FA_KEY
from auyl.core.roles import Role
from auyl.territory.models import Resident


@pytest.fixture
def registrar_client(client, tree, make_staff):
    user = make_staff(Role.REGISTRAR, tree["rd_a"])
    client.force_login(user)
    session = client.session
    session[SESSION_2FA_KEY] = True
    session.save()
    return client


def form(tree, **extra):
    return {"last_name": "Нұрланова", "first_name": "Айгүл", "settlement": tree["village_a2"].pk,
            "phone": "+7 702 000 11 22", "iin": "011231600078", "consent": "on"} | extra


def test_register_through_the_page(registrar_client, tree):
    response = registrar_client.post(reverse("territory:resident_create"), form(tree))
    resident = Resident.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"/residents/{resident.pk}/")
    detail = registrar_client.get(response.url).content.decode()
    assert "********0078" in detail and "011231600078" not in detail


def test_likely_duplicate_needs_confirmation(registrar_client, tree):
    registrar_client.post(reverse("territory:resident_create"), form(tree))
    again = registrar_client.post(reverse("territory:resident_create"), form(tree, iin="", phone="87020001122"))
    assert again.status_code == 200 and Resident.objects.count() == 1
    assert "Нұрланова" in again.content.decode()
    confirmed = registrar_client.post(reverse("territory:resident_create"),
                                      form(tree, iin="", phone="", confirm_new="on"))
    assert confirmed.status_code == 302 and Resident.objects.count() == 2


def test_bad_iin_on_the_page_shows_a_translated_message(registrar_client, tree):
    from django.utils import translation

    with translation.override("ru"):
        url = reverse("territory:resident_create")
        expected = str(translation.gettext("The IIN check digit is wrong: please check the number."))
    assert url.startswith("/ru/") and "ИИН" in expected
    response = registrar_client.post(url, form(tree, iin="011231600079"))
    assert response.status_code == 200 and Resident.objects.count() == 0
    assert expected in response.content.decode()


def test_settlements_outside_scope_are_not_offered(registrar_client, tree):
    response = registrar_client.post(reverse("territory:resident_create"), form(tree, settlement=tree["village_b1"].pk))
    assert response.status_code == 200 and Resident.objects.count() == 0


def test_anonymous_is_sent_to_sign_in(client, tree):
    response = client.get(reverse("territory:resident_list"))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_akim_edits_own_office_but_not_another(client, tree, make_staff):
    from auyl.territory.models import Office

    akim = make_staff(Role.AKIM, tree["rd_a"])
    client.force_login(akim)
    session = client.session
    session[SESSION_2FA_KEY] = True
    session.save()
    data = {"akim_name": "Қасымов Ербол", "phone": "8 7162 25 12 34", "reception_kk": "Сейсенбі, бейсенбі 10:00–12:00"}
    response = client.post(reverse("territory:office_edit", args=[tree["rd_a"].code]), data)
    assert response.status_code == 302
    office = Office.objects.get(territory=tree["rd_a"])
    assert office.phone == "+77162251234" and office.akim_name == "Қасымов Ербол"
    bad = client.post(reverse("territory:office_edit", args=[tree["rd_a"].code]), data | {"phone": "123"})
    assert bad.status_code == 200 and Office.objects.get(territory=tree["rd_a"]).phone == "+77162251234"
    other = client.post(reverse("territory:office_edit", args=[tree["rd_b"].code]), data)
    assert other.status_code == 403 and not Office.objects.filter(territory=tree["rd_b"]).exists()


def test_public_page_offers_the_office_edit_only_to_its_akim(client, tree, make_staff):
    from django.utils import translation

    url = f"/kk/d/{tree['rd_a'].code}/"
    with translation.override("kk"):
        edit = reverse("territory:office_edit", args=[tree["rd_a"].code])
        other_edit = reverse("territory:office_edit", args=[tree["rd_b"].code])
    assert edit not in client.get(url).content.decode()
    akim = make_staff(Role.AKIM, tree["rd_a"])
    client.force_login(akim)
    session = client.session
    session[SESSION_2FA_KEY] = True
    session.save()
    assert edit in client.get(url).content.decode()
    assert other_edit not in client.get(f"/kk/d/{tree['rd_b'].code}/").content.decode()
