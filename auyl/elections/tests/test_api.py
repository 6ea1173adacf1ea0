"""The open-data API of akim elections: what the public pages show and nothing more, never a 500."""

import datetime as dt

import pytest

from auyl.elections import services
from auyl.elections.data_2021 import enter_2021
from auyl.elections.models import Election, ElectionStatus

from .conftest import DECIDED, person

pytestmark = pytest.mark.django_db

API = "/api/elections"


@pytest.fixture
def final_election(election, recorder, two_registered):
    """Rural district A, 25.07.2021: two registered, one refused, one withdrawn; station 7 counted."""
    first, second = two_registered
    refused = services.nominate_candidate(actor=recorder, election=election, **person("Отказано Берік"))
    services.decide_registration(
        actor=recorder,
        candidate=refused,
        registered=False,
        decision_date=DECIDED,
        reason="Құжаттар толық емес",
    )
    gone = services.nominate_candidate(actor=recorder, election=election, **person("Кеткен Асхат"))
    services.withdraw_candidate(actor=recorder, candidate=gone, reason="Жеке себеп")
    services.record_station_result(
        actor=recorder,
        election=election,
        number=7,
        name="Мектеп",
        voters=900,
        ballots_issued=600,
        against_all=20,
        invalid=5,
        votes={first.pk: 400, second.pk: 150},
    )
    return services.finalize_results(actor=recorder, election=election)


@pytest.fixture
def counting(other_unit, outsider):
    """Another district's election of 2022: one registered, one only nominated, a station recorded but
    the count not final."""
    election = services.schedule_election(
        actor=outsider,
        territory=other_unit,
        election_date=dt.date(2022, 5, 15),
        nomination_end=dt.date(2022, 4, 15),
        voters=500,
    )
    shown = services.nominate_candidate(actor=outsider, election=election, **person("Тіркелген Нұрлан"))
    services.decide_registration(
        actor=outsider, candidate=shown, registered=True, decision_date=dt.date(2022, 5, 1)
    )
    services.nominate_candidate(actor=outsider, election=election, **person("Ұсынылған Серік"))
    services.record_station_result(
        actor=outsider,
        election=election,
        number=3,
        voters=400,
        ballots_issued=333,
        against_all=11,
        votes={shown.pk: 222},
    )
    return election


def test_list_shows_elections_with_their_winner(client, tree, final_election, counting):
    page = client.get(f"{API}/").json()
    assert page["count"] == 2 and [e["id"] for e in page["items"]] == [counting.pk, final_election.pk]
    row = page["items"][1]
    assert row["territory"] == {"code": "111033000", "name": "Қызылжар ауылдық округі"}
    assert row["status"] == "final" and row["outcome"] == "elected" and row["winner"] == "Ахметов Берік"
    assert row["url"].endswith(f"/elections/d/111033000/{final_election.pk}/")
    scheduled = page["items"][0]
    assert scheduled["status"] == "scheduled" and scheduled["winner"] is None and scheduled["outcome"] is None


def test_detail_gives_candidates_results_turnout_and_stations(client, final_election, two_registered):
    first, second = two_registered
    data = client.get(f"{API}/{final_election.pk}").json()
    assert data["voters"] == 1000 and data["winner"] == "Ахметов Берік"
    assert {c["full_name"]: (c["nomination"], c["party"], c["status"]) for c in data["candidates"]} == {
        "Ахметов Берік": ("party", "amanat", "registered"),
        "Иванова Ольга": ("self", None, "registered"),
    }
    results = data["results"]
    assert results["turnout_percent"] == 66.67  # 600 of 900 on the station's list
    assert (results["ballots_issued"], results["against_all"], results["invalid"]) == (600, 20, 5)
    assert results["against_all_percent"] == 3.51  # 20 of 570 valid ballots
    assert [(c["full_name"], c["votes"], c["percent"], c["is_winner"]) for c in results["candidates"]] == [
        ("Ахметов Берік", 400, 70.18, True),
        ("Иванова Ольга", 150, 26.32, False),
    ]
    (station,) = results["stations"]
    assert station["number"] == 7 and station["name"] == "Мектеп" and station["voters"] == 900
    assert station["votes"] == [
        {"candidate_id": first.pk, "votes": 400},
        {"candidate_id": second.pk, "votes": 150},
    ]
    assert results["downloads"]["csv"].endswith(f"/elections/d/111033000/{final_election.pk}/results.csv")


def test_nothing_beyond_the_public_page(client, final_election, counting):
    body = client.get(f"{API}/{final_election.pk}").content.decode()
    for hidden in (
        "Отказано Берік",
        "Құжаттар толық емес",
        "Кеткен Асхат",
        "1976-03-01",
        "signatures",
        "ethnicity",
        "birth_date",
        "is_incumbent",
        "district-recorder",
    ):
        assert hidden not in body
    # Not final yet: the registered candidate is public, the nominee and the recorded station are not.
    data = client.get(f"{API}/{counting.pk}").json()
    assert [c["full_name"] for c in data["candidates"]] == ["Тіркелген Нұрлан"]
    assert data["results"] is None
    text = client.get(f"{API}/{counting.pk}").content.decode()
    assert "Ұсынылған Серік" not in text and "333" not in text and "222" not in text


def test_a_cancelled_election_is_not_published(client, final_election, counting):
    Election.objects.filter(pk=counting.pk).update(status=ElectionStatus.CANCELLED)
    assert client.get(f"{API}/{counting.pk}").status_code == 404
    page = client.get(f"{API}/").json()
    assert [e["id"] for e in page["items"]] == [final_election.pk]
    assert "Тіркелген Нұрлан" not in client.get(f"{API}/", {"district": "113200000"}).content.decode()


def test_filters_by_year_region_district_and_rural_district(client, tree, final_election, counting):
    def ids(**params):
        response = client.get(f"{API}/", params)
        assert response.status_code == 200, response.content
        return [e["id"] for e in response.json()["items"]]

    assert ids(year=2021) == [final_election.pk] and ids(year=2022) == [counting.pk] and ids(year=2019) == []
    assert ids(region="110000000") == [counting.pk, final_election.pk]
    assert ids(district="111000000") == [final_election.pk]
    assert ids(district="113200000", year=2022) == [counting.pk]
    assert ids(territory="111035000") == []
    assert ids(region="110000000", district="111000000", territory="111033000") == [final_election.pk]
    paged = client.get(f"{API}/", {"limit": 1, "offset": 1}).json()
    assert paged["count"] == 2 and [e["id"] for e in paged["items"]] == [final_election.pk]


def test_territory_names_follow_the_request_language(client, tree, final_election):
    tree["rd_a"].name_ru = "Кызылжарский сельский округ"
    tree["rd_a"].save(update_fields=["name_ru"])
    ru = client.get(f"{API}/{final_election.pk}", HTTP_ACCEPT_LANGUAGE="ru").json()
    assert ru["territory"] == {"code": "111033000", "name": "Кызылжарский сельский округ"}
    kk = client.get(f"{API}/{final_election.pk}", HTTP_ACCEPT_LANGUAGE="kk").json()
    assert kk["territory"]["name"] == "Қызылжар ауылдық округі"


@pytest.mark.parametrize(
    ("url", "params", "status"),
    [
        (f"{API}/", {"year": "abc"}, 422),
        (f"{API}/", {"year": "1200"}, 422),
        (f"{API}/", {"offset": "-1"}, 422),
        (f"{API}/", {"limit": "0"}, 422),
        (f"{API}/", {"limit": "many"}, 422),
        (f"{API}/", {"region": "1100"}, 422),
        (f"{API}/", {"district": "11100000x"}, 422),
        (f"{API}/", {"region": "999999999"}, 404),
        (f"{API}/", {"district": "111033000"}, 400),  # a rural district is not a district
        (f"{API}/", {"territory": "111000000"}, 400),
        (f"{API}/abc", {}, 422),
        (f"{API}/999999", {}, 404),
        (f"{API}/reports/1999", {}, 404),
        (f"{API}/reports/twenty", {}, 422),
    ],
)
def test_bad_input_is_a_4xx_json_answer(client, tree, final_election, url, params, status):
    response = client.get(url, params)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json") and response.json()["error"]


def test_report_by_region_and_party(client, admin, final_election):
    enter_2021(admin)
    assert client.get(f"{API}/reports").json() == {"years": [2021]}
    report = client.get(f"{API}/reports/2021").json()
    assert report["totals"]["akims"] == 731  # 730 as published + the election recorded in auyl
    assert [c["key"] for c in report["columns"]][:2] == ["amanat", "auyl"]
    recorded = [r for r in report["rows"] if r["source"] == "recorded"]
    assert [(r["code"], r["akims"], r["winners"]["amanat"]) for r in recorded] == [("110000000", 1, 1)]
    assert report["printed_totals"]["akims"] == 730 and report["printed_shares"]["amanat"] == "77"
    assert {i["where"] for i in report["issues"]} >= {"Жамбылская", "Костанайская", "СКО"}
    assert report["downloads"]["xlsx"].endswith("/elections/reports/2021.xlsx")


def test_openapi_lists_the_election_paths(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in (
        "/api/elections/",
        "/api/elections/{election_id}",
        "/api/elections/reports",
        "/api/elections/reports/{year}",
    ):
        assert path in paths and list(paths[path]) == ["get"]
