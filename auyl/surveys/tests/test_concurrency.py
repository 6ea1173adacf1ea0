"""The one-response rule under real concurrency.

On PostgreSQL, threads (each with its own connection) submit at the same instant: the same resident from
several phones, and the same resident online while staff type their paper form. SQLite's shared
in-memory test database cannot run writers in threads; there the rule is tested by forcing the race
(``test_answering.test_a_race_between_two_submissions_stores_one``).
"""

import threading

import pytest
from django.db import connection

from auyl.surveys import services
from auyl.surveys.answering import AlreadyAnswered
from auyl.surveys.models import Answer, Participation, Response

THREADS = 8

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite's shared in-memory test database cannot run writers in threads",
)


def _race(calls) -> list:
    """Run ``calls`` in threads released together; return each call's result or exception."""
    from django.db import connection as own

    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(index, call):
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
def test_the_same_resident_from_eight_phones_at_once_is_stored_once(survey, residents):
    person = residents[0]
    outcomes = _race(
        [
            lambda i=i: services.submit_online(
                actor=person, survey=survey, values={"happy": ("yes", "no")[i % 2], "age": str(30 + i)}
            )
            for i in range(THREADS)
        ]
    )
    stored = [o for o in outcomes if isinstance(o, Response)]
    refused = [o for o in outcomes if isinstance(o, AlreadyAnswered)]
    assert len(stored) == 1 and len(refused) == THREADS - 1, outcomes
    assert Participation.objects.filter(survey=survey).count() == 1
    assert Response.objects.filter(survey=survey).count() == 1
    assert Answer.objects.filter(response__survey=survey).count() == 2  # one choice and one number, once


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_online_and_paper_at_once_for_one_person_store_one_response(survey, residents, registrar):
    person = residents[1]
    outcomes = _race(
        [
            lambda: services.submit_online(actor=person, survey=survey, values={"happy": "yes"}),
            lambda: services.enter_paper_response(
                actor=registrar, survey=survey, values={"happy": "2"}, resident=person.resident
            ),
        ]
        * 3
    )
    assert sum(1 for o in outcomes if isinstance(o, Response)) == 1, outcomes
    assert all(isinstance(o, AlreadyAnswered) for o in outcomes if not isinstance(o, Response))
    assert Participation.objects.filter(survey=survey).count() == Response.objects.count() == 1


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_many_residents_at_once_each_count_once(survey, residents):
    outcomes = _race(
        [
            lambda user=user: services.submit_online(actor=user, survey=survey, values={"happy": "yes"})
            for user in residents
        ]
    )
    assert all(isinstance(o, Response) for o in outcomes), outcomes
    assert Participation.objects.count() == Response.objects.count() == len(residents)
