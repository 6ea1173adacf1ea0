"""Registration numbers: per rural district per year, sequential, never skipped or reused.

Concurrency is tested for real on both engines. On PostgreSQL, threads register through the test
database at once (row lock on the counter). On SQLite the test database of pytest-django lives in
memory with a shared cache, where a second writer fails at once ("table is locked") instead of
waiting, so the SQLite race runs in a subprocess against a file database configured exactly like
production (WAL, ``BEGIN IMMEDIATE``), which is what serialises registrations there.
"""

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from auyl.appeals import services
from auyl.appeals.models import Appeal, AppealCounter

THREADS = 8
PER_THREAD = 3
ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.usefixtures("_english")


def test_numbers_are_sequential_per_rural_district(register, tree, people, today):
    first, _c = register()
    second, _c = register(territory=tree["rd_a"])
    other, _c = register(territory=tree["village_b1"], actor=people["akim_b"])
    assert [first.seq, second.seq, other.seq] == [1, 2, 1]
    assert first.number == f"111033000-{today.year}-00001" and other.number == f"111035000-{today.year}-00001"
    assert second.settlement is None and first.settlement == tree["village_a1"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("failure", [ValidationError({"text": ["refused late"]}), RuntimeError("gateway down")])
def test_a_registration_failing_after_numbering_leaves_no_gap(register, monkeypatch, failure):
    """The number is taken inside the registering transaction: when anything after it fails (here the
    receipt, the last step), the whole transaction rolls back, counter included."""
    register()

    def broken(appeal, code):
        raise failure

    monkeypatch.setattr(services, "_send_receipt", broken)
    with pytest.raises(type(failure)):
        register(subject="Second")
    assert AppealCounter.objects.get().last_number == 1 and Appeal.objects.count() == 1
    monkeypatch.undo()
    third, _c = register(subject="Third")
    assert third.seq == 2


def test_losing_an_idempotency_race_gives_the_number_back(register):
    """Two posts of one form both passed the first check: the second insert fails on the key, and its
    savepoint takes the counter back with it."""
    first, _c = register(idempotency_key="k-1")
    twin = Appeal(**{f.attname: getattr(first, f.attname) for f in Appeal._meta.concrete_fields
                     if f.attname not in ("id", "year", "seq", "number", "tracking_code_hash")})
    assert services._number_and_save(twin, "CODE2345", "k-1") == first
    assert AppealCounter.objects.get().last_number == 1
    assert register(idempotency_key="k-2")[0].seq == 2


def _race(register_one, count: int) -> tuple[list[int], list[str]]:
    """``count`` threads each register ``PER_THREAD`` appeals at the same moment."""
    seqs, errors = [], []
    start = threading.Barrier(count)

    def work(i):
        try:
            start.wait()
            for j in range(PER_THREAD):
                seqs.append(register_one(i, j))
        except Exception as exc:  # reported below: any error fails the test
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return seqs, errors


def _assert_gap_free(seqs, errors):
    assert errors == []
    assert sorted(seqs) == list(range(1, THREADS * PER_THREAD + 1))
    assert sorted(Appeal.objects.values_list("seq", flat=True)) == sorted(seqs)


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_on_postgresql(register):
    if connection.vendor != "postgresql":
        pytest.skip("the in-process race needs PostgreSQL; SQLite is raced in a subprocess below")
    seqs, errors = _race(lambda i, j: register(subject=f"Thread {i} appeal {j}")[0].seq, THREADS)
    _assert_gap_free(seqs, errors)
    assert AppealCounter.objects.get().last_number == THREADS * PER_THREAD


@pytest.mark.django_db(transaction=True)
def test_double_posts_racing_on_postgresql_store_one_appeal(register):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    seqs, errors = _race(lambda i, j: register(idempotency_key="same-click")[0].seq, 4)
    assert errors == [] and set(seqs) == {1}
    assert Appeal.objects.count() == 1 and AppealCounter.objects.get().last_number == 1


def sqlite_file_race() -> dict:
    """Run in a subprocess with DATABASE_URL pointing to a fresh SQLite file (see the test below)."""
    from django.core.management import call_command

    from auyl.accounts.testing import make_staff_user
    from auyl.appeals.models import Topic
    from auyl.core.roles import Role
    from auyl.territory.testing import make_tree

    call_command("migrate", verbosity=0)
    tree = make_tree()
    registrar = make_staff_user(Role.REGISTRAR, tree["rd_a"], username="registrar")
    topic = Topic.objects.create(code="roads", name_en="Roads", form_826=6, sector_7="h", topic_10="h",
                                 reception_16="o")

    def register_one(i, j):
        from auyl.accounts.models import User

        actor = User.objects.get(pk=registrar.pk)
        appeal, _code = services.register_appeal(
            actor=actor, territory=tree["village_a1"], topic=topic, channel="paper", applicant_name="A",
            applicant_phone="87017654321", subject=f"Thread {i} appeal {j}", text="The road is broken.")
        return appeal.seq

    seqs, errors = _race(register_one, THREADS)
    return {"vendor": connection.vendor, "mode": connection.settings_dict["OPTIONS"].get("transaction_mode"),
            "seqs": seqs, "errors": errors, "stored": sorted(Appeal.objects.values_list("seq", flat=True))}


@pytest.mark.django_db
def test_concurrent_registrations_on_a_sqlite_file(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the PostgreSQL race is the test above")
    env = os.environ | {"DATABASE_URL": f"sqlite:///{tmp_path / 'race.sqlite3'}",
                        "DJANGO_SETTINGS_MODULE": "auyl.settings", "NOTIFY_SEND_ON_COMMIT": "0"}
    code = ("import django, json; django.setup(); "
            "from auyl.appeals.tests.test_numbering import sqlite_file_race; print(json.dumps(sqlite_file_race()))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert (result["vendor"], result["mode"]) == ("sqlite", "IMMEDIATE")
    assert result["errors"] == []
    expected = list(range(1, THREADS * PER_THREAD + 1))
    assert sorted(result["seqs"]) == expected and result["stored"] == expected
