"""Pages: the public district and election pages, the report with its checks, exports, staff recording."""

import io

import pytest
from openpyxl import load_workbook

from auyl.accounts.testing import force_staff_login
from auyl.elections import selectors, services
from auyl.elections.data_2021 import enter_2021
from auyl.elections.models import Candidate, StationResult

from .conftest import DECIDED, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def final_election(election, recorder, two_registered):
    first, second = two_registered
    refused = services.nominate_candidate(actor=recorder, election=election, **person("Отказано Берік"))
    services.decide_registration(
        actor=recorder,
        candidate=refused,
        registered=False,
        decision_date=DECIDED,
        reason="Документы неполные",
    )
    services.record_station_result(
        actor=recorder,
        election=election,
        number=7,
        name="Мектеп",
        voters=900,
        ballots_issued=600,
        against_all=20,
        votes={first.pk: 400, second.pk: 150},
    )
    return services.finalize_results(actor=recorder, election=election)


@pytest.mark.parametrize("lang, elected", [("kk", ""), ("ru", ""), ("en", "Elected")])
def test_public_pages_show_registered_candidates_and_the_winner(client, tree, final_election, lang, elected):
    code = tree["rd_a"].code
    page = client.get(f"/{lang}/elections/d/{code}/")
    assert page.status_code == 200 and "Ахметов Берік" in page.content.decode()
    page = client.get(f"/{lang}/elections/d/{code}/{final_election.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert (
        "Ахметов Берік" in html and "Иванова Ольга" in html and ("66.67" in html or "66,67" in html)
    )  # turnout 600 of 900
    assert "Отказано Берік" not in html  # only registered candidates are public
    assert elected in html


def test_public_for_lists_the_district_elections(tree, final_election):
    (item,) = selectors.public_for(tree["rd_a"])
    assert item["date"] == final_election.election_date
    assert item["status"] == "Elected: Ахметов Берік"
    assert item["url"].endswith(f"/elections/d/{tree['rd_a'].code}/{final_election.pk}/")
    assert selectors.public_for(tree["rd_b"]) == []


def test_an_election_of_another_district_is_not_found_there(client, tree, final_election):
    assert client.get(f"/en/elections/d/{tree['rd_b'].code}/{final_election.pk}/").status_code == 404
    assert client.get(f"/en/elections/d/{tree['village_a1'].code}/").status_code == 404


def test_results_export_needs_final_results(client, tree, election, final_election):
    response = client.get(f"/en/elections/d/{tree['rd_a'].code}/{final_election.pk}/results.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    values = [c.value for row in book.worksheets[0].iter_rows() for c in row]
    assert "Ахметов Берік" in values and 400 in values
    assert (
        client.get(f"/en/elections/d/{tree['rd_a'].code}/{final_election.pk}/results.exe").status_code == 404
    )


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_report_page_shows_the_2021_inconsistencies(client, admin, lang):
    enter_2021(admin)
    html = client.get(f"/{lang}/elections/reports/").content.decode()
    assert "Жамбылская" in html and "38 ≠ 37" in html and "63" in html
    assert html.count('class="badge danger"') >= 5  # three rows, two column totals


def test_report_exports(client, admin):
    enter_2021(admin)
    csv = client.get("/en/elections/reports/2021.csv")
    text = csv.content.decode("utf-8-sig")
    assert csv.status_code == 200 and "Жамбылская;38;31;1;1;1;0;0;3" in text
    assert "The regions add up to 562, the total row says 563." in text
    book = load_workbook(io.BytesIO(client.get("/en/elections/reports/2021.xlsx").content))
    assert len(book.worksheets) == 3
    assert client.get("/en/elections/reports/2019.csv").status_code == 404


def test_staff_station_form_refuses_turnout_above_the_list(client, election, recorder, two_registered):
    first, second = two_registered
    force_staff_login(client, recorder)
    url = f"/en/elections/manage/{election.pk}/"
    response = client.post(
        url,
        {
            "action": "station",
            "s-number": "3",
            "s-voters": "100",
            "s-ballots_issued": "150",
            "s-against_all": "0",
            "s-invalid": "0",
            f"s-votes_{first.pk}": "70",
            f"s-votes_{second.pk}": "70",
        },
    )
    assert response.status_code == 200
    assert "150 voters took part but only 100 are on the station&#x27;s list" in response.content.decode()
    assert not StationResult.objects.exists()


def test_staff_nominate_and_decide_through_the_page(client, election, recorder):
    force_staff_login(client, recorder)
    url = f"/en/elections/manage/{election.pk}/"
    response = client.post(
        url,
        {
            "action": "nominate",
            "c-full_name": "Жаңа Үміткер",
            "c-birth_date": "1980-01-01",
            "c-sex": "m",
            "c-nomination": "self",
            "c-signatures": "3",
            "c-lives_in_district": "on",
        },
    )
    assert response.status_code == 302
    candidate = Candidate.objects.get()
    response = client.post(
        url,
        {
            "action": f"decide-{candidate.pk}",
            f"d{candidate.pk}-registered": "yes",
            f"d{candidate.pk}-decision_date": "2021-07-01",
        },
    )
    assert "needs at least 10 signatures" in response.content.decode()
    candidate.refresh_from_db()
    assert candidate.status == "nominated"


def test_staff_pages_are_scoped(client, election, outsider, make_staff, tree):
    from auyl.core.roles import Role

    force_staff_login(client, outsider)
    assert client.get(f"/en/elections/manage/{election.pk}/").status_code == 404
    assert "Қызылжар" not in client.get("/en/elections/").content.decode()
    akim = make_staff(Role.AKIM, tree["rd_a"], username="akim-view")
    force_staff_login(client, akim)
    page = client.get(f"/en/elections/manage/{election.pk}/")
    assert page.status_code == 200 and "Record a nomination" not in page.content.decode()
    response = client.post(f"/en/elections/manage/{election.pk}/", {"action": "finalize"})
    assert response.status_code == 403
