"""Turning what a person typed or ticked into answers — one parser for the online form, the paper-form
entry and CSV import, so all three accept and refuse the same values with the same messages.

A choice is given by its option code (``yes``), its number in the question (``1``) or its text in any
language (``иә``), case-insensitively; several choices are separated by ``|`` or ``,``. Numbers take a
decimal point or comma. An empty value is "no answer".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import AgeBand, Profile, Question, QuestionKind

MULTI_SEPARATOR = re.compile(r"\s*[|,]\s*")
SEX_WORDS = {
    "m": "m",
    "male": "m",
    "man": "m",
    "ер": "m",
    "еркек": "m",
    "м": "m",
    "муж": "m",
    "мужской": "m",
    "f": "f",
    "female": "f",
    "woman": "f",
    "әйел": "f",
    "ә": "f",
    "ж": "f",
    "жен": "f",
    "женский": "f",
}
AGE_BAND_WORDS = {band.value: band.value for band in AgeBand} | {">55": "56+", "55+": "56+", "<18": "u18"}


@dataclass
class ParsedAnswer:
    question: Question
    options: list = field(default_factory=list)
    number: Decimal | None = None
    text: str = ""


@dataclass
class QuestionLookup:
    """Each question with its options indexed by every accepted spelling."""

    question: Question
    tokens: dict[str, object] = field(default_factory=dict)

    @classmethod
    def of(cls, question: Question) -> QuestionLookup:
        lookup = cls(question)
        options = list(question.options.all())
        for option in options:  # texts first, so a code or a number wins over an equal text
            for text in (option.text_kk, option.text_ru, option.text_en):
                if text:
                    lookup.tokens.setdefault(_norm(text), option)
        for option in options:
            lookup.tokens[_norm(str(option.position))] = option
        for option in options:
            lookup.tokens[_norm(option.code)] = option
        return lookup


def _norm(text: str) -> str:
    return " ".join(str(text).casefold().replace("ё", "е").split()).strip(" .")


def expected_codes(question: Question) -> str:
    codes = [option.code for option in question.options.all()]
    return ", ".join(codes)


def parse_value(lookup: QuestionLookup, raw, *, text_max: int) -> ParsedAnswer | None:
    """``raw`` (a string, or a list of strings from checkboxes) as an answer; None when empty.
    Raises ValidationError with a message naming what is wrong."""
    question = lookup.question
    values = [str(v) for v in raw] if isinstance(raw, list | tuple) else [str(raw or "")]
    values = [v.strip() for v in values if v is not None and v.strip()]
    if not values:
        return None
    if question.kind == QuestionKind.TEXT:
        text = "\n".join(values).replace("\x00", "")
        if len(text) > text_max:
            raise ValidationError(_("The answer is too long (at most %(n)s characters).") % {"n": text_max})
        return ParsedAnswer(question, text=text)
    if question.kind == QuestionKind.NUMBER:
        return ParsedAnswer(question, number=_number(question, values[0]))
    return ParsedAnswer(question, options=_options(lookup, values))


def _options(lookup: QuestionLookup, values: list[str]) -> list:
    question = lookup.question
    tokens = []
    for value in values:
        tokens += MULTI_SEPARATOR.split(value) if question.kind == QuestionKind.MULTIPLE else [value]
    chosen = []
    for token in (t for t in tokens if t.strip()):
        option = lookup.tokens.get(_norm(token))
        if option is None:
            raise ValidationError(
                _("Unknown option «%(value)s» (expected one of: %(codes)s).")
                % {"value": token[:60], "codes": expected_codes(question)}
            )
        if option not in chosen:
            chosen.append(option)
    if len(chosen) > 1 and question.kind != QuestionKind.MULTIPLE:
        raise ValidationError(_("Only one option may be chosen here."))
    return chosen


def plain(number: Decimal | None) -> Decimal | None:
    """``30.0000`` as ``30``, ``2.5000`` as ``2.5`` (never ``3E+1``)."""
    return None if number is None else Decimal(format(number.normalize(), "f"))


def _number(question: Question, value: str) -> Decimal:
    compact = re.sub(r"[\s\u00a0]", "", value).replace(",", ".")
    try:
        number = Decimal(compact)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or abs(number) >= Decimal("1e10"):
        raise ValidationError(_("«%(value)s» is not a number.") % {"value": value[:60]})
    if number != number.quantize(Decimal("0.0001")):
        raise ValidationError(_("Give at most four decimal places."))
    if question.number_min is not None and number < question.number_min:
        raise ValidationError(_("The number must be at least %(n)s.") % {"n": plain(question.number_min)})
    if question.number_max is not None and number > question.number_max:
        raise ValidationError(_("The number must be at most %(n)s.") % {"n": plain(question.number_max)})
    return number


def parse_sex(value: str) -> str:
    value = _norm(value or "")
    if not value:
        return ""
    if value not in SEX_WORDS:
        raise ValidationError(_("Unknown sex «%(value)s» (expected m or f).") % {"value": value[:20]})
    return SEX_WORDS[value]


def parse_age_band(value: str) -> str:
    value = _norm(value or "").replace(" ", "").replace("–", "-")
    if not value:
        return ""
    if value not in AGE_BAND_WORDS:
        raise ValidationError(
            _("Unknown age band «%(value)s» (expected one of: %(bands)s).")
            % {"value": value[:20], "bands": ", ".join(AgeBand.values)}
        )
    return AGE_BAND_WORDS[value]


def age_band_of(age: int | None) -> str:
    if age is None:
        return ""
    if age < 18:
        return AgeBand.UNDER_18
    for band, upper in (
        (AgeBand.A18_25, 25),
        (AgeBand.A26_35, 35),
        (AgeBand.A36_45, 45),
        (AgeBand.A46_55, 55),
    ):
        if age <= upper:
            return band
    return AgeBand.A56_PLUS


def profile_from_answers(answers: list[ParsedAnswer]) -> dict[str, str]:
    """Age band and sex given by answers to questions that ask for them (001:958-969)."""
    found = {}
    for answer in answers:
        profile = answer.question.profile
        if profile in (Profile.AGE_BAND, Profile.SEX) and answer.options and answer.options[0].profile_value:
            found[profile] = answer.options[0].profile_value
    return found
