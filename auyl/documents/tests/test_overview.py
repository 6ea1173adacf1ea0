"""The sender's overview, the inbox, reminders from the periodic job, and the public sites."""

import datetime as dt

import pytest

from auyl.core import periodic
from auyl.core.models import Notification
from auyl.documents import selectors, services
from auyl.documents.models import Document

from .conftest import NOW

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def fresh(document):
    return Document.objects.get(pk=document.pk)


def test_the_overview_shows_who_is_late_first(send, tree, staff, clock):
    document = send(report_due=NOW.date() + dt.timedelta(days=2))
    services.submit_report(actor=staff["akim_a"], document=document, territory=tree["rd_a"], text="Дайын.")
    before = selectors.overview(fresh(document))
    assert before.summary == {
        "total": 2,
        "acknowledged": 1,
        "not_acknowledged": 1,
        "reported": 1,
        "not_reported": 1,
        "late": 0,
        "overdue": 0,
    }
    clock.shift(days=3)
    after = selectors.overview(fresh(document))
    assert after.summary["overdue"] == 1
    assert [row.recipient.territory.code for row in after.rows] == ["111035000", "111033000"]
    assert after.rows[0].is_overdue and not after.rows[1].is_overdue


def test_inbox_shows_only_the_users_own_units(send, tree, staff):
    document = send(level="", units=[tree["rd_a"]])
    assert [row.document for row in selectors.inbox(staff["akim_a"])] == [document]
    assert selectors.inbox(staff["akim_b"]) == []
    assert selectors.inbox(staff["supervisor"]) == []  # what it sent is in its sent list, not its inbox
    assert [d.pk for d in selectors.sent_documents(staff["supervisor"])] == [document.pk]
    assert selectors.sent_documents(staff["other_supervisor"]) == []
    assert [d.pk for d in selectors.sent_documents(staff["auditor"])] == [document.pk]
    region_doc = send(actor=staff["region"], sender=tree["region"], level="district")
    assert [row.document for row in selectors.inbox(staff["supervisor"])] == [region_doc]


def test_reminders_are_sent_once_per_occasion(send, tree, staff, clock):
    document = send(report_due=NOW.date() + dt.timedelta(days=3))  # Friday
    Notification.objects.all().delete()
    assert (
        periodic.run_all(only=["documents.reminders"])["documents.reminders"]["acknowledge"] == 0
    )  # same day
    clock.shift(days=1)
    services.acknowledge(actor=staff["akim_b"], document=document, territory=tree["rd_b"])
    result = periodic.run_all(only=["documents.reminders"])["documents.reminders"]
    assert result["acknowledge"] == 1  # rd_a only
    assert result["due_soon"] == 2  # Wednesday: two days before Friday, both have not reported
    clock.shift(days=1)
    again = periodic.run_all(only=["documents.reminders"])["documents.reminders"]
    assert again["acknowledge"] == 0 and again["due_soon"] == 0  # once per occasion
    services.submit_report(actor=staff["akim_a"], document=document, territory=tree["rd_a"], text="ok")
    clock.shift(days=3)
    first = periodic.run_all(only=["documents.reminders"])["documents.reminders"]
    assert first["overdue"] == 1
    assert periodic.run_all(only=["documents.reminders"])["documents.reminders"]["overdue"] == 0
    overdue = Notification.objects.get(body__contains="overdue")
    assert overdue.recipient == "akim.b@akimat.kz"


def test_public_documents_appear_on_the_recipients_sites(send, tree, staff):
    public = send(
        level="",
        units=[tree["rd_a"]],
        is_public=True,
        title="Ауыл шаруашылығы бағдарламасы",
        kind="programme",
        report_due=None,
    )
    send(level="", units=[tree["rd_a"]], title="Ішкі нұсқау", kind="instruction", report_due=None)
    shown = selectors.public_for(tree["rd_a"])
    assert [item["title"] for item in shown] == ["Ауыл шаруашылығы бағдарламасы"]
    assert shown[0]["url"].endswith(f"/documents/public/{public.pk}/") and shown[0]["status"] == "Programme"
    assert shown[0]["date"] == NOW.date()
    assert selectors.public_for(tree["rd_b"]) == []
    from_region = send(
        actor=staff["region"],
        sender=tree["region"],
        level="district",
        is_public=True,
        title="Облыс жоспары",
        kind="plan",
        report_due=None,
    )
    assert "Облыс жоспары" in [
        item["title"] for item in selectors.public_for(tree["rd_b"])
    ]  # via its district
    services.revise_document(
        actor=staff["region"],
        document=from_region,
        title="Облыс жоспары",
        is_public=False,
        correction_note="Жарияланбайды",
    )
    assert selectors.public_for(tree["rd_b"]) == []
