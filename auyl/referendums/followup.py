"""What happens to a binding adopted result.

The sources want a binding result to become a decision followed up like a meeting's decision (the
akim's response, escalation to the district akim when rejected or late, ``000:942``). The meeting
engine's :class:`~auyl.assemblies.models.Decision` requires an agenda item and a meeting (both NOT NULL,
one-to-one with the item), so a decision taken by the residents' vote cannot be recorded there without a
change to that model; that change belongs to the assemblies app and is left to it (see the app's
report). Until then :func:`hand_over` tells the officials who must act — the rural district's akim for
a referendum, the district akim (who appoints and dismisses rural akims) for a recall — through the
notifications outbox, using the meeting engine's own recipients and message helpers, and records it.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from auyl.assemblies.checks import district_of, notify_user
from auyl.assemblies.followup import officials
from auyl.core import audit
from auyl.core.roles import Role

from .models import Kind, Referendum


def recipients(referendum: Referendum) -> list:
    territory = referendum.territory
    if referendum.kind == Kind.RECALL:
        district = district_of(territory)
        return officials(district, [Role.AKIM, Role.DISTRICT_SUPERVISOR], exact=True) if district else []
    return officials(territory, [Role.AKIM])


def hand_over(actor, referendum: Referendum) -> int:
    """Notify whoever must carry out (or, for a recall, decide on) the adopted result; idempotent."""
    people = recipients(referendum)
    sent = 0
    for user in people:
        sent += notify_user(
            user,
            lambda: (
                _(
                    "%(place)s: the residents adopted «%(question)s» (%(yes)s for, %(no)s against). It is binding."
                )
                % {
                    "place": referendum.territory.name,
                    "question": referendum.question[:200],
                    "yes": referendum.votes_yes,
                    "no": referendum.votes_no,
                }
            ),
            subject=lambda: _("A binding result of a local vote awaits your action"),
            dedupe_key=f"referendums-adopted:{referendum.pk}:{user.pk}",
            obj=referendum,
            territory=referendum.territory,
        )
    audit.record(
        actor=actor,
        action="referendums.handed_over",
        obj=referendum,
        territory=referendum.territory,
        changes={"recipients": [user.pk for user in people]},
    )
    return sent
