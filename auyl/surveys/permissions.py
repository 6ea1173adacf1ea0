"""Who may do what with surveys (within the territory of their grant).

Residents answer without a grant: who may answer is the survey's audience, checked in the services.
"""

from auyl.core.permissions import allow
from auyl.core.roles import Role

MANAGERS = [Role.REGISTRAR, Role.AKIM, Role.DISTRICT_SUPERVISOR, Role.REGIONAL_SUPERVISOR, Role.ADMINISTRATOR]

allow("survey.manage", MANAGERS)  # build, publish, close and finalise surveys of the unit
allow("survey.enter", [Role.REGISTRAR, Role.AKIM, Role.ADMINISTRATOR])  # type paper forms, import CSV files
allow("survey.results", [*MANAGERS, Role.AUDITOR, Role.DEPUTY, Role.COUNCIL_MEMBER])  # results at any time
allow("survey.participants", [Role.REGISTRAR, Role.AKIM, Role.ADMINISTRATOR])  # who took part (never what)
