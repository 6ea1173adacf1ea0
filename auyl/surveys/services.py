"""Write use cases of surveys: one function per action, each atomic, permission-checked and audited.

The builder (this module and :mod:`.questions`): a survey is drafted for a territory (blank or copied
from a shipped template), its questions are edited while it is a draft, then it is published with its
dates fixed; it can be closed early, and its results finalised when the paper forms are in. Answers
are stored by :mod:`.answering` (online, paper forms) and :mod:`.imports` (CSV), re-exported here.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from auyl.core import audit
from auyl.core.permissions import require_perm
from auyl.core.rules import get_rule

from . import audiences
from .answering import enter_paper_response, submit_online  # noqa: F401  (re-exported)
from .imports import ImportRejected, import_responses  # noqa: F401  (re-exported)
from .models import CHOICE_KINDS, Audience, Phase, Question, Status, Survey
from .questions import add_question, delete_question, move_question, update_question  # noqa: F401

TEXT_FIELDS = ("title_kk", "title_ru", "title_en", "intro_kk", "intro_ru", "intro_en")
SETTINGS_FIELDS = (
    "audience",
    "body_kind",
    "body_id",
    "opens_at",
    "closes_at",
    "is_anonymous",
    "results_public",
)
AUDITED_FIELDS = [*TEXT_FIELDS, *SETTINGS_FIELDS, "status", "entry_closes_at"]
# Once published, only these may change (texts for typos; closing time while it is still open).
EDITABLE_WHEN_PUBLISHED = {*TEXT_FIELDS, "results_public", "closes_at"}
MAX_TITLE = 300
MAX_INTRO = 4000


def _clean_texts(values: dict) -> dict:
    errors: dict[str, list[str]] = {}
    cleaned = {name: (values.get(name) or "").strip() for name in TEXT_FIELDS}
    for name in ("title_kk", "title_ru"):
        if not cleaned[name]:
            errors[name] = [_("Give the title in Kazakh and in Russian.")]
    for name in TEXT_FIELDS:
        limit = MAX_TITLE if name.startswith("title") else MAX_INTRO
        if len(cleaned[name]) > limit:
            errors[name] = [_("Too long (at most %(n)s characters).") % {"n": limit}]
    if errors:
        raise ValidationError(errors)
    return cleaned


def _clean_dates(opens_at, closes_at) -> None:
    if opens_at is not None and closes_at is not None and closes_at <= opens_at:
        raise ValidationError({"closes_at": [_("The survey must close after it opens.")]})


def _clean_audience(territory, audience: str, body: str) -> tuple[str, str, str]:
    if audience not in Audience.values:
        raise ValidationError({"audience": [_("Choose who may answer.")]})
    if audience != Audience.BODY:
        return audience, "", ""
    kind, _sep, body_id = (body or "").partition(":")
    if (body or "") not in dict(audiences.body_choices(territory)):
        raise ValidationError({"body": [_("Choose a body of this territory.")]})
    return audience, kind, body_id


def _snapshot(survey: Survey) -> dict:
    return audit.snapshot(survey, AUDITED_FIELDS)


@transaction.atomic
def create_survey(
    *,
    actor,
    territory,
    title_kk: str,
    title_ru: str,
    title_en: str = "",
    intro_kk: str = "",
    intro_ru: str = "",
    intro_en: str = "",
    audience: str = Audience.RESIDENTS,
    body: str = "",
    opens_at: dt.datetime | None = None,
    closes_at: dt.datetime | None = None,
    is_anonymous: bool = True,
    results_public: bool = True,
    source: str = "",
    template_key: str = "",
) -> Survey:
    """A draft survey of ``territory`` with no questions yet."""
    require_perm(actor, "survey.manage", territory)
    texts = _clean_texts(
        {
            "title_kk": title_kk,
            "title_ru": title_ru,
            "title_en": title_en,
            "intro_kk": intro_kk,
            "intro_ru": intro_ru,
            "intro_en": intro_en,
        }
    )
    audience, body_kind, body_id = _clean_audience(territory, audience, body)
    _clean_dates(opens_at, closes_at)
    survey = Survey.objects.create(
        territory=territory,
        territory_path=territory.path,
        **texts,
        audience=audience,
        body_kind=body_kind,
        body_id=body_id,
        opens_at=opens_at,
        closes_at=closes_at,
        is_anonymous=is_anonymous,
        results_public=results_public,
        source=source[:200],
        template_key=template_key,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record(
        actor=actor,
        action="survey.created",
        obj=survey,
        territory=territory,
        changes={**_snapshot(survey), "template": template_key},
    )
    return survey


@transaction.atomic
def update_survey(*, actor, survey: Survey, **values) -> Survey:
    """Change the survey's texts and settings. ``body`` is given as ``"kind:id"``."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    require_manager(actor, survey)
    before = _snapshot(survey)
    wanted = {name: values[name] for name in (*TEXT_FIELDS, *SETTINGS_FIELDS) if name in values}
    if "audience" in values or "body" in values:
        audience, kind, body_id = _clean_audience(
            survey.territory,
            values.get("audience", survey.audience),
            values.get("body", f"{survey.body_kind}:{survey.body_id}"),
        )
        wanted |= {"audience": audience, "body_kind": kind, "body_id": body_id}
    wanted |= _clean_texts({name: wanted.get(name, getattr(survey, name)) for name in TEXT_FIELDS})
    if survey.status == Status.PUBLISHED:
        _check_published_change(survey, wanted)
    moves_closing = "closes_at" in wanted and wanted["closes_at"] != survey.closes_at
    for name, value in wanted.items():
        setattr(survey, name, value)
    _clean_dates(survey.opens_at, survey.closes_at)
    if survey.status == Status.PUBLISHED and moves_closing:
        # Only a new closing time moves the end of paper entry: a corrected title must never reopen
        # the entry of finalised results (a past quarter's figures would change).
        survey.entry_closes_at = _entry_closes(survey)
    survey.save()
    changes = audit.diff(before, _snapshot(survey))
    if changes:
        audit.record(
            actor=actor, action="survey.updated", obj=survey, territory=survey.territory, changes=changes
        )
    return survey


def _check_published_change(survey: Survey, wanted: dict) -> None:
    changed = {name for name, value in wanted.items() if getattr(survey, name) != value}
    locked = changed - EDITABLE_WHEN_PUBLISHED
    if locked:
        raise ValidationError(
            _(
                "A published survey keeps its audience, anonymity and opening date; "
                "only its texts and closing time can change."
            )
        )
    if "closes_at" in changed:
        now = timezone.now()
        if survey.phase_at(now) not in (Phase.SCHEDULED, Phase.OPEN):
            raise ValidationError({"closes_at": [_("The survey has already closed.")]})
        if wanted["closes_at"] is None or wanted["closes_at"] <= now:
            raise ValidationError(
                {"closes_at": [_("Choose a closing time in the future, or close the survey now.")]}
            )


def _entry_closes(survey: Survey) -> dt.datetime:
    return survey.closes_at + dt.timedelta(days=get_rule(survey.territory, "surveys.paper_entry_days"))


def publication_problems(survey: Survey) -> list[str]:
    """What stops ``survey`` from being published (empty when it can be)."""
    problems = []
    if survey.opens_at is None or survey.closes_at is None:
        problems.append(_("Set the opening and closing dates."))
    questions = list(survey.questions.prefetch_related("options"))
    if not questions:
        problems.append(_("Add at least one question."))
    for question in questions:
        if question.kind in CHOICE_KINDS and len(question.options.all()) < 2:
            problems.append(_("Question %(n)s needs at least two options.") % {"n": question.position})
    return problems


@transaction.atomic
def publish_survey(*, actor, survey: Survey) -> Survey:
    """Publish a draft: its questions are fixed from now on, and it opens and closes on its dates."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    require_manager(actor, survey)
    if survey.status != Status.DRAFT:
        raise ValidationError(_("The survey has already been published."))
    problems = publication_problems(survey)
    if problems:
        raise ValidationError(problems)
    survey.status = Status.PUBLISHED
    survey.published_at = timezone.now()
    survey.entry_closes_at = _entry_closes(survey)
    survey.save(update_fields=["status", "published_at", "entry_closes_at", "updated_at"])
    audit.record(
        actor=actor,
        action="survey.published",
        obj=survey,
        territory=survey.territory,
        changes={
            "opens_at": survey.opens_at,
            "closes_at": survey.closes_at,
            "questions": survey.questions.count(),
        },
    )
    return survey


@transaction.atomic
def close_survey(*, actor, survey: Survey) -> Survey:
    """Stop online answers now (paper forms may still be entered for the region's grace days)."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    require_manager(actor, survey)
    now = timezone.now()
    if survey.phase_at(now) not in (Phase.SCHEDULED, Phase.OPEN):
        raise ValidationError(_("Only a published survey that has not closed yet can be closed."))
    before = _snapshot(survey)
    if survey.opens_at > now:
        survey.opens_at = now - dt.timedelta(seconds=1)
    survey.closes_at = now
    survey.entry_closes_at = _entry_closes(survey)
    survey.save()
    audit.record(
        actor=actor,
        action="survey.closed",
        obj=survey,
        territory=survey.territory,
        changes=audit.diff(before, _snapshot(survey)),
    )
    return survey


@transaction.atomic
def finalise_results(*, actor, survey: Survey) -> Survey:
    """End paper-form entry now: the results are final and indicators may use them."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    require_manager(actor, survey)
    if survey.phase_at(timezone.now()) != Phase.CLOSED:
        raise ValidationError(_("Results can be finalised once the survey has closed."))
    before = _snapshot(survey)
    survey.entry_closes_at = timezone.now()
    survey.save(update_fields=["entry_closes_at", "updated_at"])
    audit.record(
        actor=actor,
        action="survey.finalised",
        obj=survey,
        territory=survey.territory,
        changes=audit.diff(before, _snapshot(survey)),
    )
    return survey


@transaction.atomic
def create_from_template(
    *,
    actor,
    template_key: str,
    territory,
    opens_at=None,
    closes_at=None,
    audience: str = Audience.RESIDENTS,
    body: str = "",
    is_anonymous: bool = True,
) -> Survey:
    """A draft survey of ``territory`` with a copy of a shipped template's texts and questions."""
    template = Survey.objects.filter(is_template=True, template_key=template_key).first()
    if template is None:
        raise ValidationError({"template": [_("Unknown template.")]})
    survey = create_survey(
        actor=actor,
        territory=territory,
        title_kk=template.title_kk,
        title_ru=template.title_ru,
        title_en=template.title_en,
        intro_kk=template.intro_kk,
        intro_ru=template.intro_ru,
        intro_en=template.intro_en,
        audience=audience,
        body=body,
        opens_at=opens_at,
        closes_at=closes_at,
        is_anonymous=is_anonymous,
        source=template.source,
        template_key=template_key,
    )
    _copy_questions(template, survey)
    return survey


def _copy_questions(template: Survey, survey: Survey) -> None:
    """The template's questions and options, copied field by field into the draft ``survey``."""
    for question in template.questions.prefetch_related("options"):
        copy = Question.objects.create(
            survey=survey,
            **{
                f.name: getattr(question, f.name)
                for f in Question._meta.concrete_fields
                if f.name not in ("id", "survey")
            },
        )
        copy.options.bulk_create(
            [
                type(option)(
                    question=copy,
                    **{
                        f.name: getattr(option, f.name)
                        for f in option._meta.concrete_fields
                        if f.name not in ("id", "question")
                    },
                )
                for option in question.options.all()
            ]
        )


def require_manager(actor, survey: Survey) -> None:
    """The permission to manage ``survey``; a shipped template (no territory) is never managed: a grant
    check on no territory would mean "anywhere" and let any manager edit it."""
    if survey.is_template:
        raise PermissionDenied(_("Templates are copied, never edited."))
    require_perm(actor, "survey.manage", survey.territory)
