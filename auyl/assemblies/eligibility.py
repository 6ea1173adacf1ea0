"""Why a resident may not vote at a meeting, in words the secretary can say to them."""

from __future__ import annotations

from django.utils.translation import gettext as _

from auyl.core.rules import get_rule

from . import rolls
from .models import Meeting, MeetingKind


def ineligibility(meeting: Meeting, resident, *, reveal: bool = True) -> str:
    """``""`` when ``resident`` is on the meeting's roll, otherwise the reason (translated).

    ``reveal``: whether the reason may name where the person is registered (the secretary may see
    that resident in the registry).
    """
    if rolls.roll_for(meeting).filter(pk=resident.pk).exists():
        return ""
    name = resident.full_name
    if not resident.is_active or resident.merged_into_id:
        return _(
            "The registry entry of %(name)s is not active (merged or removed): find the current one."
        ) % {"name": name}
    day = rolls.meeting_date(meeting)
    if meeting.kind == MeetingKind.GATHERING:
        return _gathering_reason(meeting, resident, day, reveal)
    if meeting.kind == MeetingKind.COMMUNITY_MEETING:
        return _("%(name)s is not a member of this community meeting on %(date)s.") % {
            "name": name,
            "date": f"{day:%d.%m.%Y}",
        }
    if meeting.kind == MeetingKind.COUNCIL_SESSION:
        return _("%(name)s is not a member of the council on %(date)s.") % {
            "name": name,
            "date": f"{day:%d.%m.%Y}",
        }
    return _("%(name)s may not vote at this meeting.") % {"name": name}


def _gathering_reason(meeting: Meeting, resident, day, reveal: bool) -> str:
    name = resident.full_name
    if not resident.territory_path.startswith(meeting.territory.path):
        if reveal:
            return _(
                "%(name)s is registered in %(place)s, not in %(territory)s: only its residents vote here."
            ) % {"name": name, "place": resident.settlement.name, "territory": meeting.territory.name}
        return _("%(name)s is not registered in %(territory)s: only its residents vote here.") % {
            "name": name,
            "territory": meeting.territory.name,
        }
    if resident.birth_date is None:
        return _("The birth date of %(name)s is not in the registry: the age cannot be verified.") % {
            "name": name
        }
    age = get_rule(meeting.territory, "assemblies.adult_age")
    return _("%(name)s is under %(age)s on the meeting date (%(date)s).") % {
        "name": name,
        "age": age,
        "date": f"{day:%d.%m.%Y}",
    }
