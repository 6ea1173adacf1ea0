"""Who may do what with citizen juries (within the territory of their grant)."""

from auyl.core.permissions import allow
from auyl.core.roles import Role

allow(
    "jury.manage", [Role.AKIM, Role.ADMINISTRATOR]
)  # create, announce and run the draw, sessions, responses
allow(
    "jury.view",
    [
        Role.AKIM,
        Role.REGISTRAR,
        Role.EXECUTOR,
        Role.DISTRICT_SUPERVISOR,
        Role.REGIONAL_SUPERVISOR,
        Role.AUDITOR,
        Role.ADMINISTRATOR,
        Role.DEPUTY,
        Role.COUNCIL_MEMBER,
    ],
)
allow("jury.view_personal", [Role.AKIM, Role.ADMINISTRATOR])  # names and phones of those drawn
allow("jury.answer", [Role.AKIM, Role.DISTRICT_SUPERVISOR, Role.ADMINISTRATOR])  # the authority's answer
