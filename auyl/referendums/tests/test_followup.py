"""A binding adopted result becomes a decision of the meeting engine: the akim's response within the
deadline, escalation when rejected or late, tracking to done, and the public record of it."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from auyl.accounts.testing import force_staff_login
from auyl.assemblies import services as assemblies
from auyl.assemblies.models import Decision
from auyl.core.models import AuditEvent, Notification
from auyl.core.roles import Role
from auyl.referendums import services

from .conftest import scheduled


def _adopt(staff, people, clock, referendum, actor=None):
    """Sign, schedule, vote yes by two of three adults, close and declare."""
    actor = actor or staff["akim"]
    services.sign(actor=people["aliya"], referendum=referendum)
    if referendum.kind == "recall":
        referendum = services.schedule_vote(
            actor=actor,
            referendum=referendum,
            voting_from=clock.now.date() + dt.timedelta(days=10),
            voting_until=clock.now.date() + dt.timedelta(days=12),
        )
        clock.set(referendum.voting_from)
    else:
        referendum = scheduled(staff, clock, referendum)
    for name in ("aliya", "marat"):
        services.cast_ballot(actor=people[name], referendum=referendum, choice="yes")
    clock.set(referendum.voting_until + dt.timedelta(days=1))
    return services.declare_result(actor=actor, referendum=referendum)


def _recall(tree, staff):
    return services.create_question(
        actor=staff["district_akim"],
        territory=tree["rd_a"],
        kind="recall",
        initiator="residents",
        question="Ауыл әкімі қызметінен босатылсын ба?",
    )


def test_the_akim_answers_a_referendum_decision_and_carries_it_out(staff, people, clock, initiative):
    result = _adopt(staff, people, clock, initiative)
    decision = Decision.objects.get()
    assert decision.text == initiative.question and decision.meeting is None and decision.item is None
    assert decision.response_due > clock.now.date()  # assemblies.response_days from the declaration
    assert "Local referendum" in decision.taken_by
    with pytest.raises(PermissionDenied):  # another rural district's akim
        assemblies.respond_to_decision(
            actor=staff["akim_b"], decision=decision, response="accepted", text="x", plan_due=clock.now.date()
        )
    with pytest.raises(ValidationError, match="date by which the plan"):
        assemblies.respond_to_decision(
            actor=staff["akim"], decision=decision, response="accepted", text="Plan"
        )
    decision.refresh_from_db()
    assert decision.status == "awaiting_response" and decision.response == ""
    due = clock.now.date() + dt.timedelta(days=60)
    assemblies.respond_to_decision(
        actor=staff["akim"],
        decision=decision,
        response="accepted",
        text="Саябақ жазда салынады.",
        plan_due=due,
    )
    assemblies.complete_decision(actor=staff["akim"], decision=decision, note="Салынды.")
    decision.refresh_from_db()
    assert (decision.status, decision.plan_due, decision.escalated_at) == ("done", due, None)
    assert result.status == "decided"


def test_a_late_response_is_escalated_to_the_district_akim(staff, people, clock, initiative):
    staff["district_akim"].email = "district@example.kz"
    staff["district_akim"].save()
    _adopt(staff, people, clock, initiative)
    decision = Decision.objects.get()
    assert assemblies.run_followup(decision.response_due) == {"overdue_responses": 0, "overdue_tasks": 0}
    late = decision.response_due + dt.timedelta(days=1)
    assert assemblies.run_followup(late)["overdue_responses"] == 1
    assert assemblies.run_followup(late)["overdue_responses"] == 0  # once
    decision.refresh_from_db()
    assert decision.escalation == "overdue"
    message = Notification.objects.get(recipient="district@example.kz")
    assert initiative.question in message.body


def test_hand_over_is_one_decision_per_referendum(staff, people, clock, initiative):
    from auyl.referendums.followup import hand_over

    result = _adopt(staff, people, clock, initiative)
    assert hand_over(staff["akim"], result).pk == Decision.objects.get().pk
    assert AuditEvent.objects.filter(action="assemblies.decision_created").count() == 1


def test_a_non_binding_result_is_not_followed_up(tree, staff, people, clock):
    from auyl.referendums.tests.test_initiators import _meeting

    meeting = _meeting(tree["rd_a"], "community_meeting")
    question = services.create_question(
        actor=staff["akim"],
        territory=tree["rd_a"],
        kind="referendum",
        initiator="community_meeting",
        question="Кеңес беру сауалы",
        meeting_id=meeting.pk,
        binding=False,
    )
    for name in ("aliya", "marat"):
        question = scheduled(staff, clock, question) if question.status != "scheduled" else question
        services.cast_ballot(actor=people[name], referendum=question, choice="yes")
    clock.set(question.voting_until + dt.timedelta(days=1))
    assert services.declare_result(actor=staff["akim"], referendum=question).adopted is True
    assert not Decision.objects.exists()


def test_a_recall_is_answered_by_the_district_akim_not_the_rural_akim(tree, staff, people, clock, make_staff):
    regional = make_staff(Role.AKIM, tree["region"], username="regional-akim")
    regional.email = "region@example.kz"
    regional.save()
    _adopt(staff, people, clock, _recall(tree, staff), actor=staff["district_akim"])
    decision = Decision.objects.get()
    assert decision.addressee == "district_akim"
    with pytest.raises(PermissionDenied):  # the akim whose dismissal is asked
        assemblies.respond_to_decision(actor=staff["akim"], decision=decision, response="rejected", text="No")
    assemblies.respond_to_decision(
        actor=staff["district_akim"], decision=decision, response="rejected", text="Негіз жоқ."
    )
    decision.refresh_from_db()
    assert (decision.status, decision.escalation) == ("rejected", "rejected")
    assert Notification.objects.filter(recipient="region@example.kz").count() == 1  # one level up: the region


def test_the_public_page_shows_the_akims_response(client, staff, people, clock, initiative):
    result = _adopt(staff, people, clock, initiative)
    decision = Decision.objects.get()
    url = reverse("referendums:public", args=[result.pk])
    page = client.get(url).content.decode()
    assert 'data-decision-status="awaiting_response"' in page
    assemblies.respond_to_decision(
        actor=staff["akim"],
        decision=decision,
        response="partly_accepted",
        text="Саябақтың бір бөлігі салынады.",
        plan_due=clock.now.date() + dt.timedelta(days=30),
    )
    page = client.get(url).content.decode()
    assert "Саябақтың бір бөлігі салынады." in page and 'data-decision-status="in_progress"' in page


def test_the_staff_page_links_the_decision(client, staff, people, clock, initiative):
    result = _adopt(staff, people, clock, initiative)
    force_staff_login(client, staff["akim"])
    page = client.get(reverse("referendums:manage", args=[result.pk])).content.decode()
    assert reverse("assemblies:decision", args=[Decision.objects.get().pk]) in page
