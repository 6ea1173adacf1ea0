"""Who may do what with referendums and recall initiatives (within the territory of their grant).

Residents sign and vote without a grant: the services check a signed-in account linked to a registry
entry of the territory.
"""

from auyl.core.permissions import allow
from auyl.core.roles import Role

# Register a question, schedule the vote, declare the result, cancel.
allow("referendums.manage", [Role.AKIM, Role.ADMINISTRATOR])
# Enter paper signatures and polling-point ballots for residents without internet.
allow("referendums.enter", [Role.REGISTRAR, Role.AKIM, Role.ADMINISTRATOR])
# Read who signed and the turnout roll (never for what anyone voted).
allow("referendums.rolls", [Role.REGISTRAR, Role.AKIM, Role.AUDITOR, Role.ADMINISTRATOR])
allow(
    "referendums.view",
    [
        Role.REGISTRAR,
        Role.EXECUTOR,
        Role.AKIM,
        Role.DEPUTY,
        Role.COUNCIL_MEMBER,
        Role.DISTRICT_SUPERVISOR,
        Role.REGIONAL_SUPERVISOR,
        Role.AUDITOR,
        Role.ADMINISTRATOR,
    ],
)
