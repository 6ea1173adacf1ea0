"""The catalogue of budget programmes: seeded from the sources, grown and edited by an administrator."""

from auyl.budget.catalogue import SEEDED_PROGRAMMES, load_programmes, revenue_kind
from auyl.budget.models import Programme


def test_the_seeded_programmes_are_there_after_migrate_and_a_reload_changes_nothing(db):
    assert {p.code for p in SEEDED_PROGRAMMES} <= set(Programme.objects.values_list("code", flat=True))
    assert load_programmes() == 0


def test_an_administrators_edits_survive_the_next_migrate(db):
    roads = Programme.objects.get(code="roads")
    roads.name_ru, roads.is_active = "Дороги (переименовано)", False
    roads.save()
    Programme.objects.create(code="culture", name_en="House of culture", name_ru="Дом культуры")
    Programme.objects.filter(code="sanitation").delete()
    assert load_programmes() == 1  # only the missing seeded one comes back
    roads.refresh_from_db()
    assert roads.name_ru == "Дороги (переименовано)" and not roads.is_active
    assert Programme.objects.filter(code="culture").exists()


def test_revenue_kinds():
    assert [revenue_kind(c) for c in ("land_tax", "sme_corporate_tax", "fines", "transfers")] == [
        "tax",
        "tax",
        "non_tax",
        "transfer",
    ]
