import pytest
from django.urls import reverse

from auyl.accounts.middleware import SESSION_2FA_KEY
from auyl.core.roles import Role
from auyl.territory import services


def signed_in(client, user):
    client.force_login(user)
    session = client.session
    session[SESSION_2FA_KEY] = True
    session.save()
    return client


@pytest.fixture
def events(tree, make_staff):
    akim_a = make_staff(Role.AKIM, tree["rd_a"], username="akim-a")
    akim_b = make_staff(Role.AKIM, tree["rd_b"], username="akim-b")
    services.register_resident(actor=akim_a, settlement=tree["village_a1"], last_name="Әлиев", first_name="Ғалым")
    services.register_resident(actor=akim_b, settlement=tree["village_b1"], last_name="Бекова", first_name="Іңкәр")


def test_auditor_browses_and_filters_the_log(client, tree, make_staff, events):
    auditor = make_staff(Role.AUDITOR, tree["rd_a"], username="auditor-a")
    page = signed_in(client, auditor).get(reverse("core:audit_list")).content.decode()
    assert "resident.registered" in page and "Әлиев" in page
    assert "Бекова" not in page  # another rural district's events are outside this auditor's scope
    filtered = client.get(reverse("core:audit_list"), {"action": "role."}).content.decode()
    assert "Әлиев" not in filtered


def test_audit_filter_rejects_bad_input_with_a_message(client, tree, make_staff, events):
    auditor = make_staff(Role.AUDITOR, None, username="auditor-kz")
    response = signed_in(client, auditor).get(reverse("core:audit_list"), {"territory": "12ab", "date_from": "x"})
    assert response.status_code == 200
    assert "9" in response.content.decode()  # "A KATO code has 9 digits."


def test_akim_cannot_read_the_audit_log(client, tree, make_staff):
    akim = make_staff(Role.AKIM, tree["rd_a"])
    assert signed_in(client, akim).get(reverse("core:audit_list")).status_code == 403
