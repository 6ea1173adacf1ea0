"""Who may do what in the functional analysis of powers (within the territory of their grant).

The registry of a territory is kept by its akim's office and the supervisors above it; duplications are
decided and transfers approved by the level that gives the function away (or a level above it), never
by the one that would receive it (``003:772-779``: the district hands functions down to the village).
"""

from auyl.core.permissions import allow
from auyl.core.roles import Role

SUPERVISORS = [Role.DISTRICT_SUPERVISOR, Role.REGIONAL_SUPERVISOR, Role.ADMINISTRATOR]

# Read the registry, the duplication list, the proposals and the report of what each level does.
allow("powers.view", [Role.AKIM, Role.EXECUTOR, Role.DEPUTY, Role.COUNCIL_MEMBER, Role.AUDITOR, *SUPERVISORS])
# Register bodies and their functions, run the duplication finder, propose a transfer (to a unit covered).
allow("powers.manage", [Role.AKIM, *SUPERVISORS])
# Decide a possible duplication and move a transfer proposal along its path (on the upper unit).
allow("powers.decide", SUPERVISORS)
