"""The demo: the 003 examples load, the four transfers are there, and a second run adds nothing."""

from auyl.powers.demo import load_powers_demo
from auyl.powers.models import DuplicateCandidate, Power, TransferProposal


def test_demo_is_idempotent_and_holds_the_four_transfers(db, settings):
    first = load_powers_demo()
    assert first["functions"] == 9 and first["transfers"] == 4 and first["duplications"] >= 2
    assert set(TransferProposal.objects.values_list("status", flat=True)) == {
        "proposed",
        "under_review",
        "approved",
    }
    fairs = Power.objects.get(name_ru="Организация выставочно-ярмарочной деятельности", ended_on__isnull=True)
    assert fairs.level == "rural_district"  # the approved transfer moved it to the village
    assert DuplicateCandidate.objects.filter(decision="to_transfer").exists()
    assert load_powers_demo() == {
        "functions": 0,
        "duplications": 0,
        "transfers": 0,
        "pending_review": first["pending_review"],
    }
