"""Reads of surveys: staff lists scoped to the user's grants, the public pages of a unit, whether a person
may answer now, and who may see the results when.

Results of an anonymous survey are withheld, from staff too, until they are final (so that nobody can
watch them change as one person answers or one paper form is typed) and until
``surveys.min_group_size`` people have answered. The public sees the results of a closed identified
survey whose results are public; staff with ``survey.results`` see an identified survey's at any time. Indicators for other modules are in :mod:`.indicators`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from auyl.core.permissions import has_perm, scoped
from auyl.core.rules import get_rule
from auyl.territory.models import Level, Resident, Territory

from .answering import SETTLEMENT_LEVELS, check_audience, check_open, resident_of
from .indicators import (  # noqa: F401  (re-exported for other apps)
    indicator_distribution,
    indicator_responses,
    latest_final_survey,
    satisfaction_distribution,
)
from .models import Participation, Phase, Status, Survey
from .results import SurveyResults, compute_results, part_withheld, responses_of

STAFF_UNIT_LEVELS = (
    Level.REGION,
    Level.DISTRICT,
    Level.CITY,
    Level.RURAL_DISTRICT,
    Level.TOWN,
    Level.SETTLEMENT,
)


def templates() -> QuerySet[Survey]:
    return Survey.objects.filter(is_template=True).order_by("pk")


def units_for(user, action: str = "survey.manage") -> QuerySet[Territory]:
    """Units for which ``user`` may run surveys (their grants' units and everything below)."""
    units = Territory.objects.filter(level__in=STAFF_UNIT_LEVELS, is_active=True)
    return scoped(units, user, action, path_field="path").order_by("path")


def surveys_for(user, action: str = "survey.results") -> QuerySet[Survey]:
    """Surveys of the units within the user's grants for ``action``, newest first."""
    surveys = Survey.objects.filter(is_template=False).select_related("territory")
    return scoped(surveys, user, action, path_field="territory_path").order_by("-created_at", "-pk")


def survey_for(user, pk, action: str = "survey.manage") -> Survey:
    """One survey the user may ``action``; 404 otherwise (nothing says it exists elsewhere)."""
    try:
        return surveys_for(user, action).get(pk=pk)
    except (Survey.DoesNotExist, ValueError, TypeError):
        raise Http404("survey not found") from None


def public_survey(pk) -> Survey:
    """A published survey, as anyone may open it (its page says whether they may answer)."""
    try:
        return Survey.objects.select_related("territory").get(
            pk=pk, is_template=False, status=Status.PUBLISHED
        )
    except (Survey.DoesNotExist, ValueError, TypeError):
        raise Http404("survey not found") from None


def _around(territory: Territory) -> Q:
    """Surveys of ``territory``, of the units above it (which its residents may answer) and below it."""
    paths, path = [], ""
    for code in territory.ancestor_codes():
        path += f"{code}/"
        paths.append(path)
    return Q(territory_path__startswith=territory.path) | Q(territory_path__in=paths)


@dataclass
class UnitSurveys:
    open: list[Survey]
    upcoming: list[Survey]
    results: list[Survey]


def unit_surveys(territory: Territory, now=None) -> UnitSurveys:
    """What a unit's public page lists: surveys open now, announced ones, and closed ones with results."""
    now = now or timezone.now()
    published = Survey.objects.filter(
        _around(territory), is_template=False, status=Status.PUBLISHED
    ).select_related("territory")
    return UnitSurveys(
        open=list(published.filter(opens_at__lte=now, closes_at__gt=now).order_by("closes_at")),
        upcoming=list(published.filter(opens_at__gt=now).order_by("opens_at")[:10]),
        results=list(published.filter(closes_at__lte=now, results_public=True).order_by("-closes_at")[:20]),
    )


def open_surveys(territory: Territory, now=None) -> list[Survey]:
    """Surveys residents of ``territory`` can answer right now (for the portal's unit page)."""
    return unit_surveys(territory, now).open


@dataclass(frozen=True)
class AnswerState:
    can_answer: bool
    kind: str  # ok, draft, not_open, closed, sign_in, not_audience, answered
    reason: str = ""


def answer_state(user, survey: Survey, now=None) -> AnswerState:
    """May ``user`` answer ``survey`` online now, and if not, why (translated)."""
    now = now or timezone.now()
    try:
        check_open(survey, now)
    except ValidationError as exc:
        phase = survey.phase_at(now)
        kind = {Phase.SCHEDULED: "not_open", Phase.CLOSED: "closed", Phase.FINAL: "closed"}.get(
            phase, "draft"
        )
        return AnswerState(False, kind, exc.messages[0])
    try:
        check_audience(user, survey, now)
    except PermissionDenied as exc:
        kind = "sign_in" if not getattr(user, "is_authenticated", False) else "not_audience"
        return AnswerState(False, kind, str(exc))
    resident = resident_of(user)
    if resident is not None and Participation.objects.filter(survey=survey, resident=resident).exists():
        return AnswerState(False, "answered", _("You have already answered this survey. Thank you!"))
    return AnswerState(True, "ok")


def can_see_results_early(user, survey: Survey) -> bool:
    return has_perm(user, "survey.results", survey.territory)


def results_withheld(user, survey: Survey, respondents: int, now=None, *, part_small: bool = False) -> str:
    """Why the results cannot be shown to ``user`` now ("" when they can). Raises PermissionDenied
    when ``user`` may never see them (results not public and not staff of the unit). ``part_small``:
    the figures asked for are a part of the territory that holds a small settlement."""
    now = now or timezone.now()
    phase = survey.phase_at(now)
    staff = can_see_results_early(user, survey)
    if not staff and not survey.results_public:
        raise PermissionDenied(_("The results of this survey are not published."))
    if survey.is_anonymous:
        return _anonymity_reason(survey, phase, respondents, part_small)
    if not staff and phase not in (Phase.CLOSED, Phase.FINAL):
        return _("The results will be shown after the survey closes.")
    return ""


def _anonymity_reason(survey: Survey, phase: str, respondents: int, part_small: bool) -> str:
    """Why an anonymous survey's results are withheld from everyone, staff included ("" when they are not).

    Only final results are shown: while answers or paper forms may still come in, anyone who looks
    before and after one person's form (whose name the audit log and the participants list give)
    would read that person's answers from the difference."""
    if phase == Phase.CLOSED:
        until = timezone.localtime(survey.entry_closes_at)
        return _(
            "The results will be shown once they are final: paper forms are accepted until %(date)s "
            "(staff may end that earlier), and until then the figures would change one form at a time."
        ) % {"date": f"{until:%d.%m.%Y}"}
    if phase != Phase.FINAL:
        return _("The results will be shown after the survey closes.")
    minimum = get_rule(survey.territory, "surveys.min_group_size")
    if respondents < minimum:
        return _(
            "The results of an anonymous survey are shown once at least %(n)s people have answered, so "
            "that nobody's answers can be singled out."
        ) % {"n": minimum}
    if part_small:
        return _(
            "The results of this part of the territory are not shown: it includes a settlement where "
            "fewer than %(n)s people answered, and comparing it with the whole or with other parts "
            "would single them out."
        ) % {"n": minimum}
    return ""


def results_for(
    user, survey: Survey, *, by: str = "", within: Territory | None = None, text_limit: int | None = 200
) -> tuple[SurveyResults | None, str]:
    """``(results, "")`` when ``user`` may see them now, else ``(None, reason)``."""
    respondents = responses_of(survey, within).count()
    minimum = get_rule(survey.territory, "surveys.min_group_size") if survey.is_anonymous else 0
    reason = results_withheld(user, survey, respondents, part_small=part_withheld(survey, within, minimum))
    if reason:
        return None, reason
    return compute_results(survey, by=by, within=within, text_limit=text_limit), ""


def participants(user, survey: Survey) -> QuerySet[Resident]:
    """Residents who took part (never what they answered), for staff with ``survey.participants``."""
    if not has_perm(user, "survey.participants", survey.territory):
        raise PermissionDenied(_("You do not have permission to do this here."))
    return (
        Resident.objects.filter(survey_participations__survey=survey)
        .select_related("settlement")
        .order_by("last_name", "first_name")
    )


def staff_counts(survey: Survey) -> dict:
    """Figures on the survey's staff page: responses by channel, people marked as taking part, imports."""
    channels = dict(survey.responses.order_by().values_list("channel").annotate(n=Count("id")))
    return {
        "responses": sum(channels.values()),
        "by_channel": channels,
        "participants": survey.participations.count(),
        "imports": list(survey.imports.all()[:20]),
    }


def settlements_of(survey: Survey) -> QuerySet[Territory]:
    """Settlements a paper form of ``survey`` may name."""
    return Territory.objects.filter(
        path__startswith=survey.territory_path, is_active=True, level__in=SETTLEMENT_LEVELS
    ).order_by("name_kk")
