"""Who may do what in the document channel (within the territory of their grant).

The staff of a district akimat are its ``district_supervisor`` grants; of a rural district, its ``akim`` and
``registrar``; of a region, its ``regional_supervisor``. Acknowledging and reporting need one more thing than
the permission (see ``services.require_own_staff``): a grant that covers the receiving unit but not the
sending one, so the sender's staff can never confirm receipt on a village's behalf.
"""

from auyl.core.permissions import allow
from auyl.core.roles import Role

SENDERS = [Role.DISTRICT_SUPERVISOR, Role.REGIONAL_SUPERVISOR, Role.ADMINISTRATOR]
RECEIVERS = [Role.AKIM, Role.REGISTRAR, Role.DISTRICT_SUPERVISOR]

allow("document.send", SENDERS)  # send, correct (new version), follow the overview, read the reports
allow("document.view_sent", [*SENDERS, Role.AUDITOR])
allow("document.acknowledge", RECEIVERS)
allow("document.report", RECEIVERS)
allow("document.view_received", [*RECEIVERS, Role.EXECUTOR, Role.AUDITOR])
