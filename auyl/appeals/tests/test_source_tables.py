"""The tables of the sources come out of the demo data, to the last printed digit.

* Krasnoyarsky rural district 2021 (seed 002:446-487): 258 appeals = 166 individuals (0 repeat) + 49 legal
  entities + 43 at the personal reception; by topic 98, 21, 12, 4, –, 3, 32, 8, –, 80.
* Abai district, Karaganda region, reporting meetings 2021-2023 (seed 001:744-755, table 14), copied
  below as printed, decimal commas included.
"""

import datetime as dt

import pytest
from django.db import transaction
from django.test.utils import override_settings
from django.utils import translation

from auyl.accounts.models import User
from auyl.appeals import exports, reports
from auyl.appeals.demo import load_appeals_demo
from auyl.appeals.models import Appeal, AppealCounter, Channel
from auyl.territory.models import Territory

D = dt.date

# 001:744-755 as printed: sector (kk), then count and share for 2021, 2022, 2023.
TABLE_14 = [
    ("Әлеуметтік сала", "17", "14,78", "19", "26,76", "39", "27,86"),
    ("Тұрғын үй-коммуналдық шаруашылығы", "80", "69,57", "44", "61,97", "69", "49,29"),
    ("Өнеркәсіп және кәсіпкерлік", "3", "2,61", "2", "2,82", "5", "3,57"),
    ("Төтенше жағдайлар", "4", "3,48", "2", "2,82", "5", "3,57"),
    ("Жер қатынастары", "2", "1,74", "2", "2,82", "11", "7,86"),
    ("Ауыл шаруашылығы және ветеринария", "9", "7,83", "2", "2,82", "9", "6,43"),
    ("Полиция қызметі, құқық қорғау", "0", "0,00", "0", "0,00", "2", "1,43"),
]
TABLE_14_TOTAL = ("115", "100", "71", "100", "140", "100")
# 002:472-487 as printed ("-" is none).
TABLE_2 = [("Вопросы жилищного и коммунального хозяйства", 98), ("Вопросы земли и землепользования", 21),
           ("Вопросы труда и занятости населения", 12), ("Вопросы предоставления жилья", 4),
           ("Вопросы образования и науки", 0), ("Вопросы сельского хозяйства", 3), ("Вопросы быта населения", 32),
           ("Вопросы адресной социальной помощи", 8), ("Жалобы на должностные лица", 0), ("Прочие", 80)]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The territory demo and the appeals demo, loaded once for this module and rolled back after it."""
    from auyl.territory.demo import load_demo

    with django_db_blocker.unblock(), override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]), transaction.atomic():
        load_demo()
        counts = load_appeals_demo()
        yield counts
        transaction.set_rollback(True)


@pytest.fixture
def admin(demo, db):
    return User.objects.get(username="demo-admin")


def test_the_demo_loads_both_tables_and_a_current_month(demo, db):
    assert (demo["krasnoyar_2021"], demo["abai_meetings"]) == (258, 326)
    assert demo["current"] > 10 and demo["receipt"]


def test_abai_district_reporting_meetings_2021_2023(admin):
    abai = Territory.objects.get(code="352100000")
    with translation.override("kk"):
        table = reports.form_table(admin, abai, reports.split_by_year(D(2021, 1, 1), D(2023, 12, 31)), "sector7")
        printed = [(row.label, *[v for c in row.cells for v in (str(c.count), c.percent_display)])
                   for row in table.rows]
        total = tuple(v for c in table.totals for v in (str(c.count), c.percent_display))
    assert printed == TABLE_14
    assert total == TABLE_14_TOTAL
    assert Appeal.objects.filter(territory_path__startswith=abai.path).exclude(
        channel=Channel.REPORTING_MEETING).count() == 0


def test_each_year_of_table_14_alone_gives_the_same_shares(admin):
    abai = Territory.objects.get(code="352100000")
    for year, column in ((2021, 1), (2022, 3), (2023, 5)):
        with translation.override("kk"):
            table = reports.form_report(admin, abai, D(year, 1, 1), D(year, 12, 31), "sector7")
            assert [r.cells[0].percent_display for r in table.rows] == [row[column + 1] for row in TABLE_14]
        assert str(table.totals[0].count) == TABLE_14_TOTAL[column - 1]


def test_krasnoyarsky_2021_by_applicant(admin):
    unit = Territory.objects.get(code="111033000")
    summary = reports.applicant_summary(admin, unit, D(2021, 1, 1), D(2021, 12, 31))
    assert {r.key: r.count for r in summary.rows} == {"individual": 166, "legal": 49, "reception": 43}
    assert summary.total == 258 and summary.individual_repeats == 0


def test_krasnoyarsky_2021_by_the_ten_topics(admin):
    unit = Territory.objects.get(code="111033000")
    with translation.override("ru"):
        table = reports.form_report(admin, unit, D(2021, 1, 1), D(2021, 12, 31), "topic10")
        assert [(row.label, row.cells[0].count) for row in table.rows] == TABLE_2
    assert table.totals[0].count == 258
    # The same appeals roll up into the other forms without loss.
    for form in ("826", "sector7", "reception16"):
        assert reports.form_report(admin, unit, D(2021, 1, 1), D(2021, 12, 31), form).totals[0].count == 258


def test_past_appeals_sit_in_their_years_register_without_gaps(admin):
    unit = Territory.objects.get(code="111033000")
    seqs = sorted(Appeal.objects.filter(territory=unit, year=2021).values_list("seq", flat=True))
    assert seqs == list(range(1, 259))
    for counter in AppealCounter.objects.filter(territory__path__startswith="35"):
        numbers = Appeal.objects.filter(territory=counter.territory, year=counter.year).count()
        assert counter.last_number == numbers
    current = AppealCounter.objects.get(territory=unit, year=dt.date.today().year)
    assert current.last_number == Appeal.objects.filter(territory=unit, year=current.year).count()


def test_loading_the_demo_again_adds_nothing(demo, db):
    before = Appeal.objects.count()
    counts = load_appeals_demo()
    assert (counts["krasnoyar_2021"], counts["abai_meetings"], counts["current"], counts["territories"]) == (0, 0, 0, 0)
    assert Appeal.objects.count() == before


def test_table_14_exports_as_printed(admin):
    import csv
    import io

    abai = Territory.objects.get(code="352100000")
    table = reports.form_table(admin, abai, reports.split_by_year(D(2021, 1, 1), D(2023, 12, 31)), "sector7")
    with translation.override("kk"):
        content, _type, _name = exports.export(exports.form_document(table), "csv")
    rows = [tuple(r[1:]) for r in csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";") if len(r) == 8]
    assert rows[1:8] == TABLE_14


def test_the_demo_command_refuses_outside_demo_mode(settings):
    from django.core.management import CommandError, call_command

    settings.DEMO_SHORTCUTS = False
    with pytest.raises(CommandError):
        call_command("appeals_demo")
