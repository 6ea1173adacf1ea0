"""Who may do what with civic projects (within the territory of their grant).

Residents propose and vote without a grant: those cases are checked in the services (a signed-in
account linked to a registry entry of the campaign's territory).
"""

from auyl.core.permissions import allow
from auyl.core.roles import Role

# Create, edit and publish campaigns, compute results, import and export .pb files.
allow("initiative.manage", [Role.AKIM, Role.ADMINISTRATOR])
# Technical review of proposals.
allow("initiative.review", [Role.AKIM, Role.EXECUTOR, Role.ADMINISTRATOR])
# Enter proposals and polling-point ballots for residents without internet.
allow("initiative.enter", [Role.REGISTRAR, Role.AKIM, Role.ADMINISTRATOR])
# Read the turnout roll (who voted, when, where; never for whom).
allow("initiative.turnout", [Role.REGISTRAR, Role.AKIM, Role.AUDITOR, Role.ADMINISTRATOR])
# Report on the implementation of winners: status, progress, spending, photos.
allow("initiative.implement", [Role.AKIM, Role.EXECUTOR, Role.ADMINISTRATOR])
# See campaigns in the staff pages (drafts included) and their figures.
allow(
    "initiative.view",
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
