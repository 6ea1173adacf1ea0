"""What residents raised at a held meeting, and what the akim promised.

Every question or proposal becomes an appeal (``002:716``: after every reporting meeting all appeals go
into a table with a deadline and a responsible executor) through
:func:`auyl.appeals.services.register_appeal` with channel ``reporting_meeting`` and
``source_type="reporting.question"``, and is assigned to its executor through
:func:`auyl.appeals.services.assign`, in the same transaction: a question is never stored without its
appeal. The appeal's deadline follows the appeals rules of the region. Import from :mod:`.services`.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from auyl.appeals import services as appeals
from auyl.appeals.models import Channel, Topic
from auyl.core import audit
from auyl.core.permissions import has_perm, require_perm
from auyl.territory.models import Resident, Territory

from .models import AkimLevel, Promise, PromiseStatus, Question, QuestionKind, ReportingMeeting, Status

ACTION = "reporting.manage"
MAX_QUESTION = 5000
MAX_SUBJECT = 120
MAX_NAME = 300
MAX_PROMISE = 2000
MAX_NOTE = 5000
MAX_PROMISE_YEARS = 10
SOURCE_TYPE = "reporting.question"


def _held(meeting: ReportingMeeting, actor, action: str = ACTION) -> ReportingMeeting:
    meeting = (
        ReportingMeeting.objects.select_for_update()
        .select_related("territory", "akim_unit")
        .get(pk=meeting.pk)
    )
    require_perm(actor, action, meeting.akim_unit)
    if meeting.status != Status.HELD:
        raise ValidationError(_("Record the meeting as held first."))
    return meeting


def _required(value, field: str, message: str, limit: int) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise ValidationError({field: [message]})
    if len(text) > limit:
        raise ValidationError({field: [_("This is too long (at most %(n)s characters).") % {"n": limit}]})
    return text


def _subject(text: str) -> str:
    """The appeal's subject: the question's first line, cut at a word if long."""
    line = text.splitlines()[0].strip()
    if len(line) <= MAX_SUBJECT:
        return line
    return line[:MAX_SUBJECT].rsplit(" ", 1)[0].rstrip(" ,.;:") + "…"


def _clean_flags(kind: str, is_critical: bool, addressee: str) -> tuple[str, str]:
    if kind not in QuestionKind.values:
        raise ValidationError({"kind": [_("Choose question or proposal.")]})
    if is_critical and addressee not in AkimLevel.values:
        raise ValidationError(
            {"critical_addressee_level": [_("Say to which akim level the critical remark is addressed.")]}
        )
    return kind, addressee if is_critical else ""


def _resident(actor, meeting: ReportingMeeting, resident) -> Resident | None:
    if resident is None:
        return None
    if not isinstance(resident, Resident) or not resident.is_active:
        raise ValidationError({"resident": [_("This resident is not in the registry.")]})
    if not resident.territory_path.startswith(meeting.akim_unit.path):
        raise ValidationError({"resident": [_("This resident does not live in the territory of this akim.")]})
    if not has_perm(actor, "resident.view", resident.settlement):
        raise PermissionDenied(_("You do not have permission to do this here."))
    return resident


def _question_place(meeting: ReportingMeeting, place, resident: Resident | None) -> Territory:
    """The settlement or rural district the question is about: given, else the resident's, else the
    meeting's own territory; it must lie within the akim's territory and within a rural district."""
    place = place or (resident.settlement if resident is not None else meeting.territory)
    if (
        not isinstance(place, Territory)
        or not place.is_active
        or not place.path.startswith(meeting.akim_unit.path)
    ):
        raise ValidationError({"place": [_("Choose a settlement within the territory of this akim.")]})
    try:
        appeals.primary_unit_of(place)
    except ValidationError:
        raise ValidationError({"place": [_("Choose the settlement the question is about.")]}) from None
    return place


def _check_executor(executor, place: Territory) -> None:
    unit = appeals.primary_unit_of(place)
    if (
        executor is None
        or not getattr(executor, "is_active", False)
        or not has_perm(executor, "appeal.answer", unit)
    ):
        raise ValidationError(
            {"executor": [_("Choose an executor who can answer appeals of this rural district.")]}
        )


def _next_number(meeting: ReportingMeeting) -> int:
    return (Question.objects.filter(meeting=meeting).aggregate(n=Max("number"))["n"] or 0) + 1


def _applicant(meeting: ReportingMeeting, resident, author_name: str, author_phone: str) -> dict:
    """Requisites for the appeal: the resident's, or the name given; the answer goes to the phone given,
    else to the meeting's venue (it is announced where the question was raised)."""
    day = timezone.localtime(meeting.starts_at).date()
    name = (
        author_name
        or (resident.full_name if resident is not None else "")
        or _("Participants of the reporting meeting of %(date)s") % {"date": f"{day:%d.%m.%Y}"}
    )
    return {
        "applicant_name": name[:MAX_NAME],
        "applicant_phone": author_phone,
        "applicant_address": (resident.address if resident is not None else "") or meeting.venue,
    }


def _register(actor, meeting, question: Question, executor, resident, applicant: dict):
    try:
        appeal, code = appeals.register_appeal(
            actor=actor,
            territory=question.place,
            topic=question.topic,
            channel=Channel.REPORTING_MEETING,
            received_on=timezone.localtime(meeting.starts_at).date(),
            resident=resident,
            subject=_subject(question.text),
            text=question.text,
            idempotency_key=f"{SOURCE_TYPE}:{question.pk}",
            source_type=SOURCE_TYPE,
            source_id=str(question.pk),
            **applicant,
        )
        appeals.assign(actor=actor, appeal=appeal, executor=executor)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            fields = {"applicant_phone": "author_phone", "applicant_name": "author_name", "text": "text"}
            raise ValidationError(
                {fields.get(k, "__all__"): v for k, v in exc.message_dict.items()}
            ) from None
        raise
    return appeal, code


def _author_name(value) -> str:
    name = value.strip() if isinstance(value, str) else ""
    if len(name) > MAX_NAME:
        raise ValidationError(
            {"author_name": [_("This is too long (at most %(n)s characters).") % {"n": MAX_NAME}]}
        )
    return name


def _refuse_duplicate(meeting: ReportingMeeting, text: str) -> None:
    """The same text twice at one meeting is the form sent twice (a double click, a reload), not a
    second question: it would register a second appeal for one matter."""
    number = Question.objects.filter(meeting=meeting, text=text).values_list("number", flat=True).first()
    if number is not None:
        raise ValidationError(
            {"text": [_("This was already written down as question %(n)s of this meeting.") % {"n": number}]}
        )


def _audit_question(actor, meeting: ReportingMeeting, question: Question, executor) -> None:
    audit.record(
        actor=actor,
        action="reporting.question_added",
        obj=question,
        territory=meeting.territory,
        changes={
            "meeting": meeting.pk,
            "number": question.number,
            "topic": question.topic.code,
            "kind": question.kind,
            "is_repeat": question.is_repeat,
            "critical_addressee_level": question.critical_addressee_level,
            "appeal": question.appeal.number,
            "executor": executor.pk,
        },
    )


@transaction.atomic
def add_question(
    *,
    actor,
    meeting: ReportingMeeting,
    topic: Topic,
    text: str,
    executor,
    kind: str = QuestionKind.QUESTION,
    is_repeat: bool = False,
    is_critical: bool = False,
    critical_addressee_level: str = "",
    resident: Resident | None = None,
    author_name: str = "",
    author_phone: str = "",
    place: Territory | None = None,
    is_public: bool = True,
) -> tuple[Question, str]:
    """Record a question or proposal of a held meeting and register it as an appeal assigned to
    ``executor``. Returns the question and the appeal's tracking code (shown once; sent by SMS when the
    resident has a phone). All or nothing: if the appeal cannot be registered, no question is stored."""
    meeting = _held(meeting, actor)
    if not isinstance(topic, Topic) or topic.pk is None or not topic.is_active:
        raise ValidationError({"topic": [_("Choose the topic of the question.")]})
    text = _required(text, "text", _("Write down the question or proposal."), MAX_QUESTION)
    kind, addressee = _clean_flags(kind, bool(is_critical), critical_addressee_level)
    resident = _resident(actor, meeting, resident)
    place = _question_place(meeting, place, resident)
    _check_executor(executor, place)
    author_name = _author_name(author_name)
    _refuse_duplicate(meeting, text)
    question = Question.objects.create(
        meeting=meeting,
        number=_next_number(meeting),
        kind=kind,
        topic=topic,
        is_repeat=bool(is_repeat),
        is_critical=bool(is_critical),
        critical_addressee_level=addressee,
        resident=resident,
        author_name=author_name,
        place=place,
        text=text,
        is_public=bool(is_public),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    phone = author_phone.strip() if isinstance(author_phone, str) else ""
    applicant = _applicant(meeting, resident, author_name, phone)
    question.appeal, code = _register(actor, meeting, question, executor, resident, applicant)
    question.save(update_fields=["appeal", "updated_at"])
    _audit_question(actor, meeting, question, executor)
    return question, code


def _meeting_day(meeting: ReportingMeeting) -> dt.date:
    return timezone.localtime(meeting.starts_at).date()


def _date(value, field: str, message: str) -> dt.date:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise ValidationError({field: [message]})
    return value


@transaction.atomic
def add_promise(
    *, actor, meeting: ReportingMeeting, text: str, due_on: dt.date, question: Question | None = None
) -> Promise:
    """Record an explicit promise of the akim at a held meeting, with the date it is due."""
    meeting = _held(meeting, actor)
    text = _required(text, "text", _("Write down what the akim promised."), MAX_PROMISE)
    due_on = _date(due_on, "due_on", _("Give the date by which it is promised."))
    day = _meeting_day(meeting)
    if due_on < day:
        raise ValidationError({"due_on": [_("The due date cannot be before the meeting.")]})
    if due_on > day + dt.timedelta(days=366 * MAX_PROMISE_YEARS):
        raise ValidationError(
            {
                "due_on": [
                    _("Check the due date: it is more than %(n)s years after the meeting.")
                    % {"n": MAX_PROMISE_YEARS}
                ]
            }
        )
    if question is not None and (not isinstance(question, Question) or question.meeting_id != meeting.pk):
        raise ValidationError({"question": [_("This question was not raised at this meeting.")]})
    if Promise.objects.filter(meeting=meeting, text=text).exists():
        raise ValidationError({"text": [_("This promise has already been recorded.")]})
    promise = Promise.objects.create(
        meeting=meeting,
        question=question,
        text=text,
        due_on=due_on,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record(
        actor=actor,
        action="reporting.promise_added",
        obj=promise,
        territory=meeting.territory,
        changes={"meeting": meeting.pk, "due_on": due_on, "question": getattr(question, "number", None)},
    )
    return promise


@transaction.atomic
def mark_promise_done(*, actor, promise: Promise, note: str, done_on: dt.date | None = None) -> Promise:
    """Record that a promise was kept: when, and what was done."""
    promise = (
        Promise.objects.select_for_update()
        .select_related("meeting__territory", "meeting__akim_unit")
        .get(pk=promise.pk)
    )
    require_perm(actor, "reporting.track", promise.meeting.akim_unit)
    if promise.status == PromiseStatus.DONE:
        raise ValidationError(_("This promise is already marked as done."))
    note = _required(note, "note", _("Describe what was done."), MAX_NOTE)
    today = timezone.localdate()
    done_on = today if done_on is None else _date(done_on, "done_on", _("Give the date it was done."))
    if done_on > today:
        raise ValidationError({"done_on": [_("The date it was done cannot be in the future.")]})
    if done_on < _meeting_day(promise.meeting):
        raise ValidationError({"done_on": [_("The date it was done cannot be before the meeting.")]})
    promise.status, promise.done_on, promise.done_note = PromiseStatus.DONE, done_on, note
    promise.done_recorded_by = actor if getattr(actor, "is_authenticated", False) else None
    promise.save()
    audit.record(
        actor=actor,
        action="reporting.promise_done",
        obj=promise,
        territory=promise.meeting.territory,
        changes={
            "status": [PromiseStatus.OPEN, PromiseStatus.DONE],
            "done_on": done_on,
            "late": promise.was_late(),
        },
    )
    return promise
