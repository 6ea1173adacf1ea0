"""The 2021 tables of 000:483-528 entered as printed: the shares are reproduced and the arithmetic that
does not hold is listed, exactly."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from auyl.elections import services
from auyl.elections.data_2021 import enter_2021
from auyl.elections.models import Campaign, RegionReturn
from auyl.elections.reports import RECORDED, election_report

from .conftest import DECIDED, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def report_2021(admin):
    enter_2021(admin)
    return election_report(2021)


def test_2021_reproduces_the_printed_shares(report_2021):
    report = report_2021
    assert [c.key for c in report.columns] == ["amanat", "auyl", "ak_zhol", "npk", "adal", "osdp", "self"]
    assert len(report.rows) == 14 and report.totals["akims"] == 730
    shares = {k: v.quantize(Decimal("0.1")) for k, v in report.shares.items()}
    # Printed: 77 | 4,3 | 1,5 | 1,3 | 2,1 | 0,1 | 13,4 (000:502)
    assert shares == {
        "akims": Decimal("100.0"),
        "amanat": Decimal("77.0"),
        "auyl": Decimal("4.4"),
        "ak_zhol": Decimal("1.5"),
        "npk": Decimal("1.4"),
        "adal": Decimal("1.9"),
        "osdp": Decimal("0.1"),
        "self": Decimal("13.4"),
    }


def test_2021_inconsistencies_are_found_exactly(report_2021):
    found = sorted((i.table, i.where) for i in report_2021.issues)
    assert found == sorted(
        [
            ("1", "Жамбылская"),
            ("1", "Костанайская"),
            ("1", "СКО"),  # rows: 37, 63, 72 instead of 38, 65, 71
            ("1", "Amanat"),
            ("1", "Adal"),  # column sums 562 and 14 against the printed 563 and 15
            ("1", "Auyl"),
            ("1", "People's Party of Kazakhstan"),  # 32/730 = 4,4 (not 4,3); 10/730 = 1,4 (not 1,3)
            ("text", "Candidates registered"),  # 2297 of 2582 is 89,0 %, not 88,9 %
        ]
    )
    messages = {i.where: i.message for i in report_2021.issues}
    assert (
        messages["Жамбылская"]
        == "The winners by party and self-nominated add up to 37, the row says 38 akims."
    )
    assert messages["Amanat"] == "The regions add up to 562, the total row says 563."
    assert messages["Auyl"] == "32 of 730 is 4,4 %, the share row says 4,3 %."
    assert messages["Candidates registered"] == "2297 of 2582 is 89,0 %, the text says 88,9 %."


def test_2021_composition_keeps_the_gaps(report_2021):
    gaps = dict(report_2021.gaps)
    assert gaps == {
        "Re-elected": 4,
        "Women": 1,
        "Average age": 4,
        "Kazakhs, %": 10,
        "Live in the district": 7,
    }
    totals = report_2021.quality_totals
    assert totals["women"] == 73 and totals["re_elected"] == 267
    akmola = report_2021.rows[0]
    assert (akmola.re_elected, akmola.women, akmola.average_age, akmola.kazakh_percent) == (
        50,
        15,
        Decimal("46.8"),
        None,
    )


def test_entering_again_corrects_without_duplicating(admin, report_2021):
    enter_2021(admin)
    assert Campaign.objects.count() == 1 and RegionReturn.objects.count() == 14


def test_bad_campaign_figures_are_refused(admin, make_staff, tree):
    from auyl.core.roles import Role

    with pytest.raises(ValidationError):
        services.create_campaign(actor=admin, year=2021, title="x", stated_shares={"amanat": "130"})
    with pytest.raises(ValidationError):
        services.create_campaign(actor=admin, year=2021, title="x", stated_totals={"nobody": 3})
    with pytest.raises(ValidationError):
        services.create_campaign(actor=admin, year=2019, title="x")
    regional = make_staff(Role.REGIONAL_SUPERVISOR, tree["region"], username="region-sup")
    with pytest.raises(PermissionDenied):
        services.create_campaign(actor=regional, year=2021, title="x")
    assert not Campaign.objects.exists()
    campaign = services.create_campaign(actor=admin, year=2021, title="Rural akims")
    with pytest.raises(ValidationError):
        services.enter_region_return(actor=admin, campaign=campaign, region_name="X", akims=-1)
    with pytest.raises(ValidationError):
        services.enter_region_return(
            actor=admin, campaign=campaign, region_name="X", akims=5, kazakh_percent="140"
        )
    assert not RegionReturn.objects.exists()


def test_recorded_elections_feed_the_report(tree, election, recorder, two_registered):
    first, second = two_registered
    services.record_station_result(
        actor=recorder,
        election=election,
        number=1,
        voters=900,
        ballots_issued=600,
        against_all=20,
        votes={first.pk: 400, second.pk: 150},
    )
    services.finalize_results(actor=recorder, election=election)
    report = election_report(2021)
    (row,) = report.rows
    assert row.source == RECORDED and row.name == tree["region"].name
    assert row.cells == {"amanat": 1, "self": 0} and row.akims == 1
    assert (row.re_elected, row.women, row.living_in_district) == (1, 0, 1)
    assert row.average_age == Decimal("45.0")  # born 1 March 1976, elected 25 July 2021
    assert report.issues == []


def test_a_refused_candidate_gets_no_votes(election, recorder):
    candidate = services.nominate_candidate(actor=recorder, election=election, **person("Сәрсен Ерлан"))
    services.decide_registration(
        actor=recorder,
        candidate=candidate,
        registered=False,
        decision_date=DECIDED,
        reason="Документы неполные",
    )
    with pytest.raises(ValidationError, match="registered in this election"):
        services.record_station_result(
            actor=recorder,
            election=election,
            number=1,
            voters=10,
            ballots_issued=5,
            against_all=0,
            votes={candidate.pk: 5},
        )
    assert dt.date(2021, 7, 25) == election.election_date
