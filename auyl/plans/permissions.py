"""Who may do what with development plans (within the territory of their grant).

Drafting a plan and linking an indicator to a residents' priority need go together: linking marks the
need "included in a development plan" through ``assemblies.services.mark_need``, which asks for
``assemblies.convene``; so ``plans.manage`` goes to the same roles (registrar, akim, administrator).
Executors record progress on what they carry out. Published plans are public (no grant needed).
"""

from auyl.core.permissions import allow
from auyl.core.roles import Role

MANAGERS = [Role.REGISTRAR, Role.AKIM, Role.ADMINISTRATOR]
READERS = [
    *MANAGERS,
    Role.EXECUTOR,
    Role.DEPUTY,
    Role.COUNCIL_MEMBER,
    Role.DISTRICT_SUPERVISOR,
    Role.REGIONAL_SUPERVISOR,
    Role.AUDITOR,
]

allow("plans.view", READERS)  # the staff pages: drafts, history, who recorded what
allow("plans.manage", MANAGERS)  # create, edit and publish plans; add, edit and link indicators
allow("plans.progress", [*MANAGERS, Role.EXECUTOR])  # record progress of an indicator
