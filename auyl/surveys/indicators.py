"""What other modules (the KPI scorecards, the portal) read from surveys: the answers to an indicator
question — residents' satisfaction above all — of the latest survey whose results are final.

A survey counts for a unit when it was run for that unit, or for a unit above it and has responses from
the unit's settlements (then only those are counted). "Final" means paper-form entry has ended
(``entry_closes_at`` at or before ``as_of``): no response can be added afterwards, so recomputing a past
quarter with the same ``as_of`` gives the same figures. These functions return aggregates only (no
person, no single response), which is what a public scorecard may show; callers decide who sees them.
For an anonymous survey, a unit with fewer respondents than ``surveys.min_group_size`` gets None, as
its results page would hide them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from auyl.appeals.reports import format_number, percent
from auyl.core.rules import get_rule

from .models import Answer, Indicator, Question, Status, Survey
from .results import OptionRow, answers_of, compute_results, part_withheld, responses_of


@dataclass
class IndicatorDistribution:
    indicator: str
    territory: object
    survey: Survey
    question: Question
    respondents: int  # responses counted for the unit
    base: int  # of them, those who answered the question
    rows: list[OptionRow]
    favourable: int  # respondents who chose an option marked favourable (e.g. fully or somewhat satisfied)
    favourable_percent: object  # Decimal, of the base

    @property
    def favourable_display(self) -> str:
        return format_number(self.favourable_percent)

    @property
    def url(self) -> str:
        """The results page these figures come from (the drill-down of a scorecard)."""
        url = reverse("surveys:results", args=[self.survey.pk])
        if self.territory.pk != self.survey.territory_id:
            url += f"?within={self.territory.code}"
        return url


def _ancestor_paths(territory) -> list[str]:
    paths, path = [], ""
    for code in territory.ancestor_codes():
        path += f"{code}/"
        paths.append(path)
    return paths


def latest_final_survey(
    territory, indicator: str = Indicator.SATISFACTION, *, as_of: dt.datetime | None = None
) -> tuple[Survey, Question] | None:
    """The latest survey with a question of ``indicator`` whose results were final by ``as_of``."""
    if indicator not in Indicator.values or not indicator:
        raise ValueError(f"unknown indicator {indicator!r}")
    as_of = as_of or timezone.now()
    own = Q(territory=territory)
    above = Q(
        territory_path__in=_ancestor_paths(territory), responses__settlement__path__startswith=territory.path
    )
    survey = (
        Survey.objects.filter(
            own | above,
            is_template=False,
            status=Status.PUBLISHED,
            entry_closes_at__lte=as_of,
            questions__indicator=indicator,
        )
        .select_related("territory")
        .distinct()
        .order_by("-closes_at", "-pk")
        .first()
    )
    if survey is None:
        return None
    return survey, survey.questions.filter(indicator=indicator).order_by("position").first()


def indicator_responses(
    territory, indicator: str = Indicator.SATISFACTION, *, as_of: dt.datetime | None = None
) -> QuerySet[Answer]:
    """The answers behind :func:`indicator_distribution` (empty when there is no final survey)."""
    found = latest_final_survey(territory, indicator, as_of=as_of)
    if found is None:
        return Answer.objects.none()
    survey, question = found
    if _too_few(survey, territory):  # the distribution is missing, so are the records behind it
        return Answer.objects.none()
    return answers_of(survey, territory).filter(question=question).select_related("option")


def _too_few(survey: Survey, territory) -> bool:
    """Would an anonymous survey's figures for ``territory`` single anyone out, as its results page would
    refuse them: fewer respondents there than ``surveys.min_group_size``, or a small settlement in it
    (see :func:`.results.part_withheld`)."""
    if not survey.is_anonymous:
        return False
    minimum = get_rule(survey.territory, "surveys.min_group_size")
    return responses_of(survey, territory).count() < minimum or part_withheld(survey, territory, minimum)


def indicator_distribution(
    territory, indicator: str = Indicator.SATISFACTION, *, as_of: dt.datetime | None = None
) -> IndicatorDistribution | None:
    """Counts and percentages per option of the latest final survey's ``indicator`` question for
    ``territory``, with the base stated; None when no such survey exists (missing data, never zero)."""
    found = latest_final_survey(territory, indicator, as_of=as_of)
    if found is None:
        return None
    survey, question = found
    if _too_few(survey, territory):
        return None  # too few to show without singling anyone out: missing, like on the results page
    respondents = responses_of(survey, territory).count()
    report = compute_results(survey, within=territory, text_limit=0)
    result = next(r for r in report.questions if r.question.pk == question.pk)
    answers = answers_of(survey, territory).filter(question=question)
    favourable = answers.filter(option__is_favourable=True).values("response_id").distinct().count()
    return IndicatorDistribution(
        indicator,
        territory,
        survey,
        question,
        respondents,
        result.base,
        result.rows,
        favourable,
        percent(favourable, result.base),
    )


def satisfaction_distribution(territory, *, as_of: dt.datetime | None = None) -> IndicatorDistribution | None:
    """Residents' satisfaction with local self-government (001:1062-1070) from the latest final survey."""
    return indicator_distribution(territory, Indicator.SATISFACTION, as_of=as_of)
