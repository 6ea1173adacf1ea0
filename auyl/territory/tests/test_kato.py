"""KATO import: the real Abai extract, idempotent re-import, moves, and all-or-nothing errors."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.utils import translation

from auyl.core.models import AuditEvent
from auyl.territory import selectors
from auyl.territory.kato import KatoImportError, import_kato, infer_level
from auyl.territory.models import Level, Resident, Territory

# The real public extract (Abai region, 2022) lives in the shared data folder beside the repository.
# A copy of ../shared/data/kato/abai_region.csv (public KATO extract, Abai region, 2022), kept in the
# repository so that the test always runs.
ABAI = Path(__file__).resolve().parent / "data" / "abai_region.csv"

SMALL = """id;parent_id;code;name
1;0;110000000;Акмолинская область
2;1;111000000;Кокшетау Г.А.
3;2;111033000;Красноярский с.о.
4;3;111033100;с.Красный Яр
5;4;111033200;с.Кызыл Жулдыз
6;1;115600000;Зерендинский район
7;6;115630000;Зерендинский с.о.
8;7;115630100;с.Зеренда
"""


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English, whatever translations exist."""
    with translation.override("en"):
        yield


def abai_rows() -> list[list[str]]:
    lines = ABAI.read_text(encoding="utf-8-sig").splitlines()
    return [line.split(";") for line in lines[1:] if line]


def snapshot() -> list[tuple]:
    rows = Territory.objects.order_by("code").values_list(
        "code", "name_kk", "name_ru", "name_en", "level", "path", "depth", "kato_id", "parent__code", "updated_at")
    return [*rows, ("audit", AuditEvent.objects.count())]


@pytest.fixture
def abai(db):
    return import_kato(actor=None, data=ABAI.read_bytes(), filename=ABAI.name)


@pytest.mark.django_db
def test_abai_extract_levels_match_the_file(abai):
    rows = abai_rows()
    names = [name for _id, _parent, _code, name in rows]
    expected = {
        Level.REGION: sum(1 for _i, parent, _c, _n in rows if parent == "0"),
        Level.CITY: sum(1 for n in names if n.endswith("Г.А.")),
        Level.DISTRICT: sum(1 for n in names if "район" in n),
        Level.RURAL_DISTRICT: sum(1 for n in names if "с.о" in n or n.endswith("п.а.")),
        Level.TOWN: sum(1 for n in names if n.endswith(" г.а.")),
        # villages, winter camps, stations... plus the two cities proper ("г.Семей", "г.Курчатов")
        Level.SETTLEMENT: sum(1 for _i, _p, code, name in rows if not code.endswith("000") or name.startswith("г.")),
    }
    assert expected == {Level.REGION: 1, Level.CITY: 2, Level.DISTRICT: 8, Level.RURAL_DISTRICT: 136,
                        Level.TOWN: 2, Level.SETTLEMENT: 1454}
    assert sum(expected.values()) == len(rows) == 1603
    for level, count in expected.items():
        assert Territory.objects.filter(level=level).count() == count, level
    assert abai.created == 1603 and abai.by_level[Level.RURAL_DISTRICT] == 136


@pytest.mark.django_db
def test_rural_district_lists_villages_that_hang_under_its_centre(abai):
    rd = Territory.objects.get(code="101033000")
    assert rd.name_ru == "Абралинский с.о." and rd.level == Level.RURAL_DISTRICT and rd.is_primary
    assert rd.path == "100000000/101000000/101033000/" and rd.depth == 2 and rd.kato_id == 4
    akshabai = Territory.objects.get(code="101033102")
    assert akshabai.parent.code == "101033100"  # the centre village, as in the file
    villages = selectors.descendants(rd, level=Level.SETTLEMENT)
    in_file = [code for _i, _p, code, _n in abai_rows() if code.startswith("101033") and code != "101033000"]
    assert sorted(v.code for v in villages) == sorted(in_file)
    assert "с.Акшабай" in {v.name_ru for v in villages}
    page = selectors.rural_district_page("101033000")
    assert len(page["settlements"]) == len(in_file)


@pytest.mark.django_db
def test_cities_towns_and_settlement_administrations(abai):
    levels = dict(Territory.objects.filter(code__in=[
        "101000000", "101010000", "103620000", "103620100", "101063000", "104445000", "103400000"
    ]).values_list("code", "level"))
    assert levels == {
        "101000000": Level.CITY, "101010000": Level.SETTLEMENT, "103620000": Level.TOWN,
        "103620100": Level.SETTLEMENT, "101063000": Level.RURAL_DISTRICT, "104445000": Level.RURAL_DISTRICT,
        "103400000": Level.DISTRICT,
    }


@pytest.mark.django_db
def test_one_audit_event_per_import(abai):
    event = AuditEvent.objects.get(action="territory.kato_imported")
    assert event.actor_label == "system" and event.territory_code == "100000000"
    assert event.changes["created"] == 1603 and event.changes["updated"] == 0


@pytest.mark.django_db
def test_reimport_is_idempotent_and_updates_names_only_in_russian(abai):
    Territory.objects.filter(code="101033000").update(name_kk="Абыралы ауылдық округі", name_en="Abyraly")
    again = import_kato(actor=None, data=ABAI.read_bytes(), filename=ABAI.name)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1603)
    assert Territory.objects.count() == 1603
    renamed = ABAI.read_text(encoding="utf-8-sig").replace("Абралинский с.о.", "Абыралы с.о.")
    third = import_kato(actor=None, data=renamed, filename="renamed.csv")
    assert (third.created, third.updated) == (0, 1)
    rd = Territory.objects.get(code="101033000")
    assert (rd.name_ru, rd.name_kk, rd.name_en) == ("Абыралы с.о.", "Абыралы ауылдық округі", "Abyraly")
    assert Territory.objects.count() == 1603
    assert AuditEvent.objects.filter(action="territory.kato_imported").count() == 3


@pytest.mark.django_db
def test_moving_a_unit_rewrites_paths_below_it_and_of_residents(db):
    import_kato(actor=None, data=SMALL)
    village = Territory.objects.get(code="111033200")
    person = Resident.objects.create(last_name="Ахметов", first_name="Ержан", search_name="ахметов ержан",
                                     settlement=village, territory_path=village.path)
    extra = Territory.objects.create(code="111033300", name_ru="с.Новое", level=Level.SETTLEMENT,
                                     parent=village, path=village.path + "111033300/", depth=village.depth + 1)
    moved = SMALL.replace("3;2;111033000;Красноярский с.о.", "3;6;111033000;Красноярский с.о.")
    result = import_kato(actor=None, data=moved)
    assert (result.updated, result.moved) == (3, 1)
    rd = Territory.objects.get(code="111033000")
    assert rd.parent.code == "115600000" and rd.path == "110000000/115600000/111033000/"
    new_village_path = "110000000/115600000/111033000/111033100/111033200/"
    assert Territory.objects.get(code="111033200").path == new_village_path
    extra.refresh_from_db()  # not in the file: rewritten through its moved ancestor
    assert extra.path == new_village_path + "111033300/" and extra.depth == 5
    person.refresh_from_db()
    assert person.territory_path == new_village_path


def _assert_rejected(data: str, line: int, words: str) -> None:
    before = snapshot()
    with pytest.raises(KatoImportError) as caught:
        import_kato(actor=None, data=data)
    text = " ".join(caught.value.messages)
    assert f"Line {line}:" in text and re.search(words, text), text
    assert snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize(("bad_line", "line", "words"), [
    ("9;8;115630200", 10, r"expected 4 fields.*found 3"),
    ("9;8;115630200;с.А;лишнее", 10, r"found 5"),
    ("x9;8;115630200;с.Акколь", 10, r"id must be a positive whole number"),
    ("9;8;11563020;с.Акколь", 10, r"9 digits"),
    ("9;8;115630200;  ", 10, r"name is empty"),
    ("9;8;111033100;с.Дубль", 10, r"duplicate code 111033100 \(already on line 5\)"),
    ("8;7;115630200;с.Дубль", 10, r"duplicate id 8 \(already on line 9\)"),
    ("9;42;115630200;с.Сирота", 10, r"parent id 42 .* not in the file"),
])
def test_bad_line_aborts_with_its_number_and_changes_nothing(db, bad_line, line, words):
    import_kato(actor=None, data=SMALL)
    changed = SMALL.replace("с.Зеренда", "с.Зеренді")  # would be an update: must not happen either
    _assert_rejected(changed + bad_line + "\n", line, words)
    assert Territory.objects.get(code="115630100").name_ru == "с.Зеренда"


@pytest.mark.django_db
def test_cycle_aborts_with_the_lines_of_the_loop(db):
    import_kato(actor=None, data=SMALL)
    looped = SMALL.replace("6;1;115600000", "6;8;115600000")  # district under its own village
    _assert_rejected(looped, 7, r"cycle through lines 7, 8, 9")


@pytest.mark.django_db
def test_not_utf8_and_empty_files_are_rejected(db):
    _assert_rejected(b"id;parent_id;code;name\n1;0;110000000;Akmola\n"
                     + "2;1;111000000;Кокшетау Г.А.\n".encode("cp1251"), 3, r"not UTF-8")
    with pytest.raises(KatoImportError, match="no territorial units"):
        import_kato(actor=None, data="id;parent_id;code;name\n\n")


@pytest.mark.django_db
@pytest.mark.parametrize("variant", ["bom", "no_header", "crlf", "bom_no_header"])
def test_bom_header_and_line_end_variants(db, variant):
    text = SMALL
    if "no_header" in variant:
        text = text.split("\n", 1)[1]
    if variant == "crlf":
        text = text.replace("\n", "\r\n")
    data = ("\ufeff" + text).encode("utf-8") if "bom" in variant else text.encode("utf-8")
    result = import_kato(actor=None, data=data)
    assert result.created == 8
    assert Territory.objects.get(code="110000000").name_ru == "Акмолинская область"
    assert Territory.objects.get(code="111033000").level == Level.RURAL_DISTRICT


@pytest.mark.django_db
def test_dry_run_counts_without_writing(db):
    result = import_kato(actor=None, data=SMALL, dry_run=True)
    assert result.created == 8 and result.dry_run
    assert not Territory.objects.exists() and not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_staff_without_import_right_is_refused(tree, make_staff):
    akim = make_staff("akim", tree["rd_a"])
    with pytest.raises(PermissionDenied):
        import_kato(actor=akim, data=SMALL)
    admin = make_staff("administrator")
    import_kato(actor=admin, data=SMALL)
    assert AuditEvent.objects.get(action="territory.kato_imported").actor == admin


@pytest.mark.parametrize(("code", "name", "parent_level", "level"), [
    ("100000000", "область Абай", None, Level.REGION),
    ("101000000", "Семей Г.А.", Level.REGION, Level.CITY),
    ("103400000", "район Аксуат", Level.REGION, Level.DISTRICT),
    ("101010000", "г.Семей", Level.CITY, Level.SETTLEMENT),
    ("104221000", "Шарская г.а.", Level.DISTRICT, Level.TOWN),
    ("101049000", "Жиеналинский с.о", Level.CITY, Level.RURAL_DISTRICT),
    ("104445000", "с.о.им.Койгельды Аухадиева", Level.DISTRICT, Level.RURAL_DISTRICT),
    ("101065000", "Шульбинская п.а.", Level.CITY, Level.RURAL_DISTRICT),
    ("751210000", "Алатауский район", Level.REGION, Level.DISTRICT),
    ("111033102", "с.Озерное", Level.SETTLEMENT, Level.SETTLEMENT),
    ("111033000", "Без пометки", Level.DISTRICT, Level.RURAL_DISTRICT),
    ("111020000", "Без пометки", Level.DISTRICT, Level.TOWN),
])
def test_level_inference(code, name, parent_level, level):
    assert infer_level(code, name, parent_level) == level


@pytest.mark.django_db
def test_command_prints_counts_and_refuses_a_bad_file(tmp_path):
    out = StringIO()
    call_command("import_kato", str(ABAI), stdout=out)
    assert "Rural district: 136" in out.getvalue() and "1603 created" in out.getvalue()
    bad = tmp_path / "bad.csv"
    bad.write_text(SMALL + "9;8;1156302;с.Короткий\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Line 10"):
        call_command("import_kato", str(bad), stdout=StringIO())
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_kato", str(tmp_path / "missing.csv"), stdout=StringIO())
    dry = StringIO()
    call_command("import_kato", str(ABAI), "--dry-run", stdout=dry)
    assert "1603 unchanged" in dry.getvalue() and "Dry run" in dry.getvalue()
    assert Territory.objects.count() == 1603
