"""Indicators from civic projects (``auyl.initiatives``), development plans (``auyl.plans``) and surveys
(``auyl.surveys``).

* Turnout follows ``initiatives.selectors.figures`` (voters on the roll, adults of the territory), and
  the winners' completion dates come from their progress reports: both are read with read-only grouped
  queries on the initiatives models (the selector answers one campaign at a time).
* Plan indicators come from ``plans.selectors.indicators_for`` (the plans app's status rule); a
  read-only query on ``plans.Plan`` first finds which units have a published plan at all, so that the
  selector is called only for those.
* Satisfaction comes from ``surveys.selectors.satisfaction_distribution`` (the latest survey whose
  results were final by the end of the quarter; a survey's final results cannot change afterwards).
"""

from __future__ import annotations

from django.db.models import Count, Min, Q

from auyl.initiatives.models import Campaign, Implementation, ImplementationStatus, Turnout
from auyl.territory.models import Level, Territory

from .indicators import (
    LABELS,
    RowsSource,
    Units,
    Window,
    bucket,
    local_day,
    note,
    path_within,
    register,
    unit_of,
)
from .scoring import DrillRecord

LABELS["winner_status"] = dict(ImplementationStatus.choices)


# ---------------------------------------------------------------- civic projects


class TurnoutSource(RowsSource):
    """Voters / adults of each campaign whose vote closed in the rolling year. The figures are those of
    ``initiatives.selectors.figures`` (voters on the turnout roll; adults of the campaign's territory,
    else the sum of its settlements' adults), read for all campaigns of the units in three queries."""

    code = "civic_turnout"
    mode = "sum_ratio"

    def rows(self, units: Units, window: Window) -> dict[int, list[DrillRecord]]:
        campaigns = list(
            Campaign.objects.filter(
                path_within("territory_path", units.scope),
                published_at__isnull=False,
                voting_until__gte=window.rolling_start,
                voting_until__lte=window.end,
            )
            .order_by("voting_until", "pk")
            .values("pk", "title", "voting_until", "territory_path", "territory__adult_population")
        )
        if not campaigns:
            return {}
        voters = dict(
            Turnout.objects.filter(campaign_id__in=[c["pk"] for c in campaigns])
            .order_by()
            .values("campaign_id")
            .annotate(n=Count("pk"))
            .values_list("campaign_id", "n")
        )
        settlements = list(
            Territory.objects.filter(path_within("path", units.scope), level=Level.SETTLEMENT)
            .exclude(adult_population=None)
            .values_list("path", "adult_population")
        )
        found = []
        for c in campaigns:
            adults = c["territory__adult_population"]
            if adults is None:
                adults = sum(n for path, n in settlements if path.startswith(c["territory_path"]))
            if not adults:
                continue  # the share cannot be computed: left out (the reason says so when nothing is left)
            n = voters.get(c["pk"], 0)
            found.append(
                (
                    c["territory_path"],
                    DrillRecord(
                        "campaign",
                        c["pk"],
                        c["title"],
                        c["voting_until"],
                        True,
                        amount=float(n),
                        base=float(adults),
                        ref=f"campaign:{c['pk']}",
                        **note("turnout", voters=n, adults=adults),
                    ),
                )
            )
        return bucket(found, units)


class WinnersSource(RowsSource):
    code = "civic_winners_implemented"
    mode = "ratio"

    @staticmethod
    def budget_year(window: Window) -> int:
        """The latest budget year ended by the quarter's end: this year in Q4, else the previous one."""
        return window.period.year if window.period.quarter == 4 else window.period.year - 1

    def rows(self, units: Units, window: Window) -> dict[int, list[DrillRecord]]:
        rows = (
            Implementation.objects.filter(
                path_within("proposal__campaign__territory_path", units.scope),
                proposal__campaign__year=self.budget_year(window),
            )
            .annotate(
                completed_at=Min(
                    "updates__created_at", filter=Q(updates__status=ImplementationStatus.COMPLETED)
                )
            )
            .order_by("proposal__campaign_id", "proposal__number")
            .values(
                "pk",
                "proposal__title",
                "proposal__number",
                "proposal__campaign_id",
                "proposal__campaign__territory_path",
                "proposal__campaign__voting_until",
                "completed_at",
            )
        )
        return bucket(
            [
                (
                    r["proposal__campaign__territory_path"],
                    DrillRecord(
                        "winner",
                        r["pk"],
                        r["proposal__title"],
                        r["proposal__campaign__voting_until"],
                        r["completed_at"] is not None and r["completed_at"] < window.end_before,
                        ref=f"proposal:{r['proposal__campaign_id']}:{r['proposal__number']}",
                        **note(
                            "winner",
                            winner_status="completed"
                            if r["completed_at"] and r["completed_at"] < window.end_before
                            else "in_progress",
                        ),
                    ),
                )
                for r in rows
            ],
            units,
        )


register(TurnoutSource())
register(WinnersSource())


# ---------------------------------------------------------------- development plans


def _field(row, *names, default=None):
    for name in names:
        value = row.get(name) if isinstance(row, dict) else getattr(row, name, None)
        if value is not None:
            return value
    return default


def plan_row_on_time(row) -> bool:
    """Done, and (when the row says when) done no later than its deadline."""
    status = str(_field(row, "status", default=""))
    done_on = _field(row, "done_on")
    return status == "done" and (done_on is None or done_on <= _field(row, "deadline"))


class PlansSource(RowsSource):
    code = "plan_indicators_on_time"
    mode = "ratio"

    def rows(self, units: Units, window: Window) -> dict[int, list[DrillRecord]]:
        from auyl.plans.models import Plan
        from auyl.plans.selectors import indicators_for

        paths = set(
            Plan.objects.filter(
                path_within("territory_path", units.scope), published_at__isnull=False
            ).values_list("territory_path", flat=True)
        )
        with_plans = {unit.pk: unit for unit in (unit_of(units, path) for path in paths) if unit is not None}
        out: dict[int, list[DrillRecord]] = {}
        for unit_id, unit in with_plans.items():
            for row in indicators_for(
                unit, date_from=window.start, date_to=window.end, recorded_by=window.as_of
            ):
                deadline = _field(row, "deadline")
                if deadline is None or not window.start <= deadline <= window.end:
                    continue
                pk = _field(row, "pk", "id", "indicator_id", default="")
                url = _field(row, "url", default="")
                out.setdefault(unit_id, []).append(
                    DrillRecord(
                        "plan_indicator",
                        pk,
                        str(_field(row, "title", "name", default=pk)),
                        deadline,
                        plan_row_on_time(row),
                        ref=f"url:{url}" if url else "",
                        **note(
                            "plan_indicator", due=deadline, plan_status=str(_field(row, "status", default=""))
                        ),
                    )
                )
        return out


register(PlansSource())


# ---------------------------------------------------------------- residents' satisfaction


class SatisfactionSource(RowsSource):
    code = "residents_satisfaction"
    mode = "ratio"

    @staticmethod
    def _any_survey(units: Units, window: Window) -> bool:
        """Is there any final survey asking about satisfaction, run within the units or above them?"""
        from auyl.surveys.models import Indicator, Status, Survey

        codes = [code for code in units.scope.split("/") if code]
        above = ["/".join(codes[:n]) + "/" for n in range(1, len(codes))]
        return Survey.objects.filter(
            path_within("territory_path", units.scope) | Q(territory_path__in=above),
            is_template=False,
            status=Status.PUBLISHED,
            entry_closes_at__lte=window.as_of,
            questions__indicator=Indicator.SATISFACTION,
        ).exists()

    def collect(self, units: Units, window: Window):
        from auyl.surveys.indicators import latest_final_survey
        from auyl.surveys.selectors import satisfaction_distribution

        rows: dict[int, list[DrillRecord]] = {}
        missing: dict[int, str] = {}
        if not self._any_survey(units, window):
            return rows, missing
        for unit in units.territories:
            found = satisfaction_distribution(unit, as_of=window.as_of)
            if found is None:
                if latest_final_survey(unit, as_of=window.as_of) is not None:
                    missing[unit.pk] = "survey_too_small"
                continue
            rows[unit.pk] = [
                DrillRecord(
                    "survey_option",
                    option_row.option.pk,
                    option_row.option.text,
                    local_day(found.survey.closes_at),
                    bool(option_row.option.is_favourable),
                    weight=option_row.count,
                    ref=f"url:{found.url}",
                    **note("answers", count=option_row.count),
                )
                for option_row in found.rows
            ]
        return rows, missing


register(SatisfactionSource())
