"""Who may do what with a rural district's budget (within the territory of their grant).

Everyone may read what has been published (the public pages need no permission); a draft, the staff
page and the import are for holders of ``budget.view``. Residents ask about a line without a grant:
that case is checked in :mod:`auyl.budget.questions`.
"""

from auyl.core.permissions import allow
from auyl.core.roles import Role

# The apparatus drafts the plan, publishes it, opens amendments (000:420: it plans and executes).
allow("budget.prepare", [Role.AKIM, Role.EXECUTOR, Role.ADMINISTRATOR])
# Records the community meeting's agreement and the district maslikhat's approval (000:420, 002:181).
allow("budget.approve", [Role.AKIM, Role.DISTRICT_SUPERVISOR, Role.ADMINISTRATOR])
# Starts and closes execution, enters and imports actuals.
allow("budget.execute", [Role.AKIM, Role.EXECUTOR, Role.ADMINISTRATOR])
# Reads drafts and the staff page (deputies and council members monitor spending: 004:75).
allow(
    "budget.view",
    [
        Role.AKIM,
        Role.EXECUTOR,
        Role.REGISTRAR,
        Role.DEPUTY,
        Role.COUNCIL_MEMBER,
        Role.DISTRICT_SUPERVISOR,
        Role.REGIONAL_SUPERVISOR,
        Role.AUDITOR,
        Role.ADMINISTRATOR,
    ],
)
