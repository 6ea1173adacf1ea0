"""The duplication finder (by legal basis and by name) and the audited reviewer's decisions."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from auyl.core.models import AuditEvent, TerritorySetting
from auyl.powers import selectors
from auyl.powers.duplicates import decide_duplicate, find_duplicates
from auyl.powers.models import DuplicateCandidate, Match, Review
from auyl.powers.services import register_power


@pytest.fixture
def functions(bodies, supervisor):
    def add(body, name, basis=""):
        return register_power(actor=supervisor, body=bodies[body], name_ru=name, legal_basis=basis)

    return {
        "d_fairs": add(
            "district", "Организация выставочно-ярмарочной деятельности", "Закон о МГУ ст.31 п.1 пп.12"
        ),
        "a_fairs": add("rd_a", "Организация ярмарочной деятельности"),
        "d_waste": add("district", "Раздельный сбор коммунальных отходов", "Экологический кодекс, ст. 365"),
        "a_waste": add("rd_a", "Организация сбора мусора", "Экологический кодекс ст 365"),
        "a_records": add("rd_a", "Похозяйственный учёт"),
        "b_fairs": add("rd_b", "Организация ярмарочной деятельности"),
    }


def test_finder_lists_pairs_by_name_and_by_legal_basis(functions, supervisor, tree):
    added = find_duplicates(actor=supervisor, territory=tree["rd_a"])
    pairs = {(c.first_id, c.second_id): c.match for c in added}
    assert pairs == {
        (functions["d_fairs"].pk, functions["a_fairs"].pk): Match.NAME,
        (functions["d_waste"].pk, functions["a_waste"].pk): Match.LEGAL_BASIS,
    }
    # Two rural districts do not share a territory: their fairs are not a duplication.
    assert not DuplicateCandidate.objects.filter(second=functions["b_fairs"]).exists()
    assert AuditEvent.objects.filter(action="powers.duplicate_listed").count() == 2


def test_rerun_adds_nothing_and_keeps_decisions(functions, supervisor, tree):
    candidate = find_duplicates(actor=supervisor, territory=tree["district"])[0]
    decide_duplicate(
        actor=supervisor, candidate=candidate, decision=Review.TO_TRANSFER, note="to the village"
    )
    assert find_duplicates(actor=supervisor, territory=tree["district"]) == []
    candidate.refresh_from_db()
    assert candidate.decision == Review.TO_TRANSFER


def test_threshold_is_a_regional_setting(functions, supervisor, tree):
    TerritorySetting.objects.create(territory=tree["region"], key="powers.name_similarity", value=40)
    find_duplicates(actor=supervisor, territory=tree["rd_a"])
    waste = DuplicateCandidate.objects.get(first=functions["d_waste"], second=functions["a_waste"])
    assert waste.match == Match.BOTH and waste.score == 43


def test_decision_recorded_and_audited(functions, supervisor, tree):
    candidate = find_duplicates(actor=supervisor, territory=tree["rd_a"])[0]
    decide_duplicate(actor=supervisor, candidate=candidate, decision=Review.DUPLICATE, note="same work")
    decide_duplicate(
        actor=supervisor, candidate=candidate, decision=Review.NOT_DUPLICATE, note="different scale"
    )
    candidate.refresh_from_db()
    assert (candidate.decision, candidate.decided_by) == (Review.NOT_DUPLICATE, supervisor)
    events = AuditEvent.objects.filter(action="powers.duplicate_decided", object_id=str(candidate.pk))
    assert [e.changes["decision"] for e in events.order_by("seq")] == [
        ["pending", "duplicate"],
        ["duplicate", "not_duplicate"],
    ]


def test_village_akim_cannot_decide_for_the_district(functions, supervisor, akim_a, tree):
    candidate = find_duplicates(actor=akim_a, territory=tree["rd_a"])[0]
    with pytest.raises(PermissionDenied):
        decide_duplicate(actor=akim_a, candidate=candidate, decision=Review.DUPLICATE)
    with pytest.raises(ValidationError):
        decide_duplicate(actor=supervisor, candidate=candidate, decision="maybe")
    candidate.refresh_from_db()
    assert candidate.decision == Review.PENDING


def test_other_akim_sees_no_candidates_of_a_neighbour(functions, supervisor, akim_b, tree):
    find_duplicates(actor=supervisor, territory=tree["district"])
    with pytest.raises(PermissionDenied):
        selectors.candidates_for(akim_b, tree["rd_a"])
    seen = list(selectors.candidates_for(akim_b, tree["rd_b"]))
    assert [(c.first, c.second) for c in seen] == [(functions["d_fairs"], functions["b_fairs"])]
