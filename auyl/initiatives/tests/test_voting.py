"""Voting: who may vote (registered adults of the territory), one ballot per person, ballot changes
until voting closes when the campaign allows them, refusals outside the voting phase, polling points
with double-entry protection."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from auyl.core.models import AuditEvent
from auyl.initiatives import services, voting
from auyl.initiatives.models import Ballot, Turnout

from .conftest import DATES, build_ballot

pytestmark = pytest.mark.django_db


def test_a_resident_votes_once_and_both_roll_and_ballot_are_stored(ballot_ready, people):
    campaign, (p1, p2, _p3) = ballot_ready
    vote = services.cast_ballot(actor=people["aliya"], campaign=campaign, choices=[str(p2.pk), p1.pk])
    assert vote.changed is False
    turnout = Turnout.objects.get()
    assert turnout.resident == people["aliya"].resident and turnout.channel == "online"
    ballot = Ballot.objects.get()
    assert ballot.choices == sorted([p1.pk, p2.pk])
    event = AuditEvent.objects.get(action="initiatives.ballot_cast")
    assert event.changes == {"campaign": campaign.pk, "channel": "online"}


def test_a_changed_ballot_replaces_the_first_and_the_person_still_counts_once(ballot_ready, people):
    campaign, (p1, p2, p3) = ballot_ready
    services.cast_ballot(actor=people["aliya"], campaign=campaign, choices=[p1.pk])
    vote = services.cast_ballot(actor=people["aliya"], campaign=campaign, choices=[p2.pk, p3.pk])
    assert vote.changed is True
    assert Turnout.objects.count() == 1 and Ballot.objects.count() == 1
    assert Ballot.objects.get().choices == sorted([p2.pk, p3.pk])
    assert Turnout.objects.get().change_count == 1
    assert voting.own_choices(campaign, people["aliya"].resident_id) == sorted([p2.pk, p3.pk])
    assert AuditEvent.objects.filter(action="initiatives.ballot_changed").count() == 1


def test_without_changes_a_second_ballot_is_refused_saying_when_and_how(make_campaign, staff, people, clock):
    campaign, (p1, p2, _p3) = build_ballot(make_campaign, staff, people, clock, allow_ballot_changes=False)
    clock.set(clock.now.date(), dt.time(9, 41))
    services.cast_ballot(actor=people["aliya"], campaign=campaign, choices=[p1.pk])
    with pytest.raises(ValidationError) as caught:
        services.cast_ballot(actor=people["aliya"], campaign=campaign, choices=[p2.pk])
    message = caught.value.messages[0]
    assert "04.04.2030 at 09:41, online" in message and "cannot be changed" in message
    assert Ballot.objects.get().choices == [p1.pk] and Ballot.objects.get().link is None


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("teen", "aged 18 and over"),
        ("outsider", "registered in"),
        ("undated", "date of birth is missing"),
    ],
)
def test_ineligible_residents_are_refused_with_the_reason(ballot_ready, people, who, message):
    campaign, (p1, _p2, _p3) = ballot_ready
    with pytest.raises(ValidationError, match=message):
        services.cast_ballot(actor=people[who], campaign=campaign, choices=[p1.pk])
    assert not Turnout.objects.exists() and not Ballot.objects.exists()


def test_the_day_a_resident_turns_the_minimum_age_they_may_vote(ballot_ready, people, clock):
    campaign, (p1, _p2, _p3) = ballot_ready
    clock.set(dt.date(2030, 4, 5), dt.time(0, 5))
    services.cast_ballot(actor=people["teen"], campaign=campaign, choices=[p1.pk])
    assert Turnout.objects.filter(resident=people["teen"].resident).exists()


def test_a_merged_or_inactive_registry_record_cannot_vote(ballot_ready, people):
    campaign, (p1, _p2, _p3) = ballot_ready
    resident = people["dana"].resident
    resident.is_active = False
    resident.save()
    with pytest.raises(ValidationError, match="not active"):
        services.cast_ballot(actor=people["dana"], campaign=campaign, choices=[p1.pk])


def test_anonymous_visitors_and_accounts_without_a_registry_record_cannot_vote(ballot_ready, staff):
    campaign, (p1, _p2, _p3) = ballot_ready
    with pytest.raises(PermissionDenied):
        services.cast_ballot(actor=None, campaign=campaign, choices=[p1.pk])
    with pytest.raises(PermissionDenied):
        services.cast_ballot(actor=staff["akim"], campaign=campaign, choices=[p1.pk])


@pytest.mark.parametrize(
    ("choices", "message"),
    [
        ([], "at least one"),
        (["abc"], "not on this ballot"),
        ([999_999], "not on this ballot"),
        ("all", "not on this ballot"),
    ],
)
def test_malformed_ballots_are_refused(ballot_ready, people, choices, message):
    campaign, _projects = ballot_ready
    with pytest.raises(ValidationError, match=message):
        services.cast_ballot(actor=people["aliya"], campaign=campaign, choices=choices)
    assert not Turnout.objects.exists()


def test_a_rejected_project_is_not_on_the_ballot(ballot_ready, people):
    campaign, _projects = ballot_ready
    rejected = campaign.proposals.get(status="rejected")
    with pytest.raises(ValidationError, match="not on this ballot"):
        services.cast_ballot(actor=people["aliya"], campaign=campaign, choices=[rejected.pk])


def test_approval_ballots_take_at_most_k_projects(ballot_ready, people):
    campaign, projects = ballot_ready
    with pytest.raises(ValidationError, match="at most 2 projects"):
        services.cast_ballot(actor=people["aliya"], campaign=campaign, choices=[p.pk for p in projects])


def test_knapsack_ballots_must_fit_the_amount(make_campaign, staff, people, clock):
    campaign, (p1, p2, p3) = build_ballot(
        make_campaign, staff, people, clock, ballot_type="knapsack", amount=10_000_000
    )
    with pytest.raises(ValidationError) as caught:
        services.cast_ballot(actor=people["aliya"], campaign=campaign, choices=[p1.pk, p2.pk, p3.pk])
    assert "12\u00a0000\u00a0000 tenge together" in caught.value.messages[0]
    services.cast_ballot(actor=people["aliya"], campaign=campaign, choices=[p1.pk, p3.pk])
    assert Ballot.objects.get().choices == sorted([p1.pk, p3.pk])


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (DATES["discussion_until"], "Voting opens on 31.03.2030"),
        (DATES["voting_until"] + dt.timedelta(days=1), "Voting closed on 09.04.2030"),
    ],
)
def test_ballots_outside_the_voting_phase_are_refused(ballot_ready, people, clock, day, message):
    campaign, (p1, _p2, _p3) = ballot_ready
    clock.set(day, dt.time(23, 59))
    with pytest.raises(ValidationError, match=message):
        services.cast_ballot(actor=people["aliya"], campaign=campaign, choices=[p1.pk])


def test_a_ballot_cannot_be_changed_after_voting_closes(ballot_ready, people, clock):
    campaign, (p1, p2, _p3) = ballot_ready
    services.cast_ballot(actor=people["aliya"], campaign=campaign, choices=[p1.pk])
    clock.set(DATES["voting_until"] + dt.timedelta(days=1), dt.time(0, 0))
    with pytest.raises(ValidationError, match="Voting closed"):
        services.cast_ballot(actor=people["aliya"], campaign=campaign, choices=[p2.pk])
    assert Ballot.objects.get().choices == [p1.pk]


# --- polling points ---------------------------------------------------------------------------------


def test_staff_enter_a_paper_ballot_and_a_second_entry_is_refused_saying_when_and_where(
    ballot_ready, staff, offline, clock
):
    campaign, (p1, p2, _p3) = ballot_ready
    clock.set(clock.now.date(), dt.time(11, 5))
    turnout = services.record_polling_ballot(
        actor=staff["registrar"],
        campaign=campaign,
        resident=offline,
        choices=[p1.pk],
        polling_point="Мектеп №2",
    )
    assert turnout.channel == "polling_point" and turnout.recorded_by == staff["registrar"]
    with pytest.raises(ValidationError) as caught:
        services.record_polling_ballot(
            actor=staff["akim"], campaign=campaign, resident=offline, choices=[p2.pk], polling_point="Клуб"
        )
    message = caught.value.message_dict["resident"][0]
    assert "04.04.2030 at 11:05" in message and "«Мектеп №2»" in message
    assert p1.title not in message and p2.title not in message
    assert Ballot.objects.count() == 1 and Ballot.objects.get().choices == [p1.pk]


def test_a_polling_point_refuses_someone_who_voted_online(ballot_ready, staff, people):
    campaign, (p1, _p2, _p3) = ballot_ready
    services.cast_ballot(actor=people["marat"], campaign=campaign, choices=[p1.pk])
    with pytest.raises(ValidationError, match="already voted .* online"):
        services.record_polling_ballot(
            actor=staff["registrar"],
            campaign=campaign,
            resident=people["marat"].resident,
            choices=[p1.pk],
            polling_point="Мектеп №2",
        )


def test_a_polling_point_checks_eligibility_and_its_own_name(ballot_ready, staff, people):
    campaign, (p1, _p2, _p3) = ballot_ready
    with pytest.raises(ValidationError, match="younger than 18"):
        services.record_polling_ballot(
            actor=staff["registrar"],
            campaign=campaign,
            resident=people["teen"].resident,
            choices=[p1.pk],
            polling_point="Мектеп",
        )
    with pytest.raises(ValidationError) as caught:
        services.record_polling_ballot(
            actor=staff["registrar"],
            campaign=campaign,
            resident=people["dana"].resident,
            choices=[p1.pk],
            polling_point=" ",
        )
    assert "polling_point" in caught.value.message_dict
    assert not Turnout.objects.exists()


def test_staff_of_another_district_cannot_enter_ballots_here(ballot_ready, staff, offline):
    campaign, (p1, _p2, _p3) = ballot_ready
    for who in ("registrar_b", "executor", "auditor"):
        with pytest.raises(PermissionDenied):
            services.record_polling_ballot(
                actor=staff[who], campaign=campaign, resident=offline, choices=[p1.pk], polling_point="X"
            )


def test_nobody_enters_their_own_ballot(ballot_ready, staff, people):
    campaign, (p1, _p2, _p3) = ballot_ready
    staff["registrar"].resident = people["dana"].resident
    people["dana"].resident = None
    people["dana"].save()
    staff["registrar"].save()
    with pytest.raises(ValidationError, match="another member of staff"):
        services.record_polling_ballot(
            actor=staff["registrar"],
            campaign=campaign,
            resident=staff["registrar"].resident,
            choices=[p1.pk],
            polling_point="Мектеп",
        )


def test_a_resident_who_voted_at_a_polling_point_may_change_online_when_allowed(ballot_ready, staff, people):
    campaign, (p1, p2, _p3) = ballot_ready
    services.record_polling_ballot(
        actor=staff["registrar"],
        campaign=campaign,
        resident=people["dana"].resident,
        choices=[p1.pk],
        polling_point="Мектеп",
    )
    services.cast_ballot(actor=people["dana"], campaign=campaign, choices=[p2.pk])
    assert Ballot.objects.get().choices == [p2.pk]
