"""Who may do what with akim elections (within the territory of their grant).

Results are recorded from the commissions' protocols by district and regional staff, not by the rural
akim whose own post is elected. Published results and reports are public (no permission needed).
"""

from auyl.core.permissions import allow
from auyl.core.roles import Role

RECORDERS = [Role.DISTRICT_SUPERVISOR, Role.REGIONAL_SUPERVISOR, Role.ADMINISTRATOR]

allow("elections.manage", RECORDERS)  # schedule, candidates, registration decisions, station results
allow("elections.view", [*RECORDERS, Role.AKIM, Role.REGISTRAR, Role.AUDITOR])  # staff view incl. nominations
allow(
    "elections.campaign", [Role.REGIONAL_SUPERVISOR, Role.ADMINISTRATOR]
)  # enter a campaign's printed figures
