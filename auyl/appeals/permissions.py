"""Who may do what with appeals (within the territory of their grant)."""

from auyl.core.permissions import allow
from auyl.core.roles import Role

HANDLERS = [Role.REGISTRAR, Role.EXECUTOR, Role.AKIM, Role.DISTRICT_SUPERVISOR, Role.REGIONAL_SUPERVISOR,
            Role.ADMINISTRATOR]

allow("appeal.register", [Role.REGISTRAR, Role.AKIM, Role.ADMINISTRATOR])
allow("appeal.view", [*HANDLERS, Role.AUDITOR])
allow("appeal.view_personal", HANDLERS)  # applicant's name, phone, address: only those who handle appeals
allow("appeal.assign", [Role.AKIM, Role.DISTRICT_SUPERVISOR, Role.ADMINISTRATOR, Role.REGISTRAR])
allow("appeal.answer", [Role.EXECUTOR, Role.AKIM, Role.ADMINISTRATOR])
allow("appeal.extend", [Role.AKIM, Role.DISTRICT_SUPERVISOR, Role.ADMINISTRATOR])
allow("appeal.redirect", [Role.REGISTRAR, Role.AKIM, Role.ADMINISTRATOR])
allow("appeal.confirm_repeat", [Role.REGISTRAR, Role.AKIM, Role.ADMINISTRATOR])
allow("appeal.report", [Role.AKIM, Role.DISTRICT_SUPERVISOR, Role.REGIONAL_SUPERVISOR, Role.AUDITOR,
                        Role.ADMINISTRATOR, Role.DEPUTY, Role.COUNCIL_MEMBER])
