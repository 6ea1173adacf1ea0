"""Results of a survey: counts and percentages per option with the base stated, breakdowns by age band,
sex and settlement, number summaries and the free-text answers.

Everything is counted by the database (``values`` + ``annotate``), never by looping over responses. The
base of a question is the number of respondents who answered it (``001:787``: 596 of 597 answered
question 6), so a multiple choice's percentages may add up to more than 100. Percentages are ``Decimal``
rounded half-up to two places, as the appeals reports print them (``auyl/appeals/reports.py``).

In an anonymous survey, a breakdown hides every group smaller than ``surveys.min_group_size`` so that
nobody's answers can be singled out, and free-text answers are listed without any group.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Max, Min, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from auyl.appeals.reports import format_number, percent
from auyl.core.rules import get_rule
from auyl.territory.models import Territory

from .models import AgeBand, Answer, Channel, Question, QuestionKind, Response, Survey
from .parsing import plain

BREAKDOWNS = {
    "age_band": gettext_lazy("Age band"),
    "sex": gettext_lazy("Sex"),
    "settlement": gettext_lazy("Settlement"),
}
SEX_LABELS = {"m": gettext_lazy("Male"), "f": gettext_lazy("Female")}
UNKNOWN = ""
MEAN_PLACES = Decimal("0.01")


@dataclass
class OptionRow:
    option: object
    count: int
    percent: Decimal

    @property
    def label(self) -> str:
        return self.option.text

    @property
    def percent_display(self) -> str:
        return format_number(self.percent)


@dataclass
class Group:
    key: str
    label: str
    respondents: int


@dataclass
class Cell:
    count: int
    percent: Decimal
    hidden: bool = False

    @property
    def percent_display(self) -> str:
        return format_number(self.percent)


@dataclass
class CrossTab:
    by: str
    groups: list[Group]
    bases: list[Cell]  # respondents of each group who answered the question
    rows: list[tuple[object, list[Cell]]]  # (option, one cell per group)


@dataclass
class NumberSummary:
    count: int
    mean: Decimal | None
    minimum: Decimal | None
    maximum: Decimal | None


@dataclass
class QuestionResult:
    question: Question
    base: int
    rows: list[OptionRow] = field(default_factory=list)
    mean: Decimal | None = None  # of a rating scale
    number: NumberSummary | None = None
    texts: list[str] = field(default_factory=list)
    crosstab: CrossTab | None = None

    @property
    def is_multiple(self) -> bool:
        return self.question.kind == QuestionKind.MULTIPLE


@dataclass
class SurveyResults:
    survey: Survey
    respondents: int
    by_channel: list[tuple[str, int]]
    questions: list[QuestionResult]
    by: str = ""
    within: Territory | None = None
    min_group: int = 0
    groups: list[Group] = field(default_factory=list)

    @property
    def by_label(self) -> str:
        return str(BREAKDOWNS.get(self.by, ""))


def responses_of(survey: Survey, within: Territory | None = None) -> QuerySet[Response]:
    """The survey's responses; ``within`` keeps those from settlements of that unit."""
    responses = Response.objects.filter(survey=survey)
    if within is not None and within.path != survey.territory_path:
        responses = responses.filter(settlement__path__startswith=within.path)
    return responses


def answers_of(survey: Survey, within: Territory | None = None) -> QuerySet[Answer]:
    answers = Answer.objects.filter(response__survey=survey).order_by()
    if within is not None and within.path != survey.territory_path:
        answers = answers.filter(response__settlement__path__startswith=within.path)
    return answers


def _mean(value) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(MEAN_PLACES, rounding=ROUND_HALF_UP)


def _option_results(answers: QuerySet, questions: list[Question]) -> dict[int, QuestionResult]:
    bases = dict(answers.values_list("question_id").annotate(n=Count("response_id", distinct=True)))
    counts = {
        (q, o): n
        for q, o, n in answers.filter(option__isnull=False)
        .values_list("question_id", "option_id")
        .annotate(n=Count("id"))
    }
    means = dict(
        answers.filter(question__kind=QuestionKind.SCALE)
        .values_list("question_id")
        .annotate(m=Avg("option__value"))
    )
    results = {}
    for question in questions:
        base = bases.get(question.pk, 0)
        result = QuestionResult(question, base, mean=_mean(means.get(question.pk)))
        result.rows = [
            OptionRow(
                option,
                counts.get((question.pk, option.pk), 0),
                percent(counts.get((question.pk, option.pk), 0), base),
            )
            for option in question.options.all()
        ]
        results[question.pk] = result
    return results


def _numbers(answers: QuerySet) -> dict[int, NumberSummary]:
    rows = (
        answers.filter(question__kind=QuestionKind.NUMBER, number__isnull=False)
        .values_list("question_id")
        .annotate(n=Count("id"), mean=Avg("number"), low=Min("number"), high=Max("number"))
    )
    return {q: NumberSummary(n, _mean(mean), plain(low), plain(high)) for q, n, mean, low, high in rows}


def _texts(answers: QuerySet, question: Question, limit: int | None) -> list[str]:
    texts = answers.filter(question=question).exclude(text="").order_by("text").values_list("text", flat=True)
    return list(texts if limit is None else texts[:limit])


def hidden_groups(respondents: list[int], bases: list[int], min_group: int) -> list[bool]:
    """Which groups of a breakdown to hide for one question. First every group of fewer than
    ``min_group`` respondents; then, while the hidden groups' answers to the question are some but fewer
    than ``min_group``, the shown group with the fewest answers too. Otherwise the question's totals
    minus the groups shown would give that handful's answers (a differencing attack)."""
    hidden = [0 < n < min_group for n in respondents] if min_group else [False] * len(respondents)
    hidden_base = sum(base for base, off in zip(bases, hidden, strict=True) if off)
    shown = sorted((base, i) for i, (base, off) in enumerate(zip(bases, hidden, strict=True)) if not off)
    while min_group and 0 < hidden_base < min_group and shown:
        base, index = shown.pop(0)
        hidden[index], hidden_base = True, hidden_base + base
    return hidden


def part_withheld(survey: Survey, within: Territory | None, min_group: int) -> bool:
    """Would figures of the part ``within`` of an anonymous survey's territory single anyone out?

    The survey's respondents are split by settlement and the small settlements hidden as a breakdown
    hides them (:func:`hidden_groups`: together they hold at least ``min_group``). A part is shown only
    when every settlement it holds is one shown there: then whatever parts are put side by side or
    subtracted from the whole, the hidden settlements only ever appear all together."""
    if not min_group or within is None or within.path == survey.territory_path:
        return False
    counts = dict(
        Response.objects.filter(survey=survey).order_by().values_list("settlement_id").annotate(n=Count("id"))
    )
    keys = list(counts)
    sizes = [counts[key] for key in keys]
    hidden = dict(zip(keys, hidden_groups(sizes, sizes, min_group), strict=True))
    inside = Territory.objects.filter(pk__in=[k for k in keys if k], path__startswith=within.path)
    inside_keys = list(inside.values_list("pk", flat=True))
    return sum(counts[k] for k in inside_keys) < min_group or any(hidden[k] for k in inside_keys)


def _groups(survey: Survey, responses: QuerySet, by: str) -> list[Group]:
    column = "settlement_id" if by == "settlement" else by
    counts = dict(responses.order_by().values_list(column).annotate(n=Count("id")))
    if by == "age_band":
        keys = [band.value for band in AgeBand if band.value in counts]
        labels = {band.value: str(band.label) for band in AgeBand}
    elif by == "sex":
        keys = [key for key in ("m", "f") if key in counts]
        labels = {key: str(label) for key, label in SEX_LABELS.items()}
    else:
        units = Territory.objects.filter(pk__in=[k for k in counts if k is not None])
        labels = {unit.pk: unit.name for unit in units}
        keys = sorted(labels, key=lambda pk: labels[pk])
    groups = [Group(key, labels[key], counts[key]) for key in keys]
    unknown = sum(n for key, n in counts.items() if key in (None, UNKNOWN))
    if unknown:
        groups.append(Group(UNKNOWN, _("Not known"), unknown))
    return groups


def _crosstabs(
    answers: QuerySet, results: dict[int, QuestionResult], by: str, groups: list[Group], min_group: int
) -> None:
    column = "response__settlement_id" if by == "settlement" else f"response__{by}"
    bases = {
        (q, g or UNKNOWN): n
        for q, g, n in answers.values_list("question_id", column).annotate(
            n=Count("response_id", distinct=True)
        )
    }
    counts = {
        (q, o, g or UNKNOWN): n
        for q, o, g, n in answers.filter(option__isnull=False)
        .values_list("question_id", "option_id", column)
        .annotate(n=Count("id"))
    }
    for question_id, result in results.items():
        if not result.question.has_options or result.question.profile == by:  # age by age band says nothing
            continue
        counts_of = [bases.get((question_id, group.key), 0) for group in groups]
        hidden = hidden_groups([group.respondents for group in groups], counts_of, min_group)
        base_cells = [Cell(n, percent(n, n), hidden=off) for n, off in zip(counts_of, hidden, strict=True)]
        rows = []
        for option in result.question.options.all():
            cells = []
            for group, base in zip(groups, base_cells, strict=True):
                n = counts.get((question_id, option.pk, group.key), 0)
                cells.append(Cell(n, percent(n, base.count), hidden=base.hidden))
            rows.append((option, cells))
        result.crosstab = CrossTab(by, groups, base_cells, rows)


def compute_results(
    survey: Survey, *, by: str = "", within: Territory | None = None, text_limit: int | None = 200
) -> SurveyResults:
    """All results of ``survey`` (no permission check: callers are the scoped selectors)."""
    by = by if by in BREAKDOWNS else ""
    questions = list(survey.questions.prefetch_related("options").order_by("position"))
    responses = responses_of(survey, within)
    answers = answers_of(survey, within)
    results = _option_results(answers, questions)
    numbers = _numbers(answers)
    for question in questions:
        result = results[question.pk]
        if question.kind == QuestionKind.NUMBER:
            result.number = numbers.get(question.pk, NumberSummary(0, None, None, None))
        elif question.kind == QuestionKind.TEXT:
            result.texts = _texts(answers, question, text_limit)
    min_group = get_rule(survey.territory, "surveys.min_group_size") if survey.is_anonymous else 0
    channels = dict(responses.order_by().values_list("channel").annotate(n=Count("id")))
    report = SurveyResults(
        survey,
        sum(channels.values()),
        [(str(label), channels[value]) for value, label in Channel.choices if value in channels],
        [results[q.pk] for q in questions],
        by=by,
        within=within,
        min_group=min_group,
    )
    if by:
        report.groups = _groups(survey, responses, by)
        _crosstabs(answers, results, by, report.groups, min_group)
    return report
