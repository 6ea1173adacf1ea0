"""Who may do what with akims' reporting meetings (within the territory of their grant).

The report's row 6 reads appeals through :func:`auyl.appeals.reports.appeals_of`, which asks for
``appeal.report``: so ``reporting.report`` is given to exactly the roles that hold ``appeal.report``.
Questions become appeals through ``register_appeal`` (``appeal.register``): so ``reporting.manage`` is
given to the roles that may register appeals.
"""

from auyl.core.permissions import allow
from auyl.core.roles import Role

MANAGERS = [Role.REGISTRAR, Role.AKIM, Role.ADMINISTRATOR]
REPORTERS = [
    Role.AKIM,
    Role.DISTRICT_SUPERVISOR,
    Role.REGIONAL_SUPERVISOR,
    Role.AUDITOR,
    Role.ADMINISTRATOR,
    Role.DEPUTY,
    Role.COUNCIL_MEMBER,
]

allow("reporting.manage", MANAGERS)  # plan, reschedule, cancel, hold; record questions and promises
allow("reporting.track", [*MANAGERS, Role.EXECUTOR])  # mark a promise as done
allow("reporting.view", [*MANAGERS, Role.EXECUTOR, *REPORTERS])  # the staff pages of meetings and promises
allow("reporting.report", REPORTERS)  # the quarterly Decree No. 826 report and its files
