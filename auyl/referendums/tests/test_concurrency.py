"""One signature and one ballot per person under concurrency (PostgreSQL: real threads, like the civic
projects' tests; SQLite's in-memory test database cannot run writers in threads)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from auyl.referendums import services
from auyl.referendums.models import Ballot, Signature, Turnout

THREADS = 8

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite's shared in-memory test database cannot run writers in threads",
)


def _race(calls) -> list:
    from django.db import connection as own

    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(index, call):
        from django.utils import translation

        translation.activate("en")
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


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_eight_simultaneous_signatures_of_one_person_are_stored_once(initiative, staff, people):
    resident = people["aliya"].resident
    calls = [lambda: services.sign(actor=people["aliya"], referendum=initiative)] * (THREADS // 2) + [
        lambda: services.record_paper_signature(
            actor=staff["registrar"], referendum=initiative, resident=resident
        )
    ] * (THREADS // 2)
    outcomes = _race(calls)
    accepted = [o for o in outcomes if not isinstance(o, Exception)]
    assert len(accepted) == 1, outcomes
    assert all(
        isinstance(o, ValidationError) and "Already signed" in str(o) for o in outcomes if o not in accepted
    )
    assert Signature.objects.filter(referendum=initiative).count() == 1


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_eight_simultaneous_ballots_of_one_person_count_once(voting, staff, people):
    resident = people["marat"].resident
    calls = [lambda: services.cast_ballot(actor=people["marat"], referendum=voting, choice="yes")] * (
        THREADS // 2
    ) + [
        lambda: services.record_polling_ballot(
            actor=staff["registrar"],
            referendum=voting,
            resident=resident,
            choice="no",
            polling_point="Мектеп",
        )
    ] * (THREADS // 2)
    outcomes = _race(calls)
    accepted = [o for o in outcomes if not isinstance(o, Exception)]
    assert len(accepted) == 1, outcomes
    assert all(
        isinstance(o, ValidationError) and "Already voted" in str(o) for o in outcomes if o not in accepted
    )
    assert (
        Turnout.objects.filter(referendum=voting).count()
        == Ballot.objects.filter(referendum=voting).count()
        == 1
    )


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_many_voters_at_once_each_count_once(voting, people):
    voters = [people[name] for name in ("aliya", "marat", "dana")] * 3
    outcomes = _race(
        [lambda u=u: services.cast_ballot(actor=u, referendum=voting, choice="yes") for u in voters]
    )
    assert sum(1 for o in outcomes if not isinstance(o, Exception)) == 3, outcomes
    assert (
        Turnout.objects.filter(referendum=voting).count()
        == Ballot.objects.filter(referendum=voting).count()
        == 3
    )
