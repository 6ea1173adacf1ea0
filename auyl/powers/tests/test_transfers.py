"""Transfer proposals: direction, financing, the dated status path, approval moving the function."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from auyl.core.models import AuditEvent
from auyl.powers.models import Power, TransferProposal, TransferStatus
from auyl.powers.services import register_power
from auyl.powers.transfers import advance_transfer, propose_transfer


@pytest.fixture
def fairs(bodies, supervisor):
    return register_power(
        actor=supervisor,
        body=bodies["district"],
        name_ru="Организация ярмарок",
        name_kk="Жәрмеңкелерді ұйымдастыру",
        legal_basis="Закон о МГУ ст. 31",
        programme_code="amenities",
    )


def _propose(actor, bodies, power=None, **kwargs):
    days_ago = timezone.localdate() - dt.timedelta(days=10)
    return propose_transfer(
        actor=actor,
        from_body=bodies["district"],
        to_body=bodies["rd_a"],
        power=power,
        financing=kwargs.pop("financing", "1500000"),
        proposed_on=days_ago,
        **kwargs,
    )


def test_full_path_to_approval_moves_the_function(bodies, supervisor, akim_a, fairs):
    proposal = _propose(akim_a, bodies, fairs, programme_code="amenities", source="003:772-779")
    assert proposal.financing == Decimal("1500000.00") and proposal.title_ru == "Организация ярмарок"
    today = timezone.localdate()
    advance_transfer(
        actor=supervisor, proposal=proposal, status="under_review", on=today - dt.timedelta(days=5)
    )
    proposal = advance_transfer(
        actor=supervisor,
        proposal=proposal,
        status="approved",
        on=today,
        decision_number="12/3",
        note="Maslikhat agreed",
    )
    assert proposal.status == TransferStatus.APPROVED and proposal.decided_on == today
    assert [s.status for s in proposal.steps.all()] == ["proposed", "under_review", "approved"]
    fairs.refresh_from_db()
    assert fairs.ended_on == today
    received = Power.objects.get(body=bodies["rd_a"], ended_on__isnull=True)
    assert received == proposal.created_power and received.programme_code == "amenities"
    actions = set(
        AuditEvent.objects.filter(object_type="powers.transferproposal").values_list("action", flat=True)
    )
    assert actions == {"powers.transfer_proposed", "powers.transfer_under_review", "powers.transfer_approved"}


def test_transfer_to_a_level_above_is_refused(bodies, akim_a, admin):
    with pytest.raises(ValidationError) as exc:
        propose_transfer(
            actor=admin, from_body=bodies["rd_a"], to_body=bodies["district"], title_ru="Ярмарки"
        )
    assert "lower level" in str(exc.value)
    with pytest.raises(ValidationError):  # same level, neighbouring village
        propose_transfer(actor=admin, from_body=bodies["rd_b"], to_body=bodies["rd_a"], title_ru="Ярмарки")
    assert not TransferProposal.objects.exists()


@pytest.mark.parametrize(
    "financing, message",
    [("-1", "cannot be negative"), ("lots", "amount in tenge"), ("1e20", "implausibly large")],
)
def test_bad_financing_is_refused(bodies, akim_a, financing, message):
    with pytest.raises(ValidationError) as exc:
        _propose(akim_a, bodies, title_ru="Ярмарки", financing=financing)
    assert message in str(exc.value)
    assert not TransferProposal.objects.exists()


def test_function_of_another_body_or_future_date_refused(bodies, supervisor, akim_a):
    other = register_power(actor=supervisor, body=bodies["rd_b"], name_ru="Ярмарки")
    with pytest.raises(ValidationError):
        _propose(akim_a, bodies, other)
    with pytest.raises(ValidationError):
        propose_transfer(
            actor=akim_a,
            from_body=bodies["district"],
            to_body=bodies["rd_a"],
            title_ru="Ярмарки",
            proposed_on=timezone.localdate() + dt.timedelta(days=1),
        )
    assert not TransferProposal.objects.exists()


def test_status_path_is_enforced(bodies, supervisor, akim_a):
    proposal = _propose(akim_a, bodies, title_ru="Ярмарки")
    with pytest.raises(ValidationError):  # skipping the review
        advance_transfer(actor=supervisor, proposal=proposal, status="approved")
    with pytest.raises(ValidationError):  # before the proposal's date
        advance_transfer(
            actor=supervisor,
            proposal=proposal,
            status="under_review",
            on=proposal.proposed_on - dt.timedelta(days=1),
        )
    with pytest.raises(ValidationError):  # a rejection needs its reason
        advance_transfer(actor=supervisor, proposal=proposal, status="rejected")
    advance_transfer(actor=supervisor, proposal=proposal, status="rejected", note="No financing in the plan")
    with pytest.raises(ValidationError):  # a decision is final
        advance_transfer(actor=supervisor, proposal=proposal, status="under_review")
    proposal.refresh_from_db()
    assert proposal.status == TransferStatus.REJECTED and proposal.steps.count() == 2


def test_receiving_akim_cannot_decide_nor_propose_for_a_neighbour(bodies, akim_a, akim_b):
    proposal = _propose(akim_a, bodies, title_ru="Ярмарки")
    with pytest.raises(PermissionDenied):
        advance_transfer(actor=akim_a, proposal=proposal, status="under_review")
    with pytest.raises(PermissionDenied):
        _propose(akim_b, bodies, title_ru="Ярмарки")
    proposal.refresh_from_db()
    assert proposal.status == TransferStatus.PROPOSED
