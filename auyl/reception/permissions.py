"""Who may do what with the akim's personal reception (within the territory of their grant).

Residents book for themselves without a grant: that case is checked in the services.
"""

from auyl.core.permissions import allow
from auyl.core.roles import Role

MANAGERS = [Role.REGISTRAR, Role.AKIM, Role.ADMINISTRATOR]

allow("reception.manage", MANAGERS)  # book for a resident, run the day's queue, record visits
allow("reception.view", [*MANAGERS, Role.DISTRICT_SUPERVISOR])  # read the queue (visitors' names, phones)
