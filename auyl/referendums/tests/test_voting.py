"""Voting: one ballot per resident, closed phases, secrecy, the result and what follows it."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from auyl.assemblies.models import Decision
from auyl.core.models import AuditEvent, TerritorySetting
from auyl.referendums import selectors, services
from auyl.referendums.models import Ballot, Referendum, Status, Turnout

from .conftest import TODAY, scheduled


def test_a_resident_votes_once(voting, people):
    services.cast_ballot(actor=people["aliya"], referendum=voting, choice="yes")
    with pytest.raises(ValidationError, match="Already voted on 11.03.2030"):
        services.cast_ballot(actor=people["aliya"], referendum=voting, choice="no")
    assert (
        Turnout.objects.filter(referendum=voting).count()
        == Ballot.objects.filter(referendum=voting).count()
        == 1
    )
    assert Ballot.objects.get().choice == "yes"


def test_non_residents_minors_and_bad_answers_are_refused(voting, people):
    with pytest.raises(ValidationError, match="Only residents registered in"):
        services.cast_ballot(actor=people["outsider"], referendum=voting, choice="yes")
    with pytest.raises(ValidationError, match="from the age of 18"):
        services.cast_ballot(actor=people["teen"], referendum=voting, choice="yes")
    with pytest.raises(ValidationError, match="Answer yes or no"):
        services.cast_ballot(actor=people["aliya"], referendum=voting, choice="maybe")
    assert not Turnout.objects.exists() and not Ballot.objects.exists()


def test_no_vote_before_or_after_the_voting_days(initiative, staff, people, clock):
    services.sign(actor=people["aliya"], referendum=initiative)
    with pytest.raises(ValidationError, match="not open"):  # not scheduled yet
        services.cast_ballot(actor=people["aliya"], referendum=initiative, choice="yes")
    referendum = scheduled(staff, clock, initiative)
    clock.set(referendum.voting_from - dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="not open"):
        services.cast_ballot(actor=people["aliya"], referendum=referendum, choice="yes")
    clock.set(referendum.voting_until + dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="not open"):
        services.cast_ballot(actor=people["aliya"], referendum=referendum, choice="yes")
    with pytest.raises(ValidationError, match="not being collected"):
        services.sign(actor=people["marat"], referendum=referendum)
    assert not Turnout.objects.exists()


def test_polling_point_ballot_and_the_voter_online_count_once(voting, staff, people):
    marat = people["marat"].resident
    services.record_polling_ballot(
        actor=staff["registrar"], referendum=voting, resident=marat, choice="no", polling_point="Мектеп"
    )
    with pytest.raises(ValidationError, match="Already voted"):
        services.cast_ballot(actor=people["marat"], referendum=voting, choice="yes")
    with pytest.raises(ValidationError, match="polling point"):
        services.record_polling_ballot(
            actor=staff["registrar"],
            referendum=voting,
            resident=people["dana"].resident,
            choice="no",
            polling_point=" ",
        )
    with pytest.raises(PermissionDenied):
        services.record_polling_ballot(
            actor=staff["registrar_b"],
            referendum=voting,
            resident=people["dana"].resident,
            choice="no",
            polling_point="X",
        )
    assert Turnout.objects.count() == Ballot.objects.count() == 1


def test_ballots_cannot_be_joined_to_voters(voting, staff, people):
    services.cast_ballot(actor=people["aliya"], referendum=voting, choice="yes")
    services.cast_ballot(actor=people["marat"], referendum=voting, choice="no")
    fields = {f.name for f in Ballot._meta.get_fields()}
    assert fields == {"token", "referendum", "choice"}  # no person, time, order or link
    events = AuditEvent.objects.filter(action="referendums.voted")
    assert events.count() == 2
    assert all(set(e.changes) == {"referendum", "channel"} for e in events)  # never the answer
    roll = selectors.turnout_of(staff["registrar"], voting)
    assert {t.resident_id for t in roll} == {people["aliya"].resident_id, people["marat"].resident_id}
    assert not hasattr(roll[0], "choice")
    assert not selectors.turnout_of(staff["akim_b"], voting).exists()  # another district's akim sees nothing
    participation = selectors.own_participation(voting, people["aliya"].resident_id)
    assert participation == {"signed": True, "voted": True}


def _close(voting, clock):
    clock.set(voting.voting_until + dt.timedelta(days=1))


def test_the_result_needs_the_turnout(voting, staff, people, clock):
    services.cast_ballot(actor=people["aliya"], referendum=voting, choice="yes")  # 1 of 3: 33 % < 50 %
    with pytest.raises(ValidationError, match="still open"):
        services.declare_result(actor=staff["akim"], referendum=voting)
    _close(voting, clock)
    result = services.declare_result(actor=staff["akim"], referendum=voting)
    assert (result.roll_size, result.votes_yes, result.votes_no) == (3, 1, 0)
    assert result.turnout_reached is False and result.adopted is False
    assert selectors.status_label(result) == "Invalid: turnout too low"
    assert not Decision.objects.exists()  # an invalid result is not followed up
    with pytest.raises(ValidationError, match="Only a question whose vote was held"):
        services.declare_result(actor=staff["akim"], referendum=voting)


def test_an_adopted_binding_result_is_handed_to_the_akim(voting, staff, people, clock):
    staff["akim"].email = "akim@example.kz"
    staff["akim"].save()
    for name, choice in (("aliya", "yes"), ("marat", "yes"), ("dana", "no")):
        services.cast_ballot(actor=people[name], referendum=voting, choice=choice)
    _close(voting, clock)
    with pytest.raises(PermissionDenied):
        services.declare_result(actor=staff["akim_b"], referendum=voting)
    result = services.declare_result(actor=staff["akim"], referendum=voting)
    assert result.adopted is True and result.status == Status.DECIDED
    assert selectors.status_label(result) == "Adopted"
    from auyl.core.models import Notification

    # The message is in the akim's own language; the question itself is quoted in any language.
    assert (
        Notification.objects.filter(recipient="akim@example.kz", body__contains=voting.question).count() == 1
    )
    decision = Decision.objects.get()
    assert (decision.source, decision.territory, decision.status) == (
        result,
        voting.territory,
        "awaiting_response",
    )
    assert decision.addressee == "akim" and decision.addressed_to_akim


@pytest.mark.parametrize(
    ("rule", "yes", "no", "roll", "adopted"),
    [
        ("simple", 2, 1, 3, True),
        ("simple", 1, 1, 3, False),
        ("two_thirds", 2, 1, 3, True),
        ("two_thirds", 3, 2, 5, False),
        ("absolute", 2, 0, 5, False),
        ("absolute", 3, 0, 5, True),
    ],
)
def test_majority_rules(rule, yes, no, roll, adopted):
    assert services.majority_met(rule, yes, no, roll) is adopted


def test_the_regions_turnout_and_majority_are_copied_when_registered(tree, staff, people, clock):
    TerritorySetting.objects.create(territory=tree["district"], key="referendums.turnout_percent", value=30)
    TerritorySetting.objects.create(
        territory=tree["district"], key="referendums.majority", value="two_thirds"
    )
    referendum = services.create_question(
        actor=staff["akim"], territory=tree["rd_a"], kind="referendum", initiator="residents", question="Q?"
    )
    assert (referendum.turnout_percent, referendum.majority) == (30, "two_thirds")
    services.sign(actor=people["aliya"], referendum=referendum)
    referendum = scheduled(staff, clock, referendum)
    TerritorySetting.objects.filter(key="referendums.turnout_percent").update(value=90)  # a later change
    services.cast_ballot(actor=people["aliya"], referendum=referendum, choice="yes")  # 1 of 3 = 33 % >= 30 %
    clock.set(referendum.voting_until + dt.timedelta(days=1))
    assert services.declare_result(actor=staff["akim"], referendum=referendum).adopted is True


def test_schedule_bad_dates_are_refused_and_nothing_changes(initiative, staff, people):
    services.sign(actor=people["aliya"], referendum=initiative)
    for start, end, message in (
        (TODAY, TODAY, "start after today"),
        (TODAY + dt.timedelta(days=5), TODAY + dt.timedelta(days=4), "cannot end before"),
        (TODAY + dt.timedelta(days=5), TODAY + dt.timedelta(days=500), "within a year"),
        ("2030-04-01", TODAY + dt.timedelta(days=5), "Enter a date"),
    ):
        with pytest.raises(ValidationError, match=message):
            services.schedule_vote(
                actor=staff["akim"], referendum=initiative, voting_from=start, voting_until=end
            )
    initiative.refresh_from_db()
    assert initiative.status == Status.COLLECTING and initiative.voting_from is None


def test_a_started_vote_can_be_neither_moved_nor_cancelled(voting, staff):
    with pytest.raises(ValidationError, match="cannot be changed"):
        services.schedule_vote(
            actor=staff["akim"],
            referendum=voting,
            voting_from=TODAY + dt.timedelta(days=30),
            voting_until=TODAY + dt.timedelta(days=31),
        )
    with pytest.raises(ValidationError, match="can no longer be cancelled"):
        services.cancel(actor=staff["akim"], referendum=voting, reason="x")
    assert Referendum.objects.get(pk=voting.pk).status == Status.SCHEDULED


def test_cancelling_needs_a_reason(initiative, staff):
    with pytest.raises(ValidationError, match="reason"):
        services.cancel(actor=staff["akim"], referendum=initiative, reason="  ")
    done = services.cancel(actor=staff["akim"], referendum=initiative, reason="Initiators withdrew it")
    assert done.status == Status.CANCELLED
    assert not selectors.public_list(initiative.territory).exists()


def test_staff_lists_are_scoped_to_their_territory(initiative, staff):
    assert list(selectors.visible_to(staff["akim"])) == [initiative]
    assert list(selectors.visible_to(staff["auditor"])) == [initiative]
    assert not selectors.visible_to(staff["akim_b"]).exists()
    with pytest.raises(PermissionDenied):
        services.create_question(
            actor=staff["akim_b"],
            territory=initiative.territory,
            kind="referendum",
            initiator="residents",
            question="Q",
        )


def test_bad_questions_are_refused(tree, staff):
    for kwargs, message in (
        ({"question": " "}, "Write the question"),
        ({"question": "x" * 501}, "At most 500"),
        ({"kind": "coup"}, "local referendum or a recall"),
        ({"initiator": "president"}, "who initiates"),
        ({"territory": tree["district"]}, "rural district or town"),
        ({"kind": "recall", "territory": tree["village_a1"]}, "rural district or town"),
    ):
        data = {
            "territory": tree["rd_a"],
            "kind": "referendum",
            "initiator": "residents",
            "question": "Q?",
        } | kwargs
        if data["territory"] == tree["district"]:
            actor = staff["district_akim"]
        else:
            actor = staff["akim"]
        with pytest.raises(ValidationError, match=message):
            services.create_question(actor=actor, **data)
    assert not Referendum.objects.exists()


def test_public_for_lists_what_the_site_shows(voting, tree):
    rows = selectors.public_for(tree["rd_a"])
    assert rows == [
        {
            "title": voting.question,
            "date": voting.voting_from,
            "url": f"/en/referendums/{voting.pk}/",
            "status": "Voting scheduled",
        }
    ]
    assert selectors.public_for(tree["rd_b"]) == []
    assert timezone.localdate() == voting.voting_from
