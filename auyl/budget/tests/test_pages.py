"""Pages: public pages in three languages, staff pages for their staff only, 404 for what is not there,
translated form errors, no 500 whatever is posted."""

from decimal import Decimal

import pytest

from auyl.budget import services
from auyl.budget.execution import ActualEntry
from auyl.budget.models import Actual, Status

from .conftest import YEAR

CODE = "111033000"


@pytest.fixture
def executing(make_budget, staff):
    budget = make_budget("executing")
    services.record_actuals(
        actor=staff["akim"],
        budget=budget,
        entries=[
            ActualEntry("revenue", "transfers", 1, Decimal("1250000")),
            ActualEntry("expenditure", "preschool", 1, Decimal("700000")),
        ],
    )
    return budget


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_public_budget_page_shows_where_money_comes_from_and_goes(client, executing, programmes, lang):
    response = client.get(f"/{lang}/budget/d/{CODE}/{YEAR}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        programmes["preschool"].name_kk in html
        if lang == "kk"
        else programmes["preschool"].name_ru in html
        if lang == "ru"
        else "Preschool education and training" in html
    )
    assert f'lang="{lang}"' in html
    assert "/lines.csv" in html and "/budget.json" in html and "/incentive/" in html
    assert 'style="width: 74.6%"' in html  # transfers: 15 of the 20.1 million of revenue


def test_the_district_page_goes_to_this_years_budget(client, executing):
    response = client.get(f"/en/budget/d/{CODE}/")
    assert response.status_code == 302 and response["Location"] == f"/en/budget/d/{CODE}/{YEAR}/"


def test_a_draft_is_never_public(client, make_budget):
    make_budget("planned")
    assert client.get(f"/en/budget/d/{CODE}/{YEAR}/").status_code == 404
    assert client.get(f"/en/budget/d/{CODE}/{YEAR}/lines.csv").status_code == 404
    assert client.get(f"/en/budget/d/{CODE}/{YEAR}/v1/").status_code == 404
    response = client.get(f"/en/budget/d/{CODE}/")
    assert response.status_code == 200 and b"has not published a budget" in response.content


@pytest.mark.parametrize(
    "path",
    [
        "/en/budget/d/000000000/",
        "/en/budget/d/abc/",
        "/en/budget/d/111033100/",  # unknown, malformed, a village
        f"/en/budget/d/{CODE}/1999/",
        f"/en/budget/d/{CODE}/{YEAR}/v9/",
        f"/en/budget/d/{CODE}/99999999999999999999/",
        f"/en/budget/d/{CODE}/{YEAR}/ask/income/fees/",
        f"/en/budget/d/{CODE}/{YEAR}/ask/revenue/nothing/",
    ],
)
def test_what_is_not_there_is_404(client, executing, path):
    assert client.get(path).status_code == 404


def test_the_staff_page_is_for_the_districts_staff(client, executing, staff_client):
    staff_client("akim_b")
    assert client.get(f"/en/budget/staff/{CODE}/{YEAR}/").status_code == 403
    assert client.post(f"/en/budget/staff/{CODE}/{YEAR}/act/amend/", {"reason": "x"}).status_code == 403
    staff_client("akim")
    response = client.get(f"/en/budget/staff/{CODE}/{YEAR}/")
    assert response.status_code == 200
    assert b"Enter actuals" in response.content and b"Open an amendment" in response.content


def test_staff_pages_need_a_sign_in(client, executing):
    response = client.get(f"/en/budget/staff/{CODE}/{YEAR}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_approval_path_through_the_pages(client, make_budget, staff_client):
    budget = make_budget("planned")
    staff_client("akim")
    url = f"/en/budget/staff/{CODE}/{YEAR}/act/"
    assert client.post(url + "publish/", {"published_on": "2029-11-10"}).status_code == 302
    refused = client.post(url + "approve/", {"approved_on": "2029-12-20", "approval_number": "1"})
    assert refused.status_code == 200 and b"community meeting must agree the plan" in refused.content
    assert (
        client.post(url + "agree/", {"agreed_on": "2029-12-01", "agreement_number": "7"}).status_code == 302
    )
    assert (
        client.post(url + "approve/", {"approved_on": "2029-12-20", "approval_number": "41/3"}).status_code
        == 302
    )
    assert client.post(url + "start/", {"started_on": "2030-01-01"}).status_code == 302
    version = budget.versions.get()
    assert version.status == Status.EXECUTING and version.approval_number == "41/3"
    page = client.get(f"/en/budget/d/{CODE}/{YEAR}/")
    assert b"decision No. 41/3" in page.content and b"20.12.2029" in page.content


def test_translated_form_errors_and_nothing_changes(client, make_budget, staff_client):
    version = make_budget("published").versions.get()
    staff_client("akim")
    response = client.post(f"/ru/budget/staff/{CODE}/{YEAR}/act/agree/", {"agreed_on": "31.02.2030"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Введите правильную дату." in html and "Обязательное поле." in html
    version.refresh_from_db()
    assert version.status == Status.PUBLISHED


@pytest.mark.parametrize(
    "name, data",
    [
        ("publish", {"published_on": "9999-99-99"}),
        ("agree", {"agreed_on": "2030-06-14", "agreement_number": "x" * 500}),
        ("agree", {"agreed_on": "2030-06-14", "agreement_number": "5", "agreement_meeting_id": "abc"}),
        (
            "agree",
            {
                "agreed_on": "2030-06-14",
                "agreement_number": "5",
                "agreement_meeting_id": "999999",
                "agreement_item_number": "1",
            },
        ),
        ("close", {"closed_on": "2030-06-14"}),
        ("start", {}),
        ("withdraw", {"reason": ""}),
        ("nonsense", {}),
        ("amend", {"reason": "x" * 5000}),
    ],
)
def test_no_500_whatever_is_posted(client, make_budget, staff_client, name, data):
    make_budget("published")
    staff_client("akim")
    response = client.post(f"/en/budget/staff/{CODE}/{YEAR}/act/{name}/", data)
    assert response.status_code in (200, 302, 403, 404)


def test_the_plan_page_reports_a_bad_amount_on_its_line(client, make_budget, staff_client):
    version = make_budget("draft").versions.get()
    staff_client("akim")
    response = client.post(
        f"/en/budget/staff/{CODE}/{YEAR}/plan/", {"revenue__land_tax": "-5", "expenditure__roads": "1 000,50"}
    )
    assert response.status_code == 200 and b"cannot be negative" in response.content
    assert not version.lines.exists()
    for huge in ("1e30", "1e400", "99999999999999"):  # more digits than a decimal can quantize: no 500
        response = client.post(f"/en/budget/staff/{CODE}/{YEAR}/plan/", {"revenue__land_tax": huge})
        assert response.status_code == 200 and b"The amount is too large" in response.content
    assert not version.lines.exists()
    response = client.post(
        f"/en/budget/staff/{CODE}/{YEAR}/plan/",
        {"revenue__land_tax": "2 000", "expenditure__roads": "1 000,50"},
    )
    assert response.status_code == 302
    assert {line.code: line.amount for line in version.lines.all()} == {
        "land_tax": Decimal("2000.00"),
        "roads": Decimal("1000.50"),
    }


def test_actuals_are_entered_by_period(client, executing, staff_client):
    staff_client("executor")
    page = client.get(f"/en/budget/staff/{CODE}/{YEAR}/actuals/?period=2")
    assert page.status_code == 200
    response = client.post(
        f"/en/budget/staff/{CODE}/{YEAR}/actuals/?period=2",
        {"revenue__fees": "10,50", "expenditure__roads": ""},
    )
    assert response.status_code == 302
    assert Actual.objects.get(code="fees", period=2).amount == Decimal("10.50")
    assert client.get(f"/en/budget/staff/{CODE}/{YEAR}/actuals/?period=13").status_code == 404
    assert client.get(f"/en/budget/staff/{CODE}/{YEAR}/actuals/?period=x").status_code == 404
    response = client.post(f"/en/budget/staff/{CODE}/{YEAR}/actuals/?period=9", {"revenue__fees": "1"})
    assert response.status_code == 200
    assert b"September, Fees and charges: This period has not begun yet." in response.content  # not "Row 1"


def test_an_import_with_bad_rows_shows_them_and_stores_nothing(client, executing, staff_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    staff_client("executor")
    before = Actual.objects.count()
    upload = SimpleUploadedFile("a.csv", b"section,code,period,amount\nrevenue,nothing,2030-01,-1\n")
    response = client.post(f"/en/budget/staff/{CODE}/{YEAR}/import/", {"file": upload})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="import-errors"' in html and "Unknown line nothing" in html and "cannot be negative" in html
    assert Actual.objects.count() == before
    template = client.get(f"/en/budget/staff/{CODE}/{YEAR}/import-template.csv?period=3")
    assert template.status_code == 200 and b"revenue,transfers,Transfers" in template.content
    assert b",2030-03," in template.content


def test_staff_open_a_budget_from_the_list(client, tree, staff, programmes, staff_client):
    staff_client("akim")
    response = client.post(
        "/en/budget/", {"territory": tree["rd_a"].pk, "year": YEAR + 1, "period_kind": "month"}
    )
    assert response.status_code == 302 and response["Location"].endswith(
        f"/budget/staff/{CODE}/{YEAR + 1}/plan/"
    )
    response = client.post(
        "/en/budget/", {"territory": tree["rd_b"].pk, "year": YEAR + 1, "period_kind": "month"}
    )
    assert response.status_code == 200 and b"Select a valid choice" in response.content


def test_staff_without_budget_rights_get_403(client, staff_client, tree, make_staff):
    from auyl.accounts.testing import force_staff_login
    from auyl.core.roles import Role

    force_staff_login(client, make_staff(Role.ADMINISTRATOR, None, username="admin"))
    assert client.get("/en/budget/").status_code == 200
    client.logout()
    from auyl.accounts.models import User

    nobody = User.objects.create_user(username="nobody", password="x")
    force_staff_login(client, nobody)
    assert client.get("/en/budget/").status_code == 403


def test_the_version_and_incentive_pages_render(client, executing, staff):
    amendment = services.start_amendment(actor=staff["akim"], budget=executing, reason="Roads")
    services.save_plan(
        actor=staff["akim"],
        version=amendment,
        revenue={"transfers": "15000000", "fees": "1"},
        expenditure={"roads": "1"},
    )
    services.publish(actor=staff["akim"], version=amendment, published_on=amendment.drafted_on)
    page = client.get(f"/ru/budget/d/{CODE}/{YEAR}/")
    assert page.status_code == 200 and f"/ru/budget/d/{CODE}/{YEAR}/v2/".encode() in page.content
    version = client.get(f"/en/budget/d/{CODE}/{YEAR}/v2/")
    assert version.status_code == 200 and b"What changed compared with version 1" in version.content
    assert client.get(f"/kk/budget/d/{CODE}/{YEAR}/incentive/").status_code == 200
    assert client.get("/kk/budget/open-data/").status_code == 200


def test_list_and_public_pages_read_a_fixed_number_of_queries(
    client, executing, staff, tree, staff_client, django_assert_max_num_queries
):
    """Ten published and withdrawn amendments, actuals for six months: the pages do not read per row."""
    from auyl.budget.models import Budget

    for number in range(10):
        amendment = services.start_amendment(actor=staff["akim"], budget=executing, reason=f"Change {number}")
        services.publish(actor=staff["akim"], version=amendment, published_on=amendment.drafted_on)
        services.withdraw_amendment(actor=staff["akim"], version=amendment, reason="Not needed")
    for year in range(2019, YEAR):
        Budget.objects.create(territory=tree["rd_a"], territory_path=tree["rd_a"].path, year=year)
    with django_assert_max_num_queries(16):
        assert client.get(f"/en/budget/d/{CODE}/{YEAR}/").status_code == 200
    with django_assert_max_num_queries(12):
        response = client.get(f"/en/budget/d/{CODE}/{YEAR}/budget.json")
    assert response.status_code == 200 and len(response.json()["versions"]) == 11
    staff_client("akim")
    with django_assert_max_num_queries(10):
        assert client.get("/en/budget/").status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(f"/en/budget/staff/{CODE}/{YEAR}/").status_code == 200
