"""The builder's questions: add, change, remove and reorder the questions of a draft survey.

A question has its text in Kazakh and Russian (English optional) and, when it offers choices, its
options in the same languages, one list per language of equal length. A rating scale's options are the
whole numbers from its lowest to its highest point.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from auyl.core import audit
from auyl.core.permissions import require_perm

from .models import CHOICE_KINDS, Indicator, Option, Profile, Question, QuestionKind, Status, Survey

MAX_QUESTIONS = 100
MAX_OPTIONS = 40
MAX_QUESTION_TEXT = 1000
MAX_OPTION_TEXT = 500
SCALE_LIMITS = (0, 10)
CODE_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


@dataclass
class OptionSpec:
    text_kk: str
    text_ru: str
    text_en: str = ""
    code: str = ""
    value: int | None = None
    profile_value: str = ""
    is_favourable: bool = False


@dataclass
class QuestionSpec:
    kind: str
    text_kk: str
    text_ru: str
    text_en: str = ""
    is_required: bool = False
    code: str = ""
    options: list[OptionSpec] = field(default_factory=list)
    scale_min: int | None = None
    scale_max: int | None = None
    number_min: Decimal | None = None
    number_max: Decimal | None = None
    profile: str = ""
    indicator: str = ""


def options_from_lines(kk: str, ru: str, en: str = "") -> list[OptionSpec]:
    """Options typed one per line, a list per language (the builder's form)."""
    lists = [[line.strip() for line in (text or "").splitlines() if line.strip()] for text in (kk, ru, en)]
    if lists[2] and len(lists[2]) != len(lists[0]):
        raise ValidationError({"options_en": [_("Give as many English options as Kazakh ones, or none.")]})
    if len(lists[0]) != len(lists[1]):
        raise ValidationError(
            {"options_ru": [_("Give as many Russian options as Kazakh ones, in the same order.")]}
        )
    english = lists[2] or [""] * len(lists[0])
    return [OptionSpec(a, b, c) for a, b, c in zip(lists[0], lists[1], english, strict=True)]


def _clean_spec(spec: QuestionSpec) -> QuestionSpec:
    errors: dict[str, list[str]] = {}
    if spec.kind not in QuestionKind.values:
        errors["kind"] = [_("Choose the kind of question.")]
    for name in ("text_kk", "text_ru", "text_en"):
        setattr(spec, name, (getattr(spec, name) or "").strip())
        if len(getattr(spec, name)) > MAX_QUESTION_TEXT:
            errors[name] = [_("Too long (at most %(n)s characters).") % {"n": MAX_QUESTION_TEXT}]
    if not spec.text_kk or not spec.text_ru:
        errors.setdefault(
            "text_ru" if spec.text_kk else "text_kk", [_("Give the question in Kazakh and in Russian.")]
        )
    if spec.profile not in Profile.values or spec.indicator not in Indicator.values:
        errors["kind"] = [_("Unknown setting of the question.")]
    if spec.code and not CODE_RE.match(spec.code):
        errors["code"] = [_("A code has Latin letters, digits, - and _ (at most 40).")]
    if spec.kind == QuestionKind.SCALE:
        spec.options = _scale_options(spec, errors)
    elif spec.kind in CHOICE_KINDS:
        _check_options(spec, errors)
    else:
        spec.options = []
    if (
        spec.kind == QuestionKind.NUMBER
        and None not in (spec.number_min, spec.number_max)
        and spec.number_min > spec.number_max
    ):
        errors["number_max"] = [_("The largest number must not be below the smallest.")]
    if errors:
        raise ValidationError(errors)
    return spec


def _scale_options(spec: QuestionSpec, errors: dict) -> list[OptionSpec]:
    low, high = spec.scale_min, spec.scale_max
    if low is None or high is None or not (SCALE_LIMITS[0] <= low < high <= SCALE_LIMITS[1]):
        errors["scale_max"] = [_("A scale runs from a lower to a higher whole number between 0 and 10.")]
        return []
    return [OptionSpec(str(n), str(n), str(n), code=str(n), value=n) for n in range(low, high + 1)]


def _check_options(spec: QuestionSpec, errors: dict) -> None:
    if len(spec.options) < 2:
        errors["options_kk"] = [_("Give at least two options.")]
    if len(spec.options) > MAX_OPTIONS:
        errors["options_kk"] = [_("At most %(n)s options.") % {"n": MAX_OPTIONS}]
    codes = set()
    for number, option in enumerate(spec.options, start=1):
        if not option.text_kk or not option.text_ru:
            errors["options_ru"] = [_("Every option needs its Kazakh and Russian text.")]
        if max(len(option.text_kk), len(option.text_ru), len(option.text_en)) > MAX_OPTION_TEXT:
            errors["options_kk"] = [
                _("An option is too long (at most %(n)s characters).") % {"n": MAX_OPTION_TEXT}
            ]
        option.code = option.code or str(number)
        if not CODE_RE.match(option.code) or option.code in codes:
            errors["options_kk"] = [_("Option codes must be unique Latin codes.")]
        codes.add(option.code)


def _require_draft(actor, survey) -> None:
    require_perm(actor, "survey.manage", survey.territory)
    if survey.status != Status.DRAFT or survey.is_template:
        raise ValidationError(_("Questions can be changed only while the survey is a draft."))


def _free_code(survey, wanted: str, exclude_pk=None) -> str:
    taken = set(survey.questions.exclude(pk=exclude_pk).values_list("code", flat=True))
    if wanted:
        if wanted in taken:
            raise ValidationError({"code": [_("Another question already has this code.")]})
        return wanted
    number = survey.questions.count() + 1
    while f"q{number}" in taken:
        number += 1
    return f"q{number}"


WRITTEN_FIELDS = (
    "kind",
    "text_kk",
    "text_ru",
    "text_en",
    "is_required",
    "number_min",
    "number_max",
    "profile",
    "indicator",
)


def _fresh(question: Question) -> Question:
    """The question as stored now (a page may hold an old copy whose position has moved since)."""
    return Question.objects.select_related("survey__territory").get(pk=question.pk)


def _write(question: Question, spec: QuestionSpec) -> Question:
    for name in WRITTEN_FIELDS:
        setattr(question, name, getattr(spec, name))
    if question.pk is None:
        question.save()
    else:
        question.save(update_fields=[*WRITTEN_FIELDS, "code"])
    question.options.all().delete()
    Option.objects.bulk_create(
        [
            Option(
                question=question,
                position=n,
                code=slugify(o.code)[:40] or str(n),
                text_kk=o.text_kk,
                text_ru=o.text_ru,
                text_en=o.text_en,
                value=o.value,
                profile_value=o.profile_value,
                is_favourable=o.is_favourable,
            )
            for n, o in enumerate(spec.options, start=1)
        ]
    )
    return question


def _record(actor, action: str, question: Question, spec: QuestionSpec | None = None) -> None:
    changes = {"position": question.position, "code": question.code}
    if spec is not None:
        changes |= {
            "kind": spec.kind,
            "text_kk": spec.text_kk,
            "text_ru": spec.text_ru,
            "options": [o.text_kk for o in spec.options],
        }
    audit.record(
        actor=actor, action=action, obj=question.survey, territory=question.survey.territory, changes=changes
    )


@transaction.atomic
def add_question(*, actor, survey, spec: QuestionSpec) -> Question:
    survey = Survey.objects.select_for_update(of=("self",)).select_related("territory").get(pk=survey.pk)
    _require_draft(actor, survey)
    spec = _clean_spec(spec)
    if survey.questions.count() >= MAX_QUESTIONS:
        raise ValidationError(_("A survey has at most %(n)s questions.") % {"n": MAX_QUESTIONS})
    position = (survey.questions.aggregate(n=Max("position"))["n"] or 0) + 1
    question = Question(survey=survey, position=position, code=_free_code(survey, spec.code))
    _write(question, spec)
    _record(actor, "survey.question_added", question, spec)
    return question


@transaction.atomic
def update_question(*, actor, question: Question, spec: QuestionSpec) -> Question:
    question = _fresh(question)
    _require_draft(actor, question.survey)
    spec = _clean_spec(spec)
    if spec.code and spec.code != question.code:
        question.code = _free_code(question.survey, spec.code, exclude_pk=question.pk)
    _write(question, spec)
    _record(actor, "survey.question_changed", question, spec)
    return question


@transaction.atomic
def delete_question(*, actor, question: Question) -> None:
    question = _fresh(question)
    survey = question.survey
    _require_draft(actor, survey)
    _record(actor, "survey.question_removed", question)
    position = question.position
    question.delete()
    # Close the gap one row at a time, in order (a unique position must never clash mid-update).
    for later in survey.questions.filter(position__gt=position).order_by("position"):
        Question.objects.filter(pk=later.pk).update(position=F("position") - 1)


@transaction.atomic
def move_question(*, actor, question: Question, direction: int) -> Question:
    """Swap ``question`` with the one above (``direction`` -1) or below (+1)."""
    question = _fresh(question)
    survey = question.survey
    _require_draft(actor, survey)
    other = survey.questions.filter(position=question.position + (1 if direction > 0 else -1)).first()
    if other is None:
        return question
    mine, theirs = question.position, other.position
    Question.objects.filter(pk=question.pk).update(position=0)
    Question.objects.filter(pk=other.pk).update(position=mine)
    Question.objects.filter(pk=question.pk).update(position=theirs)
    question.position = theirs
    _record(actor, "survey.question_moved", question)
    return question
