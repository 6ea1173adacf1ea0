"""Monitoring commissions with published findings; recommendations to the superior akim with the
answer tracked against its deadline; every change audited; each role kept to its part."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from auyl.core.models import AuditEvent, CalendarDay, TerritorySetting
from auyl.council import selectors, services
from auyl.council.models import Commission, Outcome, Recommendation

from .conftest import TERM_START, TODAY


def messages(exc) -> str:
    return " ".join(exc.value.messages)


@pytest.fixture
def members(registrar, council, person):
    return [
        services.add_member(
            actor=registrar, council=council, resident=person("village_a1", f"M{i}"), start_date=TERM_START
        )
        for i in range(3)
    ]


def commission(council_member, council, chosen, **overrides):
    fields = {
        "subject": "Street lighting",
        "period_start": dt.date(2030, 2, 1),
        "period_end": dt.date(2030, 4, 1),
        "members": chosen[:2],
    }
    return services.create_commission(actor=council_member, council=council, **(fields | overrides))


def recommend(actor, council, **overrides):
    fields = {
        "akim_name": "Серікбаев Е.",
        "addressee": "Akim of Kokshetau",
        "text": "Reprimand the akim.",
        "grounds": "Appeals answered late.",
        "sent_on": dt.date(2030, 3, 1),
    }
    return services.send_recommendation(actor=actor, council=council, **(fields | overrides))


def test_commission_of_council_members_publishes_its_findings_once(council_member, council, members):
    c = commission(council_member, council, members)
    assert set(c.members.all()) == set(members[:2]) and not c.is_finished
    services.publish_findings(actor=council_member, commission=c, findings="4 lights paid but not installed.")
    c.refresh_from_db()
    assert c.is_finished and c.findings == "4 lights paid but not installed."
    with pytest.raises(ValidationError) as exc:
        services.publish_findings(actor=council_member, commission=c, findings="Other text")
    assert "already published" in messages(exc)
    c.refresh_from_db()
    assert c.findings == "4 lights paid but not installed."
    assert [
        e.action for e in AuditEvent.objects.filter(object_type="council.commission").order_by("seq")
    ] == ["council.commission_created", "council.findings_published"]


def test_commission_refuses_bad_members_periods_and_texts(
    tree, registrar, council_member, council, members, person
):
    from auyl.council.models import Council

    other = Council.objects.create(
        territory=tree["rd_b"],
        territory_path=tree["rd_b"].path,
        term_start=TERM_START,
        term_end=dt.date(2034, 1, 14),
        total_seats=3,
    )
    stranger = other.members.create(
        resident=person("village_b1", "Бөтен"), settlement=tree["village_b1"], start_date=TERM_START
    )
    cases = [
        ({"members": []}, "at least one council member"),
        ({"members": [members[0], stranger]}, "is not a member of this council"),
        ({"period_start": dt.date(2029, 1, 1)}, "within the term"),
        ({"period_end": dt.date(2030, 1, 20)}, "cannot be before its start"),
        ({"subject": " "}, "Say what the commission monitors"),
        ({"subject": "x" * 301}, "too long"),
    ]
    for overrides, message in cases:
        with pytest.raises(ValidationError) as exc:
            commission(council_member, council, members, **overrides)
        assert message in messages(exc), overrides
    late = services.add_member(
        actor=registrar, council=council, resident=person("village_a2", "Кеш"), start_date=dt.date(2030, 5, 1)
    )
    with pytest.raises(ValidationError) as exc:
        commission(council_member, council, members, members=[late])
    assert "not a council member during this period" in messages(exc)
    assert not Commission.objects.exists()


def test_findings_cannot_be_published_before_the_commission_starts(council_member, council, members):
    c = commission(
        council_member, council, members, period_start=dt.date(2030, 6, 1), period_end=dt.date(2030, 7, 1)
    )
    with pytest.raises(ValidationError) as exc:
        services.publish_findings(actor=council_member, commission=c, findings="Early")
    assert "has not started its work yet" in messages(exc)
    with pytest.raises(ValidationError):
        services.publish_findings(
            actor=council_member, commission=commission(council_member, council, members), findings="  "
        )


def test_recommendation_answer_is_due_by_the_rule_and_is_overdue_after_it(
    tree, council_member, council, clock
):
    rec = recommend(council_member, council)
    assert rec.answer_due == dt.date(2030, 4, 1)  # 30 calendar days after 1 March 2030 (a Monday)
    assert rec.status == Outcome.SENT and not rec.is_overdue
    clock.set(dt.date(2030, 4, 2))
    assert rec.is_overdue
    assert list(selectors.overdue_recommendations(council_member)) == [rec]


def test_deadline_follows_the_region_rule_and_the_calendar(tree, council_member, council):
    TerritorySetting.objects.create(
        territory=tree["region"], key="council.recommendation_answer_days", value=10
    )
    CalendarDay.objects.create(date=dt.date(2030, 3, 8), kind=CalendarDay.Kind.HOLIDAY, name_en="Women's Day")
    rec = recommend(council_member, council, sent_on=dt.date(2030, 2, 26))
    assert rec.answer_due == dt.date(2030, 3, 11)  # 8 March is a holiday, 9-10 March a weekend


def test_superior_akim_answer_is_recorded_once_and_late_answers_are_marked(
    council_member, district_akim, council, clock
):
    rec = recommend(council_member, council, sent_on=dt.date(2030, 1, 20))
    services.record_answer(
        actor=district_akim,
        recommendation=rec,
        outcome=Outcome.REJECTED,
        text="No grounds found.",
        answered_on=dt.date(2030, 3, 1),
    )
    rec.refresh_from_db()
    assert (rec.status, rec.answer_text, rec.answered_on) == (
        "rejected",
        "No grounds found.",
        dt.date(2030, 3, 1),
    )
    assert rec.answered_late and not rec.is_overdue
    with pytest.raises(ValidationError) as exc:
        services.record_answer(
            actor=district_akim,
            recommendation=rec,
            outcome=Outcome.ACCEPTED,
            text="Changed",
            answered_on=TODAY,
        )
    assert "already recorded on 01.03.2030" in messages(exc)
    event = AuditEvent.objects.get(action="council.recommendation_answered")
    assert event.changes["status"] == ["sent", "rejected"] and event.changes["late"] is True
    assert AuditEvent.objects.filter(action="council.recommendation_sent", object_id=str(rec.pk)).exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"outcome": "maybe"}, "accepted or rejected"),
        ({"outcome": "sent"}, "accepted or rejected"),
        ({"text": ""}, "Write what the superior akim answered"),
        ({"answered_on": dt.date(2030, 2, 1)}, "before the recommendation was sent"),
        ({"answered_on": dt.date(2030, 3, 5)}, "cannot be in the future"),
        ({"text": "x" * 20_001}, "too long"),
    ],
)
def test_bad_answers_are_refused_and_leave_the_recommendation_waiting(
    council_member, district_akim, council, fields, message
):
    rec = recommend(council_member, council)
    answer = {"outcome": "accepted", "text": "Accepted.", "answered_on": TODAY} | fields
    with pytest.raises(ValidationError) as exc:
        services.record_answer(actor=district_akim, recommendation=rec, **answer)
    assert message in messages(exc)
    rec.refresh_from_db()
    assert rec.status == "sent" and rec.answer_text == ""


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"sent_on": dt.date(2030, 3, 5)}, "cannot be in the future"),
        ({"sent_on": dt.date(2029, 3, 1)}, "within the term"),
        ({"grounds": ""}, "Give the grounds"),
        ({"akim_name": ""}, "name of the village akim"),
        ({"text": "x" * 20_001}, "too long"),
    ],
)
def test_bad_recommendations_are_refused(council_member, council, fields, message):
    with pytest.raises(ValidationError) as exc:
        recommend(council_member, council, **fields)
    assert message in messages(exc)
    assert not Recommendation.objects.exists()


def test_each_role_keeps_to_its_part(
    tree, akim, registrar, other_registrar, council_member, district_akim, council, members, make_staff
):
    from auyl.core.roles import Role

    with pytest.raises(PermissionDenied):  # the akim does not write recommendations about themselves
        recommend(akim, council)
    with pytest.raises(PermissionDenied):
        recommend(other_registrar, council)
    rec = recommend(council_member, council)
    for actor in (council_member, registrar, akim):  # only the district side records the answer
        with pytest.raises(PermissionDenied):
            services.record_answer(
                actor=actor, recommendation=rec, outcome="accepted", text="x", answered_on=TODAY
            )
    other_district = make_staff(Role.DISTRICT_SUPERVISOR, tree["rd_b"])
    with pytest.raises(PermissionDenied):
        services.record_answer(
            actor=other_district, recommendation=rec, outcome="accepted", text="x", answered_on=TODAY
        )
    with pytest.raises(PermissionDenied):
        commission(other_registrar, council, members)
    assert list(selectors.overdue_recommendations(other_registrar)) == []


def test_a_form_sent_twice_records_one_commission_and_one_recommendation(council_member, council, members):
    commission(council_member, council, members)
    with pytest.raises(ValidationError) as exc:
        commission(council_member, council, members, subject="STREET LIGHTING")
    assert "already set up" in messages(exc)
    recommend(council_member, council)
    with pytest.raises(ValidationError) as exc:
        recommend(council_member, council)
    assert "already been recorded" in messages(exc)
    assert Commission.objects.count() == 1 and Recommendation.objects.count() == 1
    # Another subject, or the same recommendation sent again on a later day, is recorded.
    commission(council_member, council, members, subject="Water supply")
    recommend(council_member, council, sent_on=dt.date(2030, 3, 4))
    assert Commission.objects.count() == 2 and Recommendation.objects.count() == 2
