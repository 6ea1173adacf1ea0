"""Planning, holding and cancelling a meeting; questions becoming appeals with an executor and a deadline;
promises tracked to delivery. Bad input is refused with a clear message and changes nothing."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from auyl.appeals.models import Appeal, Channel
from auyl.appeals.models import Status as AppealStatus
from auyl.core.models import AuditEvent
from auyl.reporting import services
from auyl.reporting.models import AkimLevel, Promise, PromiseStatus, Question, ReportingMeeting, Status


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def messages_of(excinfo) -> str:
    return " ".join(excinfo.value.messages)


def test_plan_takes_the_akim_level_from_the_unit_and_the_name_from_the_office(tree, people):
    from auyl.territory.models import Office

    Office.objects.create(territory=tree["rd_a"], akim_name="Серікбаев Ержан Қайратұлы")
    meeting = services.plan_meeting(
        actor=people["registrar"],
        akim_unit=tree["rd_a"],
        territory=tree["village_a2"],
        starts_at=dt.datetime(2026, 12, 3, 15, 0),
        venue="Клуб",
        channels=["tv", "instagram"],
    )
    assert meeting.akim_level == AkimLevel.RURAL and meeting.akim_name == "Серікбаев Ержан Қайратұлы"
    assert (
        meeting.planned_channels == ["instagram", "tv"] and meeting.territory_path == tree["village_a2"].path
    )
    district = services.plan_meeting(
        actor=people["district_registrar"],
        akim_unit=tree["district"],
        territory=tree["village_a1"],
        starts_at=dt.datetime(2026, 12, 4, 15, 0),
        venue="Клуб",
        akim_name="Аудан әкімі",
        akim_level="city_district_regional",
    )
    assert district.akim_level == AkimLevel.CITY_DISTRICT_REGIONAL
    assert AuditEvent.objects.filter(action="reporting.planned").count() == 2


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"starts_at": dt.datetime(2026, 11, 1, 15, 0)}, "This date has passed"),
        ({"starts_at": dt.datetime(2030, 1, 1, 15, 0)}, "at most 366 days ahead"),
        ({"starts_at": dt.datetime(2026, 12, 1, 15, 0), "already_held": True}, "cannot be in the future"),
        ({"starts_at": dt.datetime(1999, 1, 1, 15, 0), "already_held": True}, "Check the year"),
        ({"starts_at": "tomorrow"}, "Give the date and time"),
        ({"venue": "  "}, "Give the venue"),
        ({"venue": "x" * 301}, "too long"),
        ({"akim_name": ""}, "Give the akim's name"),
        ({"akim_level": "region"}, "does not fit"),
        ({"channels": ["radio"]}, "Unknown broadcast channel"),
        ({"territory": "village_b1"}, "within the territory of this akim"),
    ],
)
def test_bad_plans_are_refused(tree, people, overrides, message):
    data = {
        "actor": people["registrar"],
        "akim_unit": tree["rd_a"],
        "starts_at": dt.datetime(2026, 12, 3, 15, 0),
        "venue": "Клуб",
        "akim_name": "Әкім",
    }
    if overrides.get("territory"):
        overrides["territory"] = tree[overrides["territory"]]
    data.update(overrides)
    with pytest.raises(ValidationError) as excinfo:
        services.plan_meeting(**data)
    assert message in messages_of(excinfo)
    assert ReportingMeeting.objects.count() == 0


def test_a_duplicate_plan_and_another_districts_akim_are_refused(tree, people):
    data = {
        "akim_unit": tree["rd_a"],
        "starts_at": dt.datetime(2026, 12, 3, 15, 0),
        "venue": "Клуб",
        "akim_name": "Әкім",
    }
    services.plan_meeting(actor=people["registrar"], **data)
    with pytest.raises(ValidationError, match="already has a meeting"):
        services.plan_meeting(actor=people["akim"], **data)
    with pytest.raises(PermissionDenied):
        services.plan_meeting(
            actor=people["registrar_b"], **data | {"starts_at": dt.datetime(2026, 12, 4, 15)}
        )
    with pytest.raises(PermissionDenied):
        services.plan_meeting(actor=people["executor"], **data | {"starts_at": dt.datetime(2026, 12, 4, 15)})
    assert ReportingMeeting.objects.count() == 1


def test_reschedule_cancel_and_the_order_of_states(tree, people, clock, meeting_factory):
    meeting = meeting_factory(held=False, starts_at=dt.datetime(2026, 12, 3, 15, 0), already_held=False)
    with pytest.raises(ValidationError, match="has not taken place yet"):
        services.hold_meeting(actor=people["registrar"], meeting=meeting, offline_participants=5)
    meeting = services.reschedule_meeting(
        actor=people["registrar"],
        meeting=meeting,
        venue="Мектеп",
        starts_at=dt.datetime(2026, 12, 10, 15, 0),
        channels=["facebook"],
    )
    assert meeting.venue == "Мектеп" and meeting.planned_channels == ["facebook"]
    with pytest.raises(ValidationError, match="Say why"):
        services.cancel_meeting(actor=people["registrar"], meeting=meeting, reason=" ")
    meeting = services.cancel_meeting(actor=people["registrar"], meeting=meeting, reason="Буран")
    assert meeting.status == Status.CANCELLED
    with pytest.raises(ValidationError, match="was cancelled"):
        services.hold_meeting(actor=people["registrar"], meeting=meeting, offline_participants=5)
    with pytest.raises(ValidationError, match="Only a planned meeting"):
        services.reschedule_meeting(
            actor=people["registrar"], meeting=meeting, venue="x", starts_at=dt.datetime(2026, 12, 11, 15, 0)
        )
    held = meeting_factory(starts_at=dt.datetime(2026, 11, 10, 15, 0))
    with pytest.raises(ValidationError, match="can no longer be cancelled"):
        services.cancel_meeting(actor=people["registrar"], meeting=held, reason="x")


def test_held_figures_are_corrected_with_an_audit_trail(people, meeting_factory):
    meeting = meeting_factory()
    services.hold_meeting(
        actor=people["akim"],
        meeting=meeting,
        offline_participants=45,
        broadcasts={"instagram": {"broadcasts": 1, "participants": 70}},
        speakers=6,
        media_local=1,
    )
    meeting.refresh_from_db()
    assert meeting.participants == 115
    event = AuditEvent.objects.filter(action="reporting.corrected").get()
    assert event.changes["offline_participants"] == [40, 45]
    assert event.changes["broadcasts"] == [{"instagram": [1, 60]}, {"instagram": [1, 70]}]


@pytest.mark.parametrize(
    ("figures", "message"),
    [
        ({"offline_participants": -1}, "zero or more"),
        ({"offline_participants": True}, "whole number"),
        ({"offline_participants": 10**9}, "too large"),
        ({"offline_participants": 3, "speakers": 4}, "More residents spoke (4) than took part (3)."),
        (
            {"offline_participants": 3, "broadcasts": {"tv": {"broadcasts": 0, "participants": 9}}},
            "give the number of broadcasts too",
        ),
        (
            {"offline_participants": 3, "broadcasts": {"radio": {"broadcasts": 1}}},
            "Unknown broadcast channel",
        ),
        ({"offline_participants": 3, "broadcasts": {"tv": {"broadcasts": 500}}}, "too large"),
    ],
)
def test_bad_figures_leave_the_meeting_as_it_was(people, meeting_factory, figures, message):
    meeting = meeting_factory()
    with pytest.raises(ValidationError) as excinfo:
        services.hold_meeting(actor=people["registrar"], meeting=meeting, **figures)
    assert message in messages_of(excinfo)
    meeting.refresh_from_db()
    assert meeting.offline_participants == 40 and meeting.online_participants == 60


def test_a_question_becomes_an_appeal_with_executor_and_deadline(
    tree, people, topics, meeting_factory, kz_resident
):
    meeting = meeting_factory()
    question, code = services.add_question(
        actor=people["registrar"],
        meeting=meeting,
        topic=topics["roads-repair"],
        text="Қызыл Жұлдызға апаратын жолды жөндеу керек.\nКөктемде өту мүмкін емес.",
        executor=people["executor"],
        resident=kz_resident,
        is_repeat=True,
    )
    appeal = question.appeal
    assert appeal.channel == Channel.REPORTING_MEETING and appeal.source_type == "reporting.question"
    assert appeal.source_id == str(question.pk) and appeal.executor == people["executor"]
    assert appeal.status == AppealStatus.IN_PROGRESS and appeal.received_on == dt.date(2026, 11, 12)
    assert appeal.deadline == dt.date(2026, 11, 27)  # 15 calendar days from the meeting (appeals rules)
    assert appeal.resident == kz_resident and appeal.settlement == tree["village_a2"]
    assert appeal.subject == "Қызыл Жұлдызға апаратын жолды жөндеу керек." and len(code) >= 6
    assert question.number == 1 and question.place == tree["village_a2"] and question.is_repeat
    assert AuditEvent.objects.filter(action="reporting.question_added", object_id=str(question.pk)).exists()


def test_a_question_without_a_resident_is_answered_at_the_venue(tree, people, topics, meeting_factory):
    meeting = meeting_factory()
    question, _code = services.add_question(
        actor=people["registrar"],
        meeting=meeting,
        topic=topics["other"],
        text="Открыть аптеку",
        executor=people["executor"],
    )
    assert question.appeal.applicant_name == "Participants of the reporting meeting of 12.11.2026"
    assert question.appeal.applicant_address == "Дом культуры" and question.place == tree["village_a1"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"text": "   "}, "Write down the question"),
        ({"text": "x" * 5001}, "too long"),
        ({"topic": None}, "Choose the topic"),
        ({"executor": "executor_b"}, "Choose an executor who can answer"),
        ({"executor": "deputy"}, "Choose an executor who can answer"),
        ({"is_critical": True}, "Say to which akim level"),
        ({"kind": "complaint"}, "Choose question or proposal"),
        ({"place": "village_b1"}, "Choose a settlement within the territory of this akim"),
        ({"author_phone": "12"}, "phone"),
    ],
)
def test_bad_questions_register_nothing(tree, people, topics, meeting_factory, overrides, message):
    meeting = meeting_factory()
    data = {
        "actor": people["registrar"],
        "meeting": meeting,
        "topic": topics["roads-repair"],
        "text": "Жол",
        "executor": people["executor"],
    }
    for key in ("executor", "place"):
        if isinstance(overrides.get(key), str):
            overrides[key] = people.get(overrides[key]) or tree[overrides[key]]
    data.update(overrides)
    with pytest.raises(ValidationError) as excinfo:
        services.add_question(**data)
    assert message.lower() in messages_of(excinfo).lower()
    assert Question.objects.count() == 0 and Appeal.objects.count() == 0


def test_a_resident_of_another_akims_territory_is_refused(tree, people, topics, meeting_factory):
    from auyl.territory.models import Resident

    stranger = Resident.objects.create(
        last_name="Басқа",
        first_name="Адам",
        search_name="басқа адам",
        settlement=tree["village_b1"],
        territory_path=tree["village_b1"].path,
        phone="+77015550101",
    )
    with pytest.raises(ValidationError, match="does not live in the territory of this akim"):
        services.add_question(
            actor=people["registrar"],
            meeting=meeting_factory(),
            topic=topics["other"],
            text="x",
            executor=people["executor"],
            resident=stranger,
        )
    assert Question.objects.count() == 0


def test_questions_need_a_held_meeting(people, topics, meeting_factory):
    planned = meeting_factory(held=False, starts_at=dt.datetime(2026, 12, 3, 15, 0), already_held=False)
    with pytest.raises(ValidationError, match="Record the meeting as held first"):
        services.add_question(
            actor=people["registrar"],
            meeting=planned,
            topic=topics["other"],
            text="x",
            executor=people["executor"],
        )
    with pytest.raises(ValidationError, match="Record the meeting as held first"):
        services.add_promise(
            actor=people["registrar"], meeting=planned, text="x", due_on=dt.date(2026, 12, 30)
        )


def test_promised_vs_done(people, meeting_factory):
    meeting = meeting_factory()
    promise = services.add_promise(
        actor=people["registrar"], meeting=meeting, text="Жарық", due_on=dt.date(2026, 11, 15)
    )
    assert promise.is_overdue(dt.date(2026, 11, 19)) and not promise.is_overdue(dt.date(2026, 11, 15))
    with pytest.raises(ValidationError, match="already been recorded"):
        services.add_promise(
            actor=people["registrar"], meeting=meeting, text="Жарық", due_on=dt.date(2026, 12, 1)
        )
    with pytest.raises(ValidationError, match="cannot be in the future"):
        services.mark_promise_done(
            actor=people["executor"], promise=promise, note="x", done_on=dt.date(2026, 11, 20)
        )
    with pytest.raises(ValidationError, match="Describe what was done"):
        services.mark_promise_done(actor=people["executor"], promise=promise, note="")
    with pytest.raises(PermissionDenied):
        services.mark_promise_done(actor=people["executor_b"], promise=promise, note="x")
    promise = services.mark_promise_done(
        actor=people["executor"], promise=promise, note="Орнатылды", done_on=dt.date(2026, 11, 17)
    )
    assert promise.status == PromiseStatus.DONE and promise.was_late()
    with pytest.raises(ValidationError, match="already marked as done"):
        services.mark_promise_done(actor=people["executor"], promise=promise, note="x")
    assert Promise.objects.get().done_note == "Орнатылды"


@pytest.mark.parametrize(
    ("due_on", "message"),
    [
        (dt.date(2026, 11, 11), "before the meeting"),
        (dt.date(2040, 1, 1), "more than 10 years"),
        ("soon", "Give the date"),
    ],
)
def test_bad_promise_dates(people, meeting_factory, due_on, message):
    with pytest.raises(ValidationError, match=message):
        services.add_promise(actor=people["registrar"], meeting=meeting_factory(), text="x", due_on=due_on)
    assert Promise.objects.count() == 0


def test_a_question_sent_twice_registers_one_appeal(people, topics, meeting_factory):
    """A double click on "Save the question" must not give one matter two appeals; another text is
    another question."""
    meeting = meeting_factory()
    data = {
        "actor": people["registrar"],
        "meeting": meeting,
        "topic": topics["roads-repair"],
        "executor": people["executor"],
    }
    services.add_question(text="Жол", **data)
    with pytest.raises(ValidationError) as excinfo:
        services.add_question(text="  Жол ", **data)
    assert "already written down as question 1" in messages_of(excinfo)
    services.add_question(text="Жол жөндеу", **data)
    assert Question.objects.count() == 2 and Appeal.objects.count() == 2
