"""An akim of one rural district can neither read nor change anything of another,
through the services, the pages or the API."""

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from auyl.accounts.middleware import SESSION_2FA_KEY
from auyl.core.roles import Role
from auyl.territory import selectors, services
from auyl.territory.models import Resident


@pytest.fixture
def setup(tree, make_staff):
    akim_a = make_staff(Role.AKIM, tree["rd_a"], username="akim-a")
    akim_b = make_staff(Role.AKIM, tree["rd_b"], username="akim-b")
    supervisor = make_staff(Role.DISTRICT_SUPERVISOR, tree["district"], username="supervisor")
    resident_a = services.register_resident(actor=akim_a, settlement=tree["village_a1"], last_name="Омаров",
                                            first_name="Ерлан", phone="+77010000001")
    resident_b = services.register_resident(actor=akim_b, settlement=tree["village_b1"], last_name="Омарова",
                                            first_name="Гүлнар", phone="+77010000002")
    return {"akim_a": akim_a, "akim_b": akim_b, "supervisor": supervisor, "a": resident_a, "b": resident_b}


def signed_in(client, user):
    client.force_login(user)
    session = client.session
    session[SESSION_2FA_KEY] = True
    session.save()
    return client


def test_selectors_return_only_own_territory(setup):
    assert list(selectors.search_residents(setup["akim_a"], "омаров")) == [setup["a"]]
    assert list(selectors.search_residents(setup["akim_b"], "омаров")) == [setup["b"]]
    assert set(selectors.search_residents(setup["supervisor"], "омаров")) == {setup["a"], setup["b"]}


def test_services_refuse_other_territory(setup, tree):
    with pytest.raises(PermissionDenied):
        services.update_resident(actor=setup["akim_a"], resident=setup["b"], address="x")
    with pytest.raises(PermissionDenied):
        services.register_resident(actor=setup["akim_a"], settlement=tree["village_b1"], last_name="X",
                                   first_name="Y")
    with pytest.raises(PermissionDenied):
        services.reveal_iin(actor=setup["akim_a"], resident=setup["b"])
    # moving one's own resident into another district is refused too
    with pytest.raises(PermissionDenied):
        services.update_resident(actor=setup["akim_a"], resident=setup["a"], settlement=tree["village_b1"])
    assert Resident.objects.get(pk=setup["a"].pk).settlement == tree["village_a1"]


def test_pages_hide_other_territory(client, setup):
    signed_in(client, setup["akim_a"])
    listing = client.get(reverse("territory:resident_list"), {"q": "омаров"})
    assert listing.status_code == 200
    assert "Ерлан" in listing.content.decode() and "Гүлнар" not in listing.content.decode()
    other = setup["b"].pk
    assert client.get(reverse("territory:resident_detail", args=[other])).status_code == 404
    assert client.get(reverse("territory:resident_edit", args=[other])).status_code == 404
    response = client.post(reverse("territory:resident_edit", args=[other]),
                           {"last_name": "Hacked", "first_name": "X", "settlement": setup["b"].settlement_id})
    assert response.status_code == 404
    assert client.post(reverse("territory:resident_reveal_iin", args=[other])).status_code == 404
    assert Resident.objects.get(pk=other).last_name == "Омарова"


def test_api_hides_other_territory(client, setup):
    signed_in(client, setup["akim_a"])
    listing = client.get("/api/residents/", {"q": "омаров"}).json()
    assert [r["first_name"] for r in listing] == ["Ерлан"]
    other = setup["b"].pk
    assert client.get(f"/api/residents/{other}").status_code == 404
    response = client.patch(f"/api/residents/{other}", data=json.dumps({"last_name": "Hacked"}),
                            content_type="application/json")
    assert response.status_code == 404 and response.json()["error"] == "not_found"
    response = client.post("/api/residents/", data=json.dumps(
        {"last_name": "X", "first_name": "Y", "settlement_code": setup["b"].settlement.code}),
        content_type="application/json")
    assert response.status_code == 403 and response.json()["error"] == "forbidden"
    assert Resident.objects.get(pk=other).last_name == "Омарова"


def test_api_requires_sign_in_and_a_role(client, setup, make_staff):
    assert client.get("/api/residents/").status_code == 401
    nobody = make_staff(Role.RESIDENT, setup["a"].settlement, username="plain-resident")
    client.force_login(nobody)
    assert client.get("/api/residents/").status_code == 403
