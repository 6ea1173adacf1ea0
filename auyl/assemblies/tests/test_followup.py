"""Follow-up: the akim's response within the deadline; rejection or a missed deadline escalates."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from auyl.assemblies import selectors, services
from auyl.assemblies.followup import run_followup
from auyl.assemblies.models import Decision, DecisionStatus, Escalation
from auyl.core import periodic
from auyl.core.models import Notification, TerritorySetting

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def decision(tree, villagers, convene, staff):
    meeting = convene(tree["village_a2"])
    for person in villagers["adults"][:4]:
        services.check_in(actor=staff["registrar"], meeting=meeting, resident=person)
    item = meeting.items.get(number=1)
    services.record_vote(actor=staff["registrar"], item=item, votes_for=4, votes_against=0, abstained=0)
    services.close_item(actor=staff["registrar"], item=item)
    return Decision.objects.get(item=item)


def _escalation_mail():
    return Notification.objects.filter(dedupe_key__startswith="assemblies-escalated:")


def test_the_akim_is_told_and_has_ten_days(decision, staff):
    assert decision.status == DecisionStatus.AWAITING_RESPONSE
    assert decision.response_due >= timezone.localdate() + dt.timedelta(days=10)
    assert (
        Notification.objects.filter(
            recipient="akim.a@akimat.kz", dedupe_key__startswith="assemblies-decision:"
        ).count()
        == 1
    )


def test_a_region_sets_the_response_deadline(tree, villagers, convene, staff):
    TerritorySetting.objects.create(territory=tree["region"], key="assemblies.response_days", value=30)
    meeting = convene(tree["village_a2"])
    for person in villagers["adults"][:2]:
        services.check_in(actor=staff["registrar"], meeting=meeting, resident=person)
    item = meeting.items.get(number=1)
    services.record_vote(actor=staff["registrar"], item=item, votes_for=2, votes_against=0, abstained=0)
    services.close_item(actor=staff["registrar"], item=item)
    assert Decision.objects.get(item=item).response_due >= timezone.localdate() + dt.timedelta(days=30)


def test_a_missed_deadline_escalates_to_the_district_akim_once(decision):
    assert run_followup(today=decision.response_due) == {"overdue_responses": 0, "overdue_tasks": 0}
    assert run_followup(today=decision.response_due + dt.timedelta(days=1))["overdue_responses"] == 1
    assert periodic.run_all(only=["assemblies.followup"])["assemblies.followup"]["overdue_responses"] == 0
    decision.refresh_from_db()
    assert decision.escalation == Escalation.OVERDUE and decision.escalated_at is not None
    assert set(_escalation_mail().values_list("recipient", flat=True)) == {
        "district.akim@akimat.kz",
        "+77015550009",
    }
    assert run_followup(today=decision.response_due + dt.timedelta(days=5))["overdue_responses"] == 0
    assert _escalation_mail().count() == 2


def test_a_rejection_escalates_at_once(decision, staff):
    with pytest.raises(ValidationError, match="reasons"):
        services.respond_to_decision(actor=staff["akim"], decision=decision, response="rejected", text="")
    services.respond_to_decision(
        actor=staff["akim"], decision=decision, response="rejected", text="No money in this year's budget."
    )
    decision.refresh_from_db()
    assert (decision.status, decision.escalation) == (DecisionStatus.REJECTED, Escalation.REJECTED)
    assert _escalation_mail().filter(recipient="district.akim@akimat.kz").exists()
    with pytest.raises(ValidationError, match="already responded"):
        services.respond_to_decision(
            actor=staff["akim"],
            decision=decision,
            response="accepted",
            text="Plan",
            plan_due=timezone.localdate(),
        )
    assert selectors.decisions_visible_to(staff["supervisor"], escalated=True).get() == decision


def test_acceptance_with_a_plan_is_tracked_to_completion(decision, staff):
    with pytest.raises(ValidationError, match="date by which"):
        services.respond_to_decision(
            actor=staff["akim"], decision=decision, response="accepted", text="Repair"
        )
    with pytest.raises(ValidationError, match="cannot be past"):
        services.respond_to_decision(
            actor=staff["akim"],
            decision=decision,
            response="accepted",
            text="Repair",
            plan_due=timezone.localdate() - dt.timedelta(days=1),
        )
    due = timezone.localdate() + dt.timedelta(days=60)
    services.respond_to_decision(
        actor=staff["akim"],
        decision=decision,
        response="partly_accepted",
        text="The road will be graded, not asphalted.",
        plan_due=due,
    )
    decision.refresh_from_db()
    assert (decision.status, decision.plan_due, decision.escalated_at) == (
        DecisionStatus.IN_PROGRESS,
        due,
        None,
    )
    assert run_followup(today=due + dt.timedelta(days=1))["overdue_tasks"] == 1
    services.complete_decision(actor=staff["executor"], decision=decision, note="Graded on 1 June.")
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.DONE and decision.completed_at is not None


def test_only_the_akim_of_the_place_responds(decision, staff):
    for outsider in (staff["registrar"], staff["akim_b"]):
        with pytest.raises(PermissionDenied):
            services.respond_to_decision(actor=outsider, decision=decision, response="rejected", text="No")
    with pytest.raises(ValidationError, match="accepted, partly accepted or rejected"):
        services.respond_to_decision(actor=staff["akim"], decision=decision, response="maybe", text="?")
    decision.refresh_from_db()
    assert decision.response == "" and decision.status == DecisionStatus.AWAITING_RESPONSE
