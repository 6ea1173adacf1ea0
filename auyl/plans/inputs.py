"""The inputs that feed development plans, each with its source and a link to it, and what became of it.

* residents' priority needs decided at gatherings — ``auyl.assemblies.selectors.priority_needs``;
* the akim's promises at reporting meetings — ``auyl.reporting.selectors.promises_visible_to`` for a
  signed-in reader (scoped to their grants), ``public_promises`` for the public page;
* winning civic projects — ``auyl.initiatives.selectors.campaigns_of`` and ``winners``.

Those rows belong to their apps and are read only through these selectors. An indicator answers an
input by ``(input_kind, input_id)``; :func:`plan_inputs` puts next to each input the indicators of
plans that answer it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from auyl.assemblies import selectors as assemblies_selectors
from auyl.core.permissions import scope_q
from auyl.initiatives import selectors as initiatives_selectors
from auyl.reporting import selectors as reporting_selectors
from auyl.territory.models import Territory

from .models import Indicator, InputKind
from .rows import primary_codes

NEED_TONES = {"recorded": "info", "in_plan": "warn", "done": "ok"}
PROJECT_TONES = {"completed": "ok", "suspended": "danger", "in_progress": "warn"}
MAX_INPUTS = 300  # per kind: a rural district never has more; a region's page would not be read


@dataclass
class PlanInput:
    """One input: where it comes from (``source``, ``url``), its own state in its app, and the plan
    indicators that answer it (``indicators``; empty: not in a plan yet)."""

    kind: str
    id: int
    title: str
    source: str
    date: dt.date | None
    url: str
    state_label: str
    state_tone: str
    territory: Territory | None = None
    indicators: list[Indicator] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.id}"

    @property
    def kind_label(self) -> str:
        return str(InputKind(self.kind).label)

    @property
    def choice_label(self) -> str:
        """How a staff member picks it in a list: kind, title, source."""
        return f"{self.kind_label}: {self.title[:120]} ({self.source})"


def _day(value) -> dt.date | None:
    if value is None:
        return None
    return timezone.localtime(value).date() if isinstance(value, dt.datetime) else value


def _needs(territory: Territory, code: str) -> list[PlanInput]:
    rows = []
    for need in assemblies_selectors.priority_needs(territory)[:MAX_INPUTS]:
        meeting = need.meeting
        url = ""
        if code and meeting.notice_published_at is not None:
            url = reverse("assemblies:public_detail", args=[code, meeting.pk])
        rows.append(
            PlanInput(
                kind=InputKind.NEED,
                id=need.pk,
                title=need.title,
                source=_("%(meeting)s of %(date)s, priority %(rank)s")
                % {
                    "meeting": meeting.get_kind_display(),
                    "date": f"{timezone.localtime(meeting.starts_at):%d.%m.%Y}",
                    "rank": need.rank,
                },
                date=_day(meeting.starts_at),
                url=url,
                state_label=str(need.get_status_display()),
                state_tone=NEED_TONES.get(need.status, "info"),
                territory=need.territory,
            )
        )
    return rows


def _promises(territory: Territory, user, today: dt.date) -> list[PlanInput]:
    if user is None:
        promises = reporting_selectors.public_promises(territory)
    else:
        promises = reporting_selectors.promises_visible_to(user, territory=territory, today=today)
    rows, urls = [], {}
    for promise in promises[:MAX_INPUTS]:
        meeting = promise.meeting
        if meeting.pk not in urls:
            urls[meeting.pk] = reporting_selectors.public_url_of(meeting)
        if promise.status == "done":
            state, tone = _("Kept on %(date)s") % {"date": f"{promise.done_on:%d.%m.%Y}"}, "ok"
        elif promise.is_overdue(today):
            state, tone = _("Overdue (due %(date)s)") % {"date": f"{promise.due_on:%d.%m.%Y}"}, "danger"
        else:
            state, tone = _("Promised by %(date)s") % {"date": f"{promise.due_on:%d.%m.%Y}"}, "info"
        rows.append(
            PlanInput(
                kind=InputKind.PROMISE,
                id=promise.pk,
                title=promise.text,
                source=_("Reporting meeting of %(date)s")
                % {"date": f"{timezone.localtime(meeting.starts_at):%d.%m.%Y}"},
                date=_day(meeting.starts_at),
                url=urls[meeting.pk],
                state_label=state,
                state_tone=tone,
                territory=meeting.territory,
            )
        )
    return rows


def _projects(territory: Territory) -> list[PlanInput]:
    rows = []
    for campaign in initiatives_selectors.campaigns_of(territory)[:MAX_INPUTS]:
        for implementation in initiatives_selectors.winners(campaign):
            proposal = implementation.proposal
            rows.append(
                PlanInput(
                    kind=InputKind.PROJECT,
                    id=implementation.pk,
                    title=proposal.title,
                    source=_("Civic projects: %(campaign)s") % {"campaign": campaign.title},
                    date=_day(campaign.proposals_from),
                    url=reverse("initiatives:proposal", args=[campaign.pk, proposal.number]),
                    state_label=f"{implementation.get_status_display()}, {implementation.progress}%",
                    state_tone=PROJECT_TONES.get(implementation.status, "info"),
                    territory=campaign.territory,
                )
            )
    return rows


def _answering(territory: Territory, inputs: list[PlanInput], user) -> None:
    """Attach to each input the indicators answering it: of published plans for the public, of the plans
    the reader may see (drafts included) for a signed-in reader."""
    if not inputs:
        return
    by_key = {item.key: item for item in inputs}
    wanted = Q()
    for kind in InputKind.values:
        ids = [item.id for item in inputs if item.kind == kind]
        if ids:
            wanted |= Q(input_kind=kind, input_id__in=ids)
    qs = Indicator.objects.filter(wanted, plan__territory_path__startswith=territory.path).select_related(
        "plan"
    )
    if user is None:
        qs = qs.filter(plan__published_at__isnull=False)
    else:
        qs = qs.filter(
            scope_q(user, "plans.view", "plan__territory_path") | Q(plan__published_at__isnull=False)
        )
    for indicator in qs.order_by("plan_id", "number"):
        by_key[f"{indicator.input_kind}:{indicator.input_id}"].indicators.append(indicator)


def plan_inputs(territory: Territory, *, user=None, today: dt.date | None = None) -> list[PlanInput]:
    """The inputs feeding the plans of ``territory`` (and the units below it): priority needs, then the
    akim's promises, then winning civic projects, each with its source, link and the indicators
    answering it. Without ``user``: what the public may see; with one: promises within their grants."""
    today = today or timezone.localdate()
    code = primary_codes([territory]).get(territory.path, "")
    inputs = _needs(territory, code) + _promises(territory, user, today) + _projects(territory)
    _answering(territory, inputs, user)
    return inputs


def find_input(territory: Territory, kind: str, pk: int, *, user=None) -> PlanInput | None:
    """The input of ``territory`` with this kind and id (None when it is not one of its inputs)."""
    today = timezone.localdate()
    if kind == InputKind.NEED:
        candidates = _needs(territory, "")
    elif kind == InputKind.PROMISE:
        candidates = _promises(territory, user, today)
    elif kind == InputKind.PROJECT:
        candidates = _projects(territory)
    else:
        return None
    return next((item for item in candidates if item.id == pk), None)


def need_object(territory: Territory, pk: int):
    """The assemblies' priority need (for ``mark_need``), read through its selector."""
    return assemblies_selectors.priority_needs(territory).filter(pk=pk).first()


@dataclass
class InputGroup:
    kind: str
    label: str
    items: list[PlanInput]

    @property
    def answered(self) -> int:
        return sum(1 for item in self.items if item.indicators)


GROUP_LABELS = {
    InputKind.NEED: _lazy("Priority needs of residents from gatherings"),
    InputKind.PROMISE: _lazy("Promises of the akim at reporting meetings"),
    InputKind.PROJECT: _lazy("Winning civic projects"),
}


def grouped(items: list[PlanInput]) -> list[InputGroup]:
    """The inputs by kind (needs, promises, projects), leaving out kinds with none."""
    groups = [
        InputGroup(kind, str(GROUP_LABELS[kind]), [i for i in items if i.kind == kind])
        for kind in InputKind.values
    ]
    return [group for group in groups if group.items]
