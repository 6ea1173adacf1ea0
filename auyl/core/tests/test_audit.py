import pytest
from django.core.management import CommandError, call_command

from auyl.core import audit
from auyl.core.models import AuditEvent


def fill(n=5):
    for i in range(n):
        audit.record(actor="system", action="test.changed", object_type="demo", object_id=str(i),
                     changes={"value": [i, i + 1], "name": "Әбділда"})


@pytest.mark.django_db
def test_intact_chain_verifies():
    fill()
    report = audit.verify_chain()
    assert report.ok and report.checked == 5
    assert AuditEvent.objects.get(seq=1).prev_hash == audit.GENESIS_HASH


@pytest.mark.django_db
def test_edited_entry_is_found():
    fill()
    AuditEvent.objects.filter(seq=3).update(changes={"value": [2, 999]})
    report = audit.verify_chain()
    assert not report.ok and report.first_bad_seq == 3 and "hash" in report.reason


@pytest.mark.django_db
def test_removed_entry_is_found():
    fill()
    AuditEvent.objects.filter(seq=2).delete()
    report = audit.verify_chain()
    assert not report.ok and report.first_bad_seq == 2 and "missing" in report.reason


@pytest.mark.django_db
def test_rehashed_forgery_breaks_the_next_link():
    """Editing an entry and recomputing its own hash still breaks the link of the entry after it."""
    fill()
    event = AuditEvent.objects.get(seq=2)
    event.actor_label = "someone-else"
    event.entry_hash = audit.compute_hash(event)
    event.save()
    report = audit.verify_chain()
    assert not report.ok and report.first_bad_seq == 3 and "link" in report.reason


@pytest.mark.django_db
def test_verify_audit_command(capsys):
    fill(3)
    call_command("verify_audit")
    assert "3 entries verified" in capsys.readouterr().out
    AuditEvent.objects.filter(seq=2).update(action="test.other")
    with pytest.raises(CommandError, match="#2"):
        call_command("verify_audit")


@pytest.mark.django_db
def test_record_rolls_back_with_the_failed_service():
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        audit.record(actor="system", action="test.changed", object_type="demo", object_id="1")
        raise RuntimeError("service failed after recording")
    assert AuditEvent.objects.count() == 0
