"""Reports: the official forms, the applicant summary and the monthly analysis, scoped and exact."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from auyl.accounts.testing import make_staff_user
from auyl.appeals import reports
from auyl.appeals.models import Appeal, Outcome
from auyl.core.roles import Role

from .report_helpers import make_appeal

D = dt.date


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """The shared ``people`` fixture creates 8 users; argon2 takes ~1 s each, MD5 nothing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.mark.parametrize(("part", "whole", "expected"), [
    (17, 115, "14.78"), (80, 115, "69.57"), (0, 115, "0.00"), (2, 140, "1.43"),
    (1, 800, "0.13"),  # 0.125: half-up, not the banker's 0.12
    (1, 3, "33.33"), (2, 3, "66.67"), (5, 0, "0.00"),
])
def test_percent_rounds_half_up_to_two_places(part, whole, expected):
    assert reports.percent(part, whole) == Decimal(expected)


def test_numbers_print_with_the_decimal_comma_in_kazakh_and_russian():
    with translation.override("kk"):
        assert reports.format_number(Decimal("14.78")) == "14,78"
    with translation.override("ru"):
        assert reports.format_number(Decimal("0.00")) == "0,00"
    with translation.override("en"):
        assert reports.format_number(Decimal("14.78")) == "14.78"


def test_years_split_and_bad_periods_are_refused():
    assert [p.label for p in reports.split_by_year(D(2021, 1, 1), D(2023, 12, 31))] == ["2021", "2022", "2023"]
    assert reports.split_by_year(D(2021, 6, 1), D(2022, 2, 1))[0].start == D(2021, 6, 1)
    with pytest.raises(ValidationError):
        reports.period_of(D(2022, 1, 2), D(2022, 1, 1))
    with pytest.raises(ValidationError):
        reports.split_by_year(D(2000, 1, 1), D(2030, 1, 1))


@pytest.fixture
def data(tree, people):
    """Rural district A: 3 appeals in March 2024 (two roads, one water), 1 in February, 1 in March 2023;
    rural district B: 1 in March 2024."""
    reg, akim_b = people["registrar"], people["akim_b"]
    a1 = tree["village_a1"]
    return [
        make_appeal(reg, a1, "roads-repair", D(2024, 3, 4), answered=D(2024, 3, 10)),
        make_appeal(reg, a1, "roads-repair", D(2024, 3, 11), kind="legal", answered=D(2024, 3, 30),
                    late_registration=True),
        make_appeal(reg, tree["village_a2"], "utilities-water-outage", D(2024, 3, 20), channel="reception",
                    collective=True),
        make_appeal(reg, a1, "utilities-water-outage", D(2024, 2, 5), answered=D(2024, 2, 8)),
        make_appeal(reg, a1, "roads-repair", D(2023, 3, 5)),
        make_appeal(akim_b, tree["village_b1"], "land-allocation", D(2024, 3, 7), answered=D(2024, 3, 9)),
    ]


def _counts(table):
    return {row.code: [c.count for c in row.cells] for row in table.rows}


def test_form_report_counts_every_row_with_shares(data, people, tree):
    table = reports.form_report(people["akim"], tree["rd_a"], D(2024, 3, 1), D(2024, 3, 31), "826")
    counts = _counts(table)
    assert [row.code for row in table.rows] == [str(n) for n in range(1, 13)]
    assert counts["6"] == [2] and counts["8"] == [1] and counts["5"] == [0]
    assert table.totals[0].count == 3 and table.totals[0].percent == 100
    assert [r.cells[0].percent for r in table.rows if r.code in ("6", "8")] == [Decimal("66.67"), Decimal("33.33")]
    reception = reports.form_report(people["akim"], tree["rd_a"], D(2024, 3, 1), D(2024, 3, 31), "reception16",
                                    channel="reception")
    assert reception.totals[0].count == 1 and _counts(reception)["housing_communal"] == [1]


def test_a_district_report_adds_up_its_rural_districts_and_years_make_columns(data, people, tree):
    periods = reports.split_by_year(D(2023, 1, 1), D(2024, 12, 31))
    table = reports.form_table(people["supervisor"], tree["district"], periods, "sector7")
    assert [c.count for c in table.totals] == [1, 5]
    assert _counts(table)["land"] == [0, 1] and _counts(table)["housing_communal"] == [1, 4]


def test_reports_stay_within_the_users_territory(data, people, tree):
    with pytest.raises(PermissionDenied):
        reports.form_report(people["akim_b"], tree["rd_a"], D(2024, 1, 1), D(2024, 12, 31))
    with pytest.raises(PermissionDenied):
        reports.monthly_analysis(people["akim_b"], tree["district"], 2024, 3)
    with pytest.raises(PermissionDenied):  # handles appeals, but may not report on them
        reports.applicant_summary(people["registrar"], tree["rd_a"], D(2024, 1, 1), D(2024, 12, 31))
    assert list(reports.report_territories(people["akim_b"])) == [tree["rd_b"]]


def test_unknown_form_or_channel_is_a_clear_error(data, people, tree):
    with pytest.raises(ValidationError):
        reports.form_report(people["akim"], tree["rd_a"], D(2024, 1, 1), D(2024, 12, 31), "999")
    with pytest.raises(ValidationError):
        reports.form_report(people["akim"], tree["rd_a"], D(2024, 1, 1), D(2024, 12, 31), "826", channel="fax")


def test_a_topic_mapped_to_no_row_is_counted_as_unclassified_not_lost(data, people, tree):
    from auyl.appeals.models import Topic

    Topic.objects.filter(code="land-allocation").update(sector_7="no-such-sector")
    table = reports.form_report(people["akim_b"], tree["rd_b"], D(2024, 1, 1), D(2024, 12, 31), "sector7")
    assert table.rows[-1].code == "?" and table.rows[-1].cells[0].count == 1 and table.totals[0].count == 1


def test_repeats_count_unless_staff_rejected_them(data, people, tree):
    first, second, third = data[0], data[1], data[2]
    Appeal.objects.filter(pk=second.pk).update(repeat_of=first, repeat_confirmed=None)
    Appeal.objects.filter(pk=third.pk).update(repeat_of=first, repeat_confirmed=False)
    table = reports.form_report(people["akim"], tree["rd_a"], D(2024, 3, 1), D(2024, 3, 31), "826")
    assert table.totals[0].repeats == 1
    summary = reports.applicant_summary(people["akim"], tree["rd_a"], D(2024, 3, 1), D(2024, 3, 31))
    assert summary.individual_repeats == 0  # the repeat is a legal entity's


def test_applicant_summary_counts_reception_as_a_channel(data, people, tree):
    summary = reports.applicant_summary(people["akim"], tree["rd_a"], D(2024, 1, 1), D(2024, 12, 31))
    assert {r.key: r.count for r in summary.rows} == {"individual": 2, "legal": 1, "reception": 1}
    assert summary.total == 4 == sum(r.count for r in summary.rows)


def test_form_report_is_a_constant_number_of_queries(data, people, tree, django_assert_max_num_queries):
    people["akim"]._auyl_grants = None  # noqa: SLF001  (count the grants query too)
    del people["akim"]._auyl_grants
    with django_assert_max_num_queries(3):  # grants, the grouped count, the topics
        reports.form_table(people["akim"], tree["rd_a"], reports.split_by_year(D(2021, 1, 1), D(2024, 12, 31)))


def test_monthly_analysis(data, people, tree):
    with translation.override("ru"):
        month = reports.monthly_analysis(people["akim"], tree["rd_a"], 2024, 3)
        assert month.total == 3
        assert {r.key: r.count for r in month.by_channel}["reception"] == 1
        assert {r.key: r.count for r in month.by_applicant_kind} == {"individual": 2, "legal": 1}
        assert {r.key: r.count for r in month.by_outcome}[""] == 1
        assert {r.label: r.count for r in month.by_place} == {"Қызыл Жар": 2, "Қызыл Жұлдыз": 1}
        indicators = {r.key: r for r in month.indicators}
        assert indicators["registered_in_time"].count == 2 and indicators["registered_in_time"].percent_display == "66,67"
        assert indicators["answered"].count == 2
        assert indicators["answered_in_time"].count == 1 and indicators["answered_in_time"].percent == 50
        assert indicators["collective"].count == 1
        assert month.average_days_to_answer == Decimal("12.5")  # 6 and 19 days
        assert month.average_days_display == "12,5"
        top = {i.topic.code: i for i in month.top_issues}
        roads, water = top["roads-repair"], top["utilities-water-outage"]
        assert (roads.count, roads.previous, roads.last_year, roads.change_last_year) == (2, 0, 1, 1)
        assert (water.count, water.previous, water.change_previous) == (1, 1, 0)
        assert month.top_issues[0].topic.code == "roads-repair"


def test_a_region_report_groups_by_rural_district(data, people, tree):
    national = make_staff_user(Role.ADMINISTRATOR, None, username="admin-kz")
    month = reports.monthly_analysis(national, tree["region"], 2024, 3)
    assert month.total == 4 and not month.place_is_settlement
    assert {r.key: r.count for r in month.by_place} == {"111033000": 3, "111035000": 1}
    assert month.period.label == "03.2024"
    with pytest.raises(ValidationError):
        reports.monthly_analysis(national, tree["region"], 2024, 13)


def test_an_empty_month_reports_zeros_not_errors(people, tree):
    month = reports.monthly_analysis(people["akim"], tree["rd_a"], 2020, 1)
    assert month.total == 0 and month.average_days_to_answer is None and month.top_issues == []
    assert all(r.percent == 0 for r in month.indicators)
    table = reports.form_report(people["akim"], tree["rd_a"], D(2020, 1, 1), D(2020, 1, 31), "topic10")
    assert table.totals[0].count == 0 and table.totals[0].percent == 0


def test_outcome_labels_follow_the_language(data, people, tree):
    month = reports.monthly_analysis(people["akim"], tree["rd_a"], 2024, 3)
    with translation.override("en"):
        labels = [r.label for r in month.by_outcome]
        satisfied = str(Outcome.SATISFIED.label)
    assert "Explained" in labels and satisfied in labels


# ---- Pages ---------------------------------------------------------------------------------------------

pages = pytest.mark.urls("auyl.appeals.tests.report_helpers")


def _url(name, lang="en", *args):
    from django.urls import reverse

    with translation.override(lang):
        return reverse(f"appeals_reports:{name}", args=args or None)


def _signed_in(client, user):
    from auyl.accounts.testing import force_staff_login

    force_staff_login(client, user)
    return client


PERIOD = {"territory": "111033000", "form": "826", "date_from": "2024-03-01", "date_to": "2024-03-31"}


@pages
@pytest.mark.parametrize(("lang", "row", "share"), [
    ("kk", "Автомобиль жолдарын жөндеу және салу", "66,67"),
    ("ru", "Ремонта и строительства автомобильных дорог", "66,67"),
    ("en", "Road repair and construction", "66.67"),
])
def test_the_form_page_shows_the_table_a_chart_and_downloads(client, data, people, lang, row, share):
    page = _signed_in(client, people["akim"]).get(_url("index", lang), PERIOD)
    assert page.status_code == 200
    html = page.content.decode()
    assert row in html and f">{share}<" in html
    assert 'style="width: 66.67%"' in html  # the bar: a CSS width, never a localized number
    for report, fmt in (("form", "xlsx"), ("form", "pdf"), ("applicants", "csv")):
        assert f'href="{_url("download", lang, report, fmt)}?' in html


@pages
def test_the_first_visit_shows_this_years_report_of_the_first_unit(client, data, people):
    page = _signed_in(client, people["akim"]).get(_url("index"))
    assert page.status_code == 200 and b"Decree No. 826 form" in page.content


@pages
@pytest.mark.parametrize("params", [
    {**PERIOD, "date_from": "2024-04-01"},  # start after end
    {**PERIOD, "date_from": "not a date"},
    {**PERIOD, "form": "999"},
    {**PERIOD, "channel": "fax"},
    {**PERIOD, "territory": "111035000"},  # rural district B: not the akim's
    {**PERIOD, "territory": "' OR 1=1 --"},
    {**PERIOD, "by_year": "on", "date_from": "1990-01-01"},
])
def test_bad_parameters_get_a_message_not_a_report_nor_a_500(client, data, people, params):
    client = _signed_in(client, people["akim"])
    page = client.get(_url("index"), params)
    assert page.status_code == 400
    assert b'class="error"' in page.content and b"<tfoot>" not in page.content
    download = client.get(_url("download", "en", "form", "pdf"), params)
    assert download.status_code == 400 and download["Content-Type"].startswith("text/html")


@pages
def test_pages_need_a_signed_in_user_who_may_report(client, data, people):
    assert client.get(_url("index")).status_code == 302
    assert _signed_in(client, people["registrar"]).get(_url("index")).status_code == 403
    assert client.get(_url("monthly")).status_code == 403


@pages
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_monthly_page(client, data, people, lang):
    client = _signed_in(client, people["akim"])
    page = client.get(_url("monthly", lang), {"territory": "111033000", "month": "2024-03"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "12,5" in html and "Қызыл Жұлдыз" in html and "▲ +1" in html
    assert client.get(_url("monthly", lang), {"territory": "111033000", "month": "2024-13"}).status_code == 400


@pages
@pytest.mark.parametrize(("report", "fmt", "content_type"), [
    ("form", "csv", "text/csv; charset=utf-8"),
    ("applicants", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("monthly", "pdf", "application/pdf"),
])
def test_downloads_are_attachments_named_after_the_report(client, data, people, report, fmt, content_type):
    params = {**PERIOD, "month": "2024-03"}
    response = _signed_in(client, people["akim"]).get(_url("download", "ru", report, fmt), params)
    assert response.status_code == 200 and response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("attachment; filename=\"appeals-")
    assert response["Content-Disposition"].endswith(f'-ru.{fmt}"')


@pages
def test_an_unknown_download_is_not_found(client, people):
    client = _signed_in(client, people["akim"])
    assert client.get(_url("download", "en", "form", "docx")).status_code == 404
    assert client.get(_url("download", "en", "secrets", "csv")).status_code == 404
