"""The open-data API of referendums and recall initiatives: the public figures and follow-up, never who
signed or voted, never a cancelled question, never a 500."""

import datetime as dt

import pytest

from auyl.assemblies import services as assemblies
from auyl.assemblies.models import Decision
from auyl.referendums import services

from .conftest import scheduled

API = "/api/referendums"
PERSONAL = ("Сейтқали", "Әлия", "Алиев", "Марат", "Омарова", "+7701111", "registrar-a", "akim-a")


def _adopted(staff, people, clock, referendum):
    """Signed by Aliya, voted yes by Aliya and Marat (2 of 3 adults), declared."""
    services.sign(actor=people["aliya"], referendum=referendum)
    referendum = scheduled(staff, clock, referendum)
    for name in ("aliya", "marat"):
        services.cast_ballot(actor=people[name], referendum=referendum, choice="yes")
    clock.set(referendum.voting_until + dt.timedelta(days=1))
    return services.declare_result(actor=staff["akim"], referendum=referendum)


@pytest.fixture
def cancelled(tree, staff):
    question = services.create_question(
        actor=staff["akim"],
        territory=tree["rd_a"],
        kind="referendum",
        initiator="residents",
        question="Жойылған сұрақ: көпір салынсын ба?",
    )
    return services.cancel(actor=staff["akim"], referendum=question, reason="Қате тіркелді")


@pytest.fixture
def elsewhere(tree, staff):
    return services.create_question(
        actor=staff["akim_b"],
        territory=tree["rd_b"],
        kind="referendum",
        initiator="residents",
        question="Шағалалыда мектеп салынсын ба?",
    )


def test_list_of_a_territory_hides_cancelled_and_other_territories(client, initiative, cancelled, elsewhere):
    page = client.get(f"{API}/", {"territory": "111033000"}).json()
    assert page["count"] == 1
    (row,) = page["items"]
    assert row["id"] == initiative.pk and row["question"] == initiative.question
    assert (row["kind"], row["status"]) == ("referendum", "collecting")
    assert row["territory"] == {"code": "111033000", "name": "Қызылжар ауылдық округі"}
    assert row["url"].endswith(f"/referendums/{initiative.pk}/")
    assert "Жойылған" not in client.get(f"{API}/", {"territory": "111033000"}).content.decode()
    district = client.get(f"{API}/", {"territory": "111000000"}).json()  # the units below are included
    assert {r["id"] for r in district["items"]} == {initiative.pk, elsewhere.pk}
    paged = client.get(f"{API}/", {"territory": "111000000", "limit": 1, "offset": 1}).json()
    assert paged["count"] == 2 and len(paged["items"]) == 1
    assert client.get(f"{API}/{cancelled.pk}").status_code == 404


def test_signatures_are_a_count_against_the_threshold_without_names(client, people, initiative):
    services.sign(actor=people["aliya"], referendum=initiative)
    response = client.get(f"{API}/{initiative.pk}")
    data = response.json()
    assert (
        data["signatures"]["count"] == 1 and data["signatures"]["required"] == initiative.signatures_required
    )
    assert data["signatures"]["until"] == initiative.signatures_until.isoformat()
    assert (data["initiator"], data["initiating_meeting"], data["result"], data["followup"]) == (
        "residents",
        None,
        None,
        None,
    )
    assert data["rules"]["turnout_percent"] == initiative.turnout_percent and data["rules"]["binding"] is True
    assert not any(word in response.content.decode() for word in PERSONAL)


def test_voting_days_and_turnout_count_without_the_roll(client, staff, people, voting):
    services.cast_ballot(actor=people["marat"], referendum=voting, choice="no")
    response = client.get(f"{API}/{voting.pk}")
    data = response.json()
    assert (data["status"], data["voting_from"], data["voted"]) == (
        "scheduled",
        voting.voting_from.isoformat(),
        1,
    )
    assert data["result"] is None  # "no" is not published before the result is declared
    assert not any(word in response.content.decode() for word in PERSONAL)


def test_result_and_the_akims_response_to_it(client, staff, people, clock, initiative):
    referendum = _adopted(staff, people, clock, initiative)
    data = client.get(f"{API}/{referendum.pk}", HTTP_ACCEPT_LANGUAGE="en").json()
    assert data["status_label"] == "Adopted"
    assert data["result"] == {
        "votes_yes": 2,
        "votes_no": 0,
        "roll_size": 3,
        "turnout_reached": True,
        "adopted": True,
    }
    decision = Decision.objects.get()
    followup = data["followup"]
    assert (followup["status"], followup["addressee"]) == ("awaiting_response", "akim")
    assert followup["response_due"] == decision.response_due.isoformat() and followup["response"] is None
    plan_due = clock.now.date() + dt.timedelta(days=60)
    assemblies.respond_to_decision(
        actor=staff["akim"],
        decision=decision,
        response="accepted",
        text="Саябақ жазда салынады.",
        plan_due=plan_due,
    )
    followup = client.get(f"{API}/{referendum.pk}").json()["followup"]
    assert (followup["status"], followup["response"], followup["response_text"]) == (
        "in_progress",
        "accepted",
        "Саябақ жазда салынады.",
    )
    assert followup["plan_due"] == plan_due.isoformat() and followup["escalation"] is None
    assert not any(word in client.get(f"{API}/{referendum.pk}").content.decode() for word in PERSONAL)


def test_labels_and_names_follow_the_request_language(client, tree, initiative):
    tree["rd_a"].name_ru = "Кызылжарский сельский округ"
    tree["rd_a"].save(update_fields=["name_ru"])
    ru = client.get(f"{API}/{initiative.pk}", HTTP_ACCEPT_LANGUAGE="ru").json()
    assert ru["territory"]["name"] == "Кызылжарский сельский округ"
    kk = client.get(f"{API}/{initiative.pk}", HTTP_ACCEPT_LANGUAGE="kk").json()
    assert kk["territory"]["name"] == "Қызылжар ауылдық округі"
    en = client.get(f"{API}/{initiative.pk}", HTTP_ACCEPT_LANGUAGE="en").json()
    assert (en["status_label"], en["kind_label"]) == ("Collecting signatures", "Local referendum")
    assert kk["status_label"] != en["status_label"]  # labels are translated, codes are not
    assert kk["status"] == en["status"] == "collecting"


@pytest.mark.parametrize(
    ("url", "params", "status"),
    [
        (f"{API}/", {}, 422),
        (f"{API}/", {"territory": "abc"}, 422),
        (f"{API}/", {"territory": "11103300"}, 422),
        (f"{API}/", {"territory": "999999999"}, 404),
        (f"{API}/", {"territory": "111033000", "offset": "-1"}, 422),
        (f"{API}/", {"territory": "111033000", "limit": "1000"}, 422),
        (f"{API}/abc", {}, 422),
        (f"{API}/987654", {}, 404),
    ],
)
def test_bad_input_is_a_4xx_json_answer(client, initiative, url, params, status):
    response = client.get(url, params)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json") and response.json()["error"]


def test_openapi_lists_the_referendum_paths(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert list(paths["/api/referendums/"]) == ["get"] and list(
        paths["/api/referendums/{referendum_id}"]
    ) == ["get"]
