"""The register of decisions to follow up and the page of one decision: scoped to the user's
territories, the response and completion forms offered only to those who may use them, bad input shown
on the page with nothing stored."""

import datetime as dt

import pytest
from django.utils import timezone

from auyl.assemblies.models import Decision

from .test_pages import _hold, text_of, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def decision(staff, gathering):
    _hold(gathering, staff)
    return Decision.objects.get(item__number=1)


def test_the_register_lists_decisions_of_the_users_territories(signed_in, staff, decision):
    akim = signed_in(staff["akim"])
    page = akim.get(url("decisions")).content.decode()
    assert f'id="decision-row-{decision.pk}"' in page
    assert (
        f'id="decision-row-{decision.pk}"'
        in signed_in(staff["district_akim"]).get(url("decisions")).content.decode()
    )
    other = signed_in(staff["akim_b"])
    assert f'id="decision-row-{decision.pk}"' not in other.get(url("decisions")).content.decode()
    assert other.get(url("decision", decision.pk)).status_code == 404


def test_the_register_filters_by_status_and_lateness(signed_in, staff, decision):
    akim = signed_in(staff["akim"])
    row = f'id="decision-row-{decision.pk}"'
    assert row in akim.get(url("decisions", status="awaiting_response")).content.decode()
    assert row not in akim.get(url("decisions", status="done")).content.decode()
    assert row not in akim.get(url("decisions", overdue="1")).content.decode()
    Decision.objects.filter(pk=decision.pk).update(response_due=timezone.localdate() - dt.timedelta(days=1))
    assert row in akim.get(url("decisions", overdue="1")).content.decode()
    assert akim.get(url("decisions", status="nonsense", page="x")).status_code == 200  # ignored, not a 500


def test_only_the_akim_responds_and_a_plan_needs_its_date(signed_in, staff, decision):
    registrar = signed_in(staff["registrar"])
    assert 'id="respond-' not in registrar.get(url("decision", decision.pk)).content.decode()
    refused = registrar.post(url("decision_respond", decision.pk), {"response": "rejected", "text": "Жоқ"})
    assert refused.status_code == 403
    akim = signed_in(staff["akim"])
    assert f'id="respond-{decision.pk}"' in akim.get(url("decision", decision.pk)).content.decode()
    bad = akim.post(url("decision_respond", decision.pk), {"response": "accepted", "text": "Жоспар"})
    assert bad.status_code == 200 and 'aria-invalid="true"' in bad.content.decode()
    decision.refresh_from_db()
    assert decision.response == "" and decision.status == "awaiting_response"
    due = timezone.localdate() + dt.timedelta(days=30)
    done = akim.post(
        url("decision_respond", decision.pk),
        {"response": "accepted", "text": "Жол жазда жөнделеді.", "plan_due": due.isoformat()},
    )
    assert done.status_code == 302
    decision.refresh_from_db()
    assert (decision.status, decision.plan_due) == ("in_progress", due)


def test_an_accepted_decision_is_recorded_as_done(signed_in, staff, decision):
    """Accepted decisions (not only tasks) are escalated when their plan's date passes, so whoever
    tracks them must be able to record them as done, on this page and on the meeting's follow-up."""
    akim = signed_in(staff["akim"])
    akim.post(
        url("decision_respond", decision.pk),
        {
            "response": "accepted",
            "text": "Жоспар",
            "plan_due": (timezone.localdate() + dt.timedelta(days=5)).isoformat(),
        },
    )
    assert not Decision.objects.get(pk=decision.pk).is_task
    executor = signed_in(staff["executor"])
    assert (
        f'id="complete-{decision.pk}"' in executor.get(url("followup", decision.meeting_id)).content.decode()
    )
    empty = executor.post(url("decision_complete", decision.pk), {"note": " "})
    assert empty.status_code == 200
    assert Decision.objects.get(pk=decision.pk).status == "in_progress"
    assert executor.post(url("decision_complete", decision.pk), {"note": "Жөнделді."}).status_code == 302
    decision.refresh_from_db()
    assert decision.status == "done" and decision.completion_note == "Жөнделді."
    page = text_of(executor.get(url("decision", decision.pk)))
    assert "Жөнделді." in page and decision.meeting.title in page
