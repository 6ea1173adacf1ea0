"""Open data: the CSV columns are the documented ones, amounts exact, drafts never exported."""

import csv
import io
import json
from decimal import Decimal

import pytest

from auyl.budget import opendata, services
from auyl.budget.execution import ActualEntry

from .conftest import YEAR

BASE = f"/en/budget/d/111033000/{YEAR}"


@pytest.fixture
def budget(make_budget, staff):
    budget = make_budget("executing")
    services.record_actuals(
        actor=staff["akim"],
        budget=budget,
        entries=[
            ActualEntry("revenue", "fees", 2, Decimal("0.10")),
            ActualEntry("revenue", "fees", 3, Decimal("0.20")),
            ActualEntry("expenditure", "roads", 3, Decimal("1500000")),
        ],
    )
    return budget


def _rows(response) -> list[dict]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_lines_csv_has_the_documented_columns_and_exact_amounts(client, budget):
    response = client.get(f"{BASE}/lines.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = _rows(response)
    assert list(rows[0]) == [c.name for c in opendata.LINE_COLUMNS]
    fees = next(r for r in rows if r["code"] == "fees")
    assert (fees["plan"], fees["actual"], fees["revenue_kind"]) == ("100000.50", "0.30", "non_tax")
    roads = next(r for r in rows if r["code"] == "roads")
    assert (roads["actual"], roads["execution_percent"], roads["name_kk"]) == (
        "1500000.00",
        "50.0",
        "Көшелер мен автомобиль жолдарын ұстау және жөндеу",
    )
    assert sum(Decimal(r["plan"]) for r in rows if r["section"] == "revenue") == Decimal("20100000.50")


def test_actuals_csv_lists_every_period(client, budget):
    rows = _rows(client.get(f"{BASE}/actuals.csv"))
    assert list(rows[0]) == [c.name for c in opendata.ACTUAL_COLUMNS]
    assert [(r["code"], r["period"], r["period_start"], r["period_end"], r["amount"]) for r in rows] == [
        ("roads", "3", f"{YEAR}-03-01", f"{YEAR}-03-31", "1500000.00"),
        ("fees", "2", f"{YEAR}-02-01", f"{YEAR}-02-28", "0.10"),
        ("fees", "3", f"{YEAR}-03-01", f"{YEAR}-03-31", "0.20"),
    ]


def test_the_json_document_keeps_amounts_as_exact_strings(client, budget):
    response = client.get(f"{BASE}/budget.json")
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["totals"]["revenue_plan"] == "20100000.50"
    assert document["totals"]["revenue_actual"] == "0.30"
    assert document["versions"][0]["steps"][-1] == {
        "step": "executing",
        "date": f"{YEAR}-01-01",
        "number": "",
        "note": "",
    }
    assert document["versions"][0]["approval_number"] == "41/3"
    assert len(document["lines"]) == 10 and len(document["actuals"]) == 3


def test_the_column_documentation_page_lists_every_column(client):
    response = client.get("/en/budget/open-data/")
    assert response.status_code == 200
    for column in opendata.LINE_COLUMNS + opendata.ACTUAL_COLUMNS:
        assert column.name.encode() in response.content
