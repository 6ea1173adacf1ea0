"""Per-region rules of gatherings, community meetings and council sessions (see auyl.core.rules).

The sources say the regional maslikhat sets convening, quorum and frequency, so they differ by region
(``000:620``, ``000:924``); the defaults below are not in the sources (BRIEF section 4).

Quorum rules read ``">=10%"`` (at least 10 % of the roll) or ``">50%"`` (more than half of the roll).
Majority rules read ``">50% present"``: the votes for must be more than half of those present; the base
may be ``present`` (those checked in), ``voting`` (for + against + abstained) or ``roll`` (everyone on
the roll). Both are parsed by :func:`auyl.assemblies.quorum.parse_share`.
"""

from django.utils.translation import gettext_lazy as _

from auyl.core.rules import register

NOT_IN_SOURCES = _("default (not in sources); set by the regional maslikhat (000:620, 000:924)")

register(
    "assemblies.notice_days",
    7,
    _("Minimum days between publishing the notice of a gathering or meeting and the meeting itself."),
    NOT_IN_SOURCES,
)
register(
    "assemblies.quorum.gathering",
    ">=10%",
    _("Quorum of a gathering, as a share of the adult registered residents of its territory."),
    _(
        "default (not in sources); set by the regional maslikhat (000:620, 000:924); 001:697 (a gathering "
        "failed for lack of attendance)"
    ),
)
register(
    "assemblies.quorum.community_meeting",
    ">50%",
    _("Quorum of a community meeting, as a share of its members on the date."),
    NOT_IN_SOURCES,
)
register(
    "assemblies.quorum.council_session",
    ">50%",
    _("Quorum of a council session, as a share of the council's members on the date."),
    NOT_IN_SOURCES,
)
register(
    "assemblies.majority.gathering",
    ">50% present",
    _("Votes for needed to adopt a decision of a gathering (direct open vote, 000:918)."),
    NOT_IN_SOURCES,
)
register(
    "assemblies.majority.community_meeting",
    ">50% present",
    _("Votes for needed to adopt a decision of a community meeting."),
    NOT_IN_SOURCES,
)
register(
    "assemblies.majority.council_session",
    ">50% present",
    _("Votes for needed to adopt a decision of a council session."),
    NOT_IN_SOURCES,
)
register(
    "assemblies.adult_age",
    18,
    _("Age (on the meeting date) from which a resident may vote at a gathering."),
    _("default (not in sources); age of majority"),
)
register(
    "assemblies.response_days",
    10,
    _("Days the akim has to respond to a decision addressed to them (counted as calendar.deadline_mode)."),
    _("default (not in sources); the akim must consider the decisions (000:942)"),
)
