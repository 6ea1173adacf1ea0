"""Template helpers of the appeals pages: status and risk badges, the clock in words, step names."""

from __future__ import annotations

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from auyl.appeals import risk, selectors
from auyl.appeals.models import Status

register = template.Library()

RISK_CLASSES = {risk.YELLOW: "warn", risk.ORANGE: "danger", risk.RED: "danger"}
RISK_NAMES = {
    risk.NONE: gettext_lazy("no risk"),
    risk.YELLOW: gettext_lazy("yellow"),
    risk.ORANGE: gettext_lazy("orange"),
    risk.RED: gettext_lazy("red"),
}
FACTOR_NAMES = {
    "collective": gettext_lazy("collective appeal"),
    "repeat": gettext_lazy("repeat appeal"),
    "overdue": gettext_lazy("a deadline was missed"),
    "official_complaint": gettext_lazy("complaint about an official"),
    "emergency_topic": gettext_lazy("heating, water or an emergency"),
    "extended": gettext_lazy("deadline extended"),
}
STATUS_CLASSES = {Status.REGISTERED: "info", Status.IN_PROGRESS: "", Status.ANSWERED: "ok",
                  Status.REDIRECTED: "info", Status.CLOSED: "ok"}
STEP_NAMES = {
    "registered": gettext_lazy("Registered"),
    "assigned": gettext_lazy("Executor assigned"),
    "extended": gettext_lazy("Deadline extended"),
    "redirected": gettext_lazy("Redirected to another body"),
    "answered": gettext_lazy("Answered"),
    "executed": gettext_lazy("Promised action carried out"),
    "rated": gettext_lazy("Rated by the applicant"),
    "rating_changed": gettext_lazy("Rating changed by the applicant"),
    "reexamination_requested": gettext_lazy("Re-examination requested"),
    "repeat_confirmed": gettext_lazy("Confirmed as a repeat appeal"),
    "repeat_rejected": gettext_lazy("Not a repeat appeal"),
    "grouped": gettext_lazy("Grouped with similar appeals"),
    "attachment_added": gettext_lazy("File attached"),
    "overdue": gettext_lazy("Deadline missed"),
}


@register.simple_tag
def risk_badge(appeal):
    """``<span class="badge warn">Risk: yellow (2)</span>``; nothing for an appeal without risk."""
    level = risk.level(appeal)
    if level == risk.NONE:
        return ""
    return format_html('<span class="badge {}">{}</span>', RISK_CLASSES[level],
                       _("Risk: %(level)s (%(points)s)") % {"level": RISK_NAMES[level], "points": appeal.risk_points})


@register.filter
def risk_name(level: str) -> str:
    return str(RISK_NAMES.get(level, level))


@register.filter
def factor_name(factor: str) -> str:
    return str(FACTOR_NAMES.get(factor, factor))


@register.simple_tag
def status_badge(appeal):
    return format_html('<span class="badge {}">{}</span>', STATUS_CLASSES.get(appeal.status, ""),
                       appeal.get_status_display())


@register.filter
def step_name(kind: str) -> str:
    return str(STEP_NAMES.get(kind, kind))


@register.simple_tag
def appeal_clock(appeal) -> dict:
    """The clock of ``appeal`` (days left, overdue, registered and answered on time)."""
    return selectors.clock(appeal)


def _due(appeal) -> tuple[int, bool] | None:
    """Days to the running deadline (consideration, or the promised action of a satisfied appeal)."""
    clock = selectors.clock(appeal)
    if clock.get("days_left") is not None:
        return clock["days_left"], bool(clock.get("is_overdue"))
    if clock.get("execution_due"):
        return (clock["execution_due"] - timezone.localdate()).days, bool(clock.get("execution_overdue"))
    return None


@register.simple_tag
def days_left(appeal):
    """"5 days left" / "due today" / "overdue by 2 days" (a danger badge); nothing once finished."""
    due = _due(appeal)
    if due is None:
        return ""
    days, overdue = due
    if overdue or days < 0:
        late = abs(days)
        text = ngettext("overdue by %(n)s day", "overdue by %(n)s days", late) % {"n": late}
        return format_html('<span class="badge danger">{}</span>', text)
    if days == 0:
        return format_html('<span class="badge warn">{}</span>', _("due today"))
    text = ngettext("%(n)s day left", "%(n)s days left", days) % {"n": days}
    return format_html('<span class="badge{}">{}</span>', " warn" if days <= 2 else "", text)
