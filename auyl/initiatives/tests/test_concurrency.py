"""One ballot per person under concurrency.

On PostgreSQL, real threads (each with its own connection) cast at the same instant. SQLite's in-memory
test database serialises connections with table locks that fail at once instead of waiting, so there
the guarantee is tested at the level that provides it: the unique constraint and ``ON CONFLICT``.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from auyl.initiatives import services
from auyl.initiatives.models import Ballot, Turnout

from .conftest import build_ballot

THREADS = 8


def _race(calls) -> list:
    """Run ``calls`` in threads released together; return each call's result or exception."""
    from django.db import connection as own

    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(index, call):
        from django.utils import translation

        translation.activate("en")  # a thread starts without the test's language; the messages are asserted in English
        try:
            barrier.wait(30)
            outcomes[index] = call()
        except Exception as exc:  # noqa: BLE001 - collected and asserted by the test
            outcomes[index] = exc
        finally:
            own.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcomes


needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite's shared in-memory test database cannot run writers in threads",
)


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_person_voting_from_eight_phones_at_once_is_stored_once(make_campaign, staff, people, clock):
    campaign, (p1, p2, _p3) = build_ballot(make_campaign, staff, people, clock, allow_ballot_changes=False)
    outcomes = _race(
        [
            lambda i=i: services.cast_ballot(
                actor=people["aliya"], campaign=campaign, choices=[(p1, p2)[i % 2].pk]
            )
            for i in range(THREADS)
        ]
    )
    accepted = [o for o in outcomes if not isinstance(o, Exception)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(accepted) == 1 and len(refused) == THREADS - 1, outcomes
    assert all("already voted" in str(o) for o in refused)
    assert Turnout.objects.filter(campaign=campaign).count() == 1
    assert Ballot.objects.filter(campaign=campaign).count() == 1


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_changes_leave_one_ballot_with_one_of_the_choices(make_campaign, staff, people, clock):
    campaign, (p1, p2, p3) = build_ballot(make_campaign, staff, people, clock)
    outcomes = _race(
        [
            lambda i=i: services.cast_ballot(
                actor=people["aliya"], campaign=campaign, choices=[(p1, p2, p3)[i % 3].pk]
            )
            for i in range(THREADS)
        ]
    )
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert sum(1 for o in outcomes if not o.changed) == 1
    assert Turnout.objects.get(campaign=campaign).change_count == THREADS - 1
    assert Ballot.objects.get(campaign=campaign).choices in ([p1.pk], [p2.pk], [p3.pk])


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_a_polling_point_and_the_voter_online_at_once_store_one_ballot(make_campaign, staff, people, clock):
    campaign, (p1, p2, _p3) = build_ballot(make_campaign, staff, people, clock, allow_ballot_changes=False)
    resident = people["marat"].resident
    outcomes = _race(
        [
            lambda: services.cast_ballot(actor=people["marat"], campaign=campaign, choices=[p1.pk]),
            lambda: services.record_polling_ballot(
                actor=staff["registrar"],
                campaign=campaign,
                resident=resident,
                choices=[p2.pk],
                polling_point="Мектеп",
            ),
        ]
        * 3
    )
    assert sum(1 for o in outcomes if not isinstance(o, Exception)) == 1, outcomes
    assert all(isinstance(o, ValidationError) for o in outcomes if isinstance(o, Exception))
    assert (
        Turnout.objects.filter(campaign=campaign).count()
        == Ballot.objects.filter(campaign=campaign).count()
        == 1
    )


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_many_voters_at_once_each_count_once(make_campaign, staff, people, clock):
    campaign, (p1, _p2, _p3) = build_ballot(make_campaign, staff, people, clock)
    voters = [people[name] for name in ("aliya", "marat", "dana")] * 3
    outcomes = _race(
        [lambda u=u: services.cast_ballot(actor=u, campaign=campaign, choices=[p1.pk]) for u in voters]
    )
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert (
        Turnout.objects.filter(campaign=campaign).count()
        == Ballot.objects.filter(campaign=campaign).count()
        == 3
    )


@pytest.mark.django_db
def test_the_database_itself_refuses_a_second_roll_entry(ballot_ready, people):
    campaign, (p1, _p2, _p3) = ballot_ready
    services.cast_ballot(actor=people["aliya"], campaign=campaign, choices=[p1.pk])
    with pytest.raises(IntegrityError), transaction.atomic():
        Turnout.objects.create(
            campaign=campaign, resident=people["aliya"].resident, channel="online", voted_at=timezone.now()
        )


@pytest.mark.django_db
def test_a_roll_entry_written_by_a_concurrent_request_turns_the_next_cast_into_a_change(ballot_ready, people):
    """The row another request committed just before ours: ON CONFLICT leaves it, our ballot becomes a
    change of the ballot that request stored (never a second ballot)."""
    from auyl.initiatives.voting import _store_ballot

    campaign, (p1, p2, _p3) = ballot_ready
    resident = people["aliya"].resident
    Turnout.objects.create(campaign=campaign, resident=resident, channel="online", voted_at=timezone.now())
    _store_ballot(campaign, resident.pk, [p1.pk])
    vote = services.cast_ballot(actor=people["aliya"], campaign=campaign, choices=[p2.pk])
    assert vote.changed
    assert Ballot.objects.filter(campaign=campaign).count() == 1 and Ballot.objects.get().choices == [p2.pk]
