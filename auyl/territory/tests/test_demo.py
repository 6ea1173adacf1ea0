"""``manage.py demo``: idempotent, complete, and refused when demo shortcuts are off."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from auyl.accounts import totp
from auyl.accounts.models import RoleGrant, User
from auyl.core.calendar import add_days
from auyl.core.holidays import holidays_for, load_holidays
from auyl.core.models import AuditEvent, CalendarDay
from auyl.core.permissions import has_perm
from auyl.core.roles import Role
from auyl.territory import selectors
from auyl.territory.demo import STAFF, demo_password
from auyl.territory.identifiers import parse_iin
from auyl.territory.models import Level, Office, Resident, Territory


def state() -> dict:
    return {
        "territories": list(Territory.objects.order_by("code").values_list("code", "path", "updated_at")),
        "residents": Resident.objects.count(),
        "users": list(User.objects.order_by("username").values_list("username", "password", "totp_confirmed_at")),
        "grants": RoleGrant.objects.count(),
        "offices": list(Office.objects.values_list("pk", "updated_at")),
        "days": CalendarDay.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


@pytest.fixture
def demo(db, settings):
    settings.DEMO_SHORTCUTS = True
    # Argon2 costs a quarter of a second per demo account; the hasher is not what is tested here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    out = StringIO()
    with translation.override("en"):
        call_command("demo", stdout=out)
    return out.getvalue()


def test_demo_twice_changes_nothing(demo):
    before = state()
    out = StringIO()
    with translation.override("en"):
        call_command("demo", stdout=out)
    assert state() == before
    assert "already loaded" in out.getvalue() and "demo-akim-2026" in out.getvalue()


def test_demo_territories(demo):
    region = Territory.objects.get(code="110000000")
    assert (region.name_kk, region.name_ru, region.name_en) == (
        "Ақмола облысы", "Акмолинская область", "Akmola Region")
    rd = Territory.objects.get(code="111033000")
    assert rd.level == Level.RURAL_DISTRICT and rd.parent.code == "111000000" and rd.parent.level == Level.CITY
    krasny_yar = Territory.objects.get(name_en="Krasny Yar")
    assert krasny_yar.population == 12361 and krasny_yar.name_kk == "Қызыл Жар"
    assert Territory.objects.get(name_en="Kyzyl Zhuldyz").population == 44
    rural = Territory.objects.filter(level=Level.RURAL_DISTRICT).exclude(code="111033000")
    assert rural.count() >= 5 and len({t.parent_id for t in rural}) >= 2
    for settlement in Territory.objects.filter(level=Level.SETTLEMENT):
        assert settlement.name_kk and settlement.name_ru and settlement.name_en
        assert settlement.path.startswith(settlement.parent.path)
        assert 0.65 <= settlement.adult_population / settlement.population <= 0.75
    page = selectors.rural_district_page("111033000")
    assert page["settlement_population"] == 12361 + 44


def test_every_primary_unit_has_an_office_with_reception_twice_a_week(demo):
    for unit in Territory.objects.filter(level__in=[Level.RURAL_DISTRICT, Level.TOWN]):
        office = unit.office
        assert office.akim_name and office.address_kk and office.address_ru and office.phone.startswith("+7")
        assert office.reception_en == "Tuesday and Thursday, 10:00–12:00"
        assert "Сейсенбі" in office.reception_kk and "Вторник" in office.reception_ru


def test_demo_residents(demo):
    residents = Resident.objects.select_related("settlement")
    assert 300 <= residents.count() <= 330
    assert residents.filter(settlement__name_en="Krasny Yar").count() == 200
    assert residents.filter(settlement__name_en="Kyzyl Zhuldyz").count() == 20
    assert residents.exclude(territory_path__startswith="110000000/111000000/").exists()
    sample = residents.filter(iin_hash__isnull=False).first()
    from auyl.core.crypto import decrypt

    info = parse_iin(decrypt(sample.iin_encrypted))
    assert info.birth_date == sample.birth_date and sample.iin_last4 == info.iin[-4:]
    assert residents.filter(consent_at__isnull=False).count() > 250
    assert residents.filter(last_name__endswith="ұлы").count() == 0  # patronymic, not surname
    assert residents.filter(middle_name__endswith="ұлы").exists() and residents.filter(last_name="Иванова").exists()


def test_demo_staff_one_per_role_with_scopes(demo):
    rd = Territory.objects.get(code="111033000")
    other = Territory.objects.get(code="115630000")
    for username, role, code, _name in STAFF:
        user = User.objects.get(username=username)
        assert user.check_password(demo_password(username))
        assert totp.is_enrolled(user) and len(totp.secret_of(user)) == 32
        grant = user.grants.get()
        assert grant.role == role and (grant.territory.code if grant.territory else None) == code
    assert {role for _u, role, _c, _n in STAFF} >= set(Role) - {Role.RESIDENT}
    akim = User.objects.get(username="demo-akim")
    assert has_perm(akim, "resident.view", rd) and not has_perm(akim, "resident.view", other)
    other_akim = User.objects.get(username="demo-akim-zerendi")
    seen = selectors.residents_visible_to(other_akim)
    assert seen.exists() and not seen.filter(territory_path__startswith=rd.path).exists()
    resident_user = User.objects.get(phone="+77015000000")
    assert resident_user.resident.settlement.name_en == "Krasny Yar" and not resident_user.has_usable_password()


def test_demo_prints_logins_and_loads_holidays(demo):
    assert "demo-region" in demo and "VSSXMTXK6H624U7QLMHCJ6TURMDL2KPN" in demo  # demo-admin's fixed secret
    assert CalendarDay.objects.filter(date__year__in=[2025, 2026, 2027]).count() == 60
    nauryz = CalendarDay.objects.get(date=dt.date(2026, 3, 23))
    assert nauryz.kind == CalendarDay.Kind.HOLIDAY and nauryz.name_en == "Nauryz"
    # Friday 20 March 2026 + 1 calendar day = Saturday 21: Nauryz and transfers until Wednesday 25.
    assert add_days(dt.date(2026, 3, 20), 1) == dt.date(2026, 3, 26)


def test_demo_refused_without_demo_shortcuts(db, settings):
    settings.DEMO_SHORTCUTS = False
    with pytest.raises(CommandError, match="DEMO_SHORTCUTS"):
        with translation.override("en"):
            call_command("demo", stdout=StringIO())
    assert not User.objects.exists() and not Territory.objects.exists()


@pytest.mark.parametrize(("year", "days_off"), [
    (2025, ["2025-03-10", "2025-03-24", "2025-03-25", "2025-07-07", "2025-09-01", "2025-10-27"]),
    (2026, ["2026-03-09", "2026-03-24", "2026-03-25", "2026-05-11", "2026-08-31", "2026-10-26"]),
    (2027, ["2027-01-04", "2027-03-24", "2027-05-03", "2027-05-10"]),
])
def test_weekend_holidays_move_to_the_next_working_day(year, days_off):
    found = [h.date.isoformat() for h in holidays_for(year) if h.kind == CalendarDay.Kind.DAY_OFF]
    assert found == days_off
    holidays = {h.date for h in holidays_for(year) if h.kind == CalendarDay.Kind.HOLIDAY}
    assert dt.date(year, 10, 25) in holidays and dt.date(year, 12, 16) in holidays
    assert dt.date(year, 12, 17) not in holidays  # one Independence Day since 2022


def test_orthodox_christmas_and_kurban_ait_are_never_transferred():
    assert dt.date(2025, 6, 6) in {h.date for h in holidays_for(2025)}  # Kurban ait, Friday
    # 7 January 2029 is a Sunday: no transferred day off follows it.
    assert all(h.date != dt.date(2029, 1, 8) for h in holidays_for(2029))


@pytest.mark.django_db
def test_load_holidays_keeps_an_administrators_correction():
    CalendarDay.objects.create(date=dt.date(2026, 5, 27), kind=CalendarDay.Kind.WORKING_DAY, name_en="moved")
    added = load_holidays([2026])
    assert added == 20 and load_holidays([2026]) == 0
    assert CalendarDay.objects.get(date=dt.date(2026, 5, 27)).kind == CalendarDay.Kind.WORKING_DAY
