"""What a drill-down row says beside its label, rendered in the reader's language when shown."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext_lazy as _

from .scoring import DrillRecord

# ---------------------------------------------------------------- notes beside a record

# What a drill-down row says beside its label, rendered in the reader's language when shown (a closed
# quarter's snapshot stores the key and the parameters, not the text). Dates are ISO strings.
NOTES = {
    "registered": _("registered %(on)s, due %(due)s"),
    "answered": _("deadline %(due)s, answered %(on)s"),
    "outcome": _("answered %(on)s: %(outcome)s"),
    "repeats": _("repeats appeal %(number)s"),
    "collective": _("collective"),
    "rated": _("rated %(rating)s of 5 on %(on)s"),
    "meeting": _("%(meeting_status)s"),
    "question": _("appeal %(number)s: deadline %(due)s, answered %(on)s"),
    "promise": _("due %(due)s, done %(on)s"),
    "quorum": _("%(present)s present, quorum %(required)s"),
    "attendance": _("%(present)s of %(roll)s adults"),
    "response": _("response due %(due)s, answered %(on)s"),
    "decision": _("due %(due)s, done %(on)s"),
    "turnout": _("%(voters)s voters of %(adults)s adults"),
    "winner": _("%(winner_status)s"),
    "revenue": _("%(amount)s tenge to date"),
    "execution": _("plan to date %(plan)s, spent %(actual)s tenge"),
    "plan_indicator": _("deadline %(due)s: %(plan_status)s"),
    "answers": _("%(count)s respondents"),
    "session": _("held"),
    "recommendation": _("answer due %(due)s, answered %(on)s"),
    "commission": _("worked until %(due)s, findings published %(on)s"),
}
DATE_RE = r"^\d{4}-\d{2}-\d{2}$"


def note(key: str, **params) -> dict:
    """Keyword arguments for a DrillRecord's note: dates become ISO strings, None a dash."""
    clean = {}
    for name, value in params.items():
        if isinstance(value, dt.datetime):
            value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
        if isinstance(value, dt.date):
            value = value.isoformat()
        clean[name] = "—" if value is None else (value if isinstance(value, int | float) else str(value))
    return {"note_key": key, "note_params": clean}


def note_text(record: DrillRecord) -> str:
    template = NOTES.get(record.note_key)
    if template is None:
        return ""
    params = {}
    for name, value in record.note_params.items():
        if isinstance(value, str) and re.match(DATE_RE, value):
            value = date_format(dt.date.fromisoformat(value), "SHORT_DATE_FORMAT")
        elif isinstance(value, int | float):
            value = number_format(value, force_grouping=True)
        elif name in LABELS:
            value = str(LABELS[name].get(value, value))
        params[name] = value
    return str(template) % params


# Labels of coded note parameters (filled by the indicator modules: outcomes, statuses).
LABELS: dict[str, dict] = {}
