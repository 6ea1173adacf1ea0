"""Sending, acknowledging, reporting and correcting documents, with the bad inputs of each."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from auyl.core.calendar import add_days
from auyl.core.models import AuditEvent, Notification
from auyl.documents import selectors, services
from auyl.documents.models import Acknowledgement, Document, DocumentFile, DocumentVersion, Report

from .conftest import NOW, pdf_file, png_file

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def codes(document):
    return sorted(document.recipients.values_list("territory__code", flat=True))


def test_a_district_sends_to_all_its_rural_districts(send, tree, staff):
    document = send(files=[pdf_file("plan.pdf")])
    assert codes(document) == ["111033000", "111035000"]
    version = selectors.current_version(document)
    assert version.number == 1 and version.report_due == NOW.date() + dt.timedelta(days=7)
    assert version.files.get().original_name == "plan.pdf"
    event = AuditEvent.objects.get(action="document.sent")
    assert event.changes["recipients"] == ["111033000", "111035000"]
    told = set(Notification.objects.values_list("recipient", flat=True))
    assert told == {"akim.a@akimat.kz", "akim.b@akimat.kz"}  # the supervisor above is not told


def test_chosen_units_only(send, tree):
    document = send(level="", units=[tree["rd_b"]])
    assert codes(document) == ["111035000"]


def test_a_unit_outside_the_senders_tree_is_refused_and_nothing_is_stored(send, tree, other_district):
    with pytest.raises(ValidationError) as error:
        send(level="", units=[tree["rd_a"], other_district["rd"]])
    assert "is not under" in str(error.value)
    with pytest.raises(ValidationError):
        send(level="", units=[tree["region"]])  # upwards
    with pytest.raises(ValidationError):
        send(level="", units=[tree["district"]])  # itself
    with pytest.raises(ValidationError) as error:
        send(level="", units=[tree["village_a1"]])  # a settlement has no staff to receive
    assert "no akimat staff" in str(error.value)
    with pytest.raises(ValidationError):
        send(level="", units=[])
    assert not Document.objects.exists() and not AuditEvent.objects.filter(action="document.sent").exists()


def test_bad_content_is_refused(send):
    with pytest.raises(ValidationError) as error:
        send(report_due=NOW.date() - dt.timedelta(days=1))
    assert error.value.message_dict == {"report_due": ["The report deadline is in the past."]}
    with pytest.raises(ValidationError):
        send(report_due=NOW.date() + dt.timedelta(days=400))
    with pytest.raises(ValidationError) as error:
        send(title="   ")
    assert "title" in error.value.message_dict
    with pytest.raises(ValidationError):
        send(title="x" * 301)
    with pytest.raises(ValidationError):
        send(kind="gossip")
    with pytest.raises(ValidationError) as error:
        send(files=[pdf_file(), png_file("scan.pdf")])  # a PNG named .pdf
    assert "disguised" in str(error.value)
    assert not Document.objects.exists() and not DocumentFile.objects.exists()


def test_a_report_request_without_a_date_gets_the_rule_term(send, tree):
    document = send(report_due=None)
    assert selectors.current_version(document).report_due == add_days(NOW.date(), 10, "calendar")
    assert selectors.current_version(send(kind="instruction", report_due=None)).report_due is None


def test_a_due_date_on_a_weekend_moves_to_monday(send):
    saturday = dt.date(2030, 4, 6)
    assert selectors.current_version(send(report_due=saturday)).report_due == dt.date(2030, 4, 8)


def test_only_the_districts_staff_may_send_from_it(send, staff, tree):
    for actor in (staff["akim_a"], staff["other_supervisor"], staff["auditor"]):
        with pytest.raises(PermissionDenied):
            send(actor=actor)
    document = send(actor=staff["region"], sender=tree["region"], level="district")
    assert codes(document) == ["111000000", "112000000"]


def test_acknowledgement_records_who_and_when(send, tree, staff, clock):
    document = send()
    clock.shift(hours=3)
    ack = services.acknowledge(actor=staff["registrar_a"], document=document, territory=tree["rd_a"])
    assert (
        ack.acknowledged_by == staff["registrar_a"] and ack.acknowledged_at == clock.now and ack.version == 1
    )
    with pytest.raises(ValidationError) as error:
        services.acknowledge(actor=staff["akim_a"], document=document, territory=tree["rd_a"])
    assert "already acknowledged" in str(error.value)
    assert Acknowledgement.objects.count() == 1


def test_acknowledgement_by_a_unit_not_addressed_is_refused(send, tree, staff, other_district):
    document = send(level="", units=[tree["rd_a"]])
    with pytest.raises(ValidationError) as error:
        services.acknowledge(actor=staff["akim_b"], document=document, territory=tree["rd_b"])
    assert "was not addressed to" in str(error.value)
    with pytest.raises(ValidationError):
        services.acknowledge(actor=staff["other_akim"], document=document, territory=other_district["rd"])
    assert not Acknowledgement.objects.exists()


def test_only_the_receiving_units_own_staff_acknowledge(send, tree, staff):
    document = send()
    for actor in (staff["supervisor"], staff["akim_b"], staff["executor_a"], staff["region"]):
        with pytest.raises(PermissionDenied):
            services.acknowledge(actor=actor, document=document, territory=tree["rd_a"])
    assert not Acknowledgement.objects.exists()


def test_a_report_on_time_and_a_late_one(send, tree, staff, clock):
    document = send(report_due=NOW.date() + dt.timedelta(days=2))
    report = services.submit_report(
        actor=staff["akim_a"],
        document=document,
        territory=tree["rd_a"],
        text="120 га егілді.",
        files=[pdf_file("egis.pdf")],
    )
    assert not report.is_late and report.files.get().original_name == "egis.pdf"
    assert Acknowledgement.objects.filter(
        recipient__territory=tree["rd_a"]
    ).exists()  # a reply proves receipt
    assert Notification.objects.filter(recipient="district@akimat.kz", body__contains="reported on").exists()
    clock.shift(days=3)
    late = services.submit_report(
        actor=staff["akim_b"], document=document, territory=tree["rd_b"], text="Кешіктік."
    )
    assert late.is_late
    assert Notification.objects.filter(
        recipient="district@akimat.kz", body__contains="reported late"
    ).exists()
    assert AuditEvent.objects.filter(action="document.reported", changes__is_late=True).count() == 1


def test_bad_reports_are_refused(send, tree, staff):
    document = send()
    with pytest.raises(ValidationError):
        services.submit_report(actor=staff["akim_a"], document=document, territory=tree["rd_a"], text="  ")
    with pytest.raises(PermissionDenied):
        services.submit_report(actor=staff["supervisor"], document=document, territory=tree["rd_a"], text="x")
    with pytest.raises(ValidationError):
        services.submit_report(
            actor=staff["akim_a"],
            document=document,
            territory=tree["rd_a"],
            text="x",
            files=[pdf_file("a.png")],
        )
    instruction = send(kind="instruction", report_due=None)
    with pytest.raises(ValidationError) as error:
        services.submit_report(actor=staff["akim_a"], document=instruction, territory=tree["rd_a"], text="x")
    assert "does not ask for a report" in str(error.value)
    assert not Report.objects.exists() and not Acknowledgement.objects.exists()


def test_a_correction_is_a_new_version_acknowledged_again(send, tree, staff, clock):
    document = send()
    services.acknowledge(actor=staff["akim_a"], document=document, territory=tree["rd_a"])
    version = services.revise_document(
        actor=staff["supervisor"],
        document=document,
        title="Түзетілген есеп",
        correction_note="Мерзім түзетілді",
        report_due=NOW.date() + dt.timedelta(days=9),
    )
    assert version.number == 2
    first = DocumentVersion.objects.get(document=document, number=1)
    assert first.title == "Көктемгі егіс туралы есеп"  # never edited
    row = next(
        r
        for r in selectors.overview(Document.objects.get(pk=document.pk)).rows
        if r.recipient.territory == tree["rd_a"]
    )
    assert row.acknowledgement is None and row.earlier_acknowledgement.version == 1
    ack = services.acknowledge(actor=staff["akim_a"], document=document, territory=tree["rd_a"])
    assert ack.version == 2
    assert Notification.objects.filter(
        recipient="akim.b@akimat.kz", body__contains="acknowledge it again"
    ).exists()


def test_bad_corrections_are_refused(send, staff, clock):
    document = send()
    with pytest.raises(ValidationError) as error:
        services.revise_document(actor=staff["supervisor"], document=document, title="T", correction_note="")
    assert "correction_note" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        services.revise_document(actor=staff["akim_a"], document=document, title="T", correction_note="n")
    clock.shift(days=10)  # the deadline has passed: a typo can still be corrected keeping it, not moved back
    due = selectors.current_version(document).report_due
    services.revise_document(
        actor=staff["supervisor"], document=document, title="T", correction_note="typo", report_due=due
    )
    with pytest.raises(ValidationError):
        services.revise_document(
            actor=staff["supervisor"],
            document=document,
            title="T",
            correction_note="n",
            report_due=due + dt.timedelta(days=1),
        )
    assert Document.objects.get(pk=document.pk).version_count == 2
