"""Storing answers: online (a signed-in resident, or anyone for an open survey) and paper forms typed by
staff. CSV files go through :mod:`.imports`, which shares the parsing and the row building here.

The one-response rule is the unique :class:`~.models.Participation` of (survey, resident), inserted in
the same transaction as the response: of two simultaneous submissions one insert fails and its whole
transaction — response included — rolls back. In an anonymous survey the response carries no person,
no time and no staff member, and the audit event names the survey, not the response.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from auyl.core import audit
from auyl.core.crypto import keyed_hash
from auyl.core.permissions import require_perm
from auyl.core.rules import get_rule
from auyl.territory.models import Level

from . import audiences
from .models import (
    Answer,
    Audience,
    Channel,
    ClientQuota,
    Participation,
    Phase,
    Response,
    SubmissionNonce,
    Survey,
)
from .parsing import ParsedAnswer, QuestionLookup, age_band_of, parse_value, profile_from_answers

SETTLEMENT_LEVELS = (Level.SETTLEMENT, Level.TOWN)  # what a response's settlement may be


class AlreadyAnswered(ValidationError):
    """This person (or this very form) has already answered the survey."""


@dataclass
class Demographics:
    age_band: str = ""
    sex: str = ""
    settlement: object = None


def lookups_of(survey: Survey) -> list[QuestionLookup]:
    return [QuestionLookup.of(q) for q in survey.questions.prefetch_related("options").order_by("position")]


def parse_answers(
    lookups: list[QuestionLookup], values: dict, text_max: int
) -> tuple[list[ParsedAnswer], dict]:
    """Every question's answer from ``values`` (question code -> raw); errors keyed by question code."""
    answers, errors = [], {}
    for lookup in lookups:
        question = lookup.question
        try:
            answer = parse_value(lookup, values.get(question.code), text_max=text_max)
        except ValidationError as exc:
            errors[question.code] = exc.messages[0]
            continue
        if answer is None:
            if question.is_required:
                errors[question.code] = _("Answer this question.")
            continue
        answers.append(answer)
    return answers, errors


def build_rows(
    survey: Survey,
    answers: list[ParsedAnswer],
    people: Demographics,
    channel: str,
    *,
    respondent=None,
    batch=None,
) -> tuple[Response, list[Answer]]:
    """The unsaved response and answer rows (saved with bulk_create by the caller)."""
    profile = profile_from_answers(answers)
    identified = not survey.is_anonymous
    response = Response(
        survey=survey,
        channel=channel,
        import_batch=batch,
        respondent=respondent if identified else None,
        submitted_at=timezone.now() if identified else None,
        age_band=profile.get("age_band") or people.age_band,
        sex=profile.get("sex") or people.sex,
        settlement=people.settlement,
    )
    rows = []
    for answer in answers:
        if answer.options:
            rows += [Answer(response=response, question=answer.question, option=o) for o in answer.options]
        else:
            rows.append(
                Answer(response=response, question=answer.question, number=answer.number, text=answer.text)
            )
    return response, rows


def save_rows(pairs: list[tuple[Response, list[Answer]]]) -> None:
    Response.objects.bulk_create([response for response, _rows in pairs], batch_size=500)
    Answer.objects.bulk_create([row for _response, rows in pairs for row in rows], batch_size=1000)


def _registry_people(survey: Survey, resident) -> Demographics:
    if resident is None:
        return Demographics()
    day = timezone.localtime(survey.opens_at).date()
    return Demographics(age_band_of(resident.age_on(day)), resident.sex, resident.settlement)


def _participate(survey: Survey, resident) -> Participation:
    if Participation.objects.filter(survey=survey, resident=resident).exists():
        raise AlreadyAnswered(_("This person has already answered the survey: one response per person."))
    try:
        with transaction.atomic():
            return Participation.objects.create(survey=survey, resident=resident)
    except IntegrityError:  # the same person's other submission committed first
        raise AlreadyAnswered(
            _("This person has already answered the survey: one response per person.")
        ) from None


def _field_errors(errors: dict) -> ValidationError:
    return ValidationError({f"q-{code}": [message] for code, message in errors.items()})


def _audit(actor, action: str, survey: Survey, response: Response, **changes) -> None:
    if not survey.is_anonymous:
        changes["response"] = str(response.pk)
    audit.record(actor=actor, action=action, obj=survey, territory=survey.territory, changes=changes)


# ---- Online ------------------------------------------------------------------------------------------


def check_open(survey: Survey, now) -> None:
    phase = survey.phase_at(now)
    if phase == Phase.OPEN:
        return
    if phase == Phase.SCHEDULED:
        opens = timezone.localtime(survey.opens_at)
        raise ValidationError(_("The survey opens on %(date)s.") % {"date": f"{opens:%d.%m.%Y %H:%M}"})
    if phase in (Phase.CLOSED, Phase.FINAL):
        closed = timezone.localtime(survey.closes_at)
        raise ValidationError(_("The survey closed on %(date)s.") % {"date": f"{closed:%d.%m.%Y %H:%M}"})
    raise ValidationError(_("The survey is not published."))


def resident_of(user):
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return getattr(user, "resident", None)


def check_audience(user, survey: Survey, now) -> None:
    """Raise PermissionDenied, with the reason, when ``user`` may not answer ``survey`` online."""
    resident = resident_of(user)
    if survey.audience == Audience.OPEN:
        return
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("Sign in with your phone number to answer this survey."))
    if not audiences.is_in_audience(survey, resident, timezone.localtime(now).date()):
        if survey.audience == Audience.RESIDENTS:
            raise PermissionDenied(
                _("This survey is for residents of %(unit)s.") % {"unit": survey.territory.name}
            )
        raise PermissionDenied(_("This survey is for the members of a body."))


def _take_quota(survey: Survey, client_key: str, now) -> None:
    limit = get_rule(survey.territory, "surveys.open_answers_per_client_per_day")
    digest = keyed_hash(f"survey-client:{survey.pk}:{client_key}")
    day = timezone.localtime(now).date()
    try:
        with transaction.atomic():
            ClientQuota.objects.get_or_create(survey=survey, client_hash=digest, day=day)
    except IntegrityError:  # created by a simultaneous request
        pass
    taken = ClientQuota.objects.filter(survey=survey, client_hash=digest, day=day, count__lt=limit).update(
        count=F("count") + 1
    )
    if not taken:
        raise ValidationError(
            _("Too many answers were sent from this connection today. Please try again tomorrow.")
        )


def _use_nonce(survey: Survey, nonce: str) -> None:
    if not nonce:
        return
    try:
        with transaction.atomic():
            SubmissionNonce.objects.create(
                survey=survey, nonce_hash=keyed_hash(f"survey-nonce:{nonce[:100]}")
            )
    except IntegrityError:
        raise AlreadyAnswered(_("Your answers have already been received.")) from None


@transaction.atomic
def submit_online(*, actor, survey: Survey, values: dict, client_key: str = "", nonce: str = "") -> Response:
    """Store one online response. ``values`` maps question codes to what was ticked or typed;
    ``client_key`` (the address) limits answers without sign-in, ``nonce`` (one per form) makes a
    double submit store once."""
    now = timezone.now()
    check_open(survey, now)
    check_audience(actor, survey, now)
    resident = resident_of(actor)
    answers, errors = parse_answers(
        lookups_of(survey), values, get_rule(survey.territory, "surveys.text_max_chars")
    )
    if errors:
        raise _field_errors(errors)
    if resident is not None:
        _participate(survey, resident)
    else:
        _use_nonce(survey, nonce)
        _take_quota(survey, client_key, now)
    response, rows = build_rows(
        survey, answers, _registry_people(survey, resident), Channel.ONLINE, respondent=resident
    )
    save_rows([(response, rows)])
    who = actor if getattr(actor, "is_authenticated", False) else "anonymous"
    _audit(who, "survey.answered", survey, response, channel="online")
    return response


# ---- Paper forms typed by staff -----------------------------------------------------------------------


def check_entry_open(survey: Survey, now) -> None:
    phase = survey.phase_at(now)
    if phase == Phase.SCHEDULED:
        raise ValidationError(_("The survey has not opened yet: its forms cannot be entered."))
    if phase == Phase.FINAL:
        raise ValidationError(_("The results of this survey are final: no more forms can be entered."))
    if phase not in (Phase.OPEN, Phase.CLOSED):
        raise ValidationError(_("The survey is not published."))


def clean_settlement(survey: Survey, settlement):
    if settlement is None:
        return None
    if not settlement.path.startswith(survey.territory_path):
        raise ValidationError({"settlement": [_("This settlement is outside the survey's territory.")]})
    if settlement.level not in SETTLEMENT_LEVELS:  # a rural district is not a village of the breakdown
        raise ValidationError({"settlement": [_("Choose a village or town, not a larger unit.")]})
    return settlement


@transaction.atomic
def enter_paper_response(
    *, actor, survey: Survey, values: dict, settlement=None, age_band: str = "", sex: str = "", resident=None
) -> Response:
    """Store one paper form typed by staff. ``resident``, when known, is marked as having taken part
    (the one-response rule) and, in an identified survey, named on the response."""
    require_perm(actor, "survey.enter", survey.territory)
    check_entry_open(survey, timezone.now())
    clean_settlement(survey, settlement)
    if resident is not None and not audiences.is_in_audience(survey, resident, timezone.localdate()):
        raise ValidationError({"resident": [_("This person is not among those the survey is for.")]})
    answers, errors = parse_answers(
        lookups_of(survey), values, get_rule(survey.territory, "surveys.text_max_chars")
    )
    if errors:
        raise _field_errors(errors)
    participation = _participate(survey, resident) if resident is not None else None
    people = _registry_people(survey, resident)
    people = Demographics(age_band or people.age_band, sex or people.sex, settlement or people.settlement)
    response, rows = build_rows(survey, answers, people, Channel.PAPER, respondent=resident)
    save_rows([(response, rows)])
    _audit(
        actor,
        "survey.paper_entered",
        survey,
        response,
        participation=participation.pk if participation is not None else None,
    )
    return response
