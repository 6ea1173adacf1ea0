"""Who may do what with the evaluation (within the territory of their grant).

The catalogue, the methodology and a unit's scorecard are public: residents judge their akim by them
(``000:882``), and a score nobody may check is not objective (``000:123-128``). Comparing units
(rankings) is for those who supervise several of them: a district supervisor ranks the rural districts
of their district, a regional supervisor those of the region. The akim being evaluated never sets the
yardstick: targets and weights are the region's (a regional supervisor or an administrator).
"""

from auyl.core.permissions import allow
from auyl.core.roles import Role

SUPERVISORS = [Role.DISTRICT_SUPERVISOR, Role.REGIONAL_SUPERVISOR, Role.AUDITOR, Role.ADMINISTRATOR]

# Rank the primary units within a district or region (and read all their scorecards at once).
allow("kpi.rank", SUPERVISORS)
# See the staff details of a drill-down (appeal subjects, links to staff pages of the records).
allow("kpi.view", [Role.AKIM, Role.DEPUTY, Role.COUNCIL_MEMBER, *SUPERVISORS])
# Set a region's targets, floors and weights.
allow("kpi.configure", [Role.REGIONAL_SUPERVISOR, Role.ADMINISTRATOR])
# Close a finished quarter by hand (the periodic job does it after kpi.close_after_days).
allow("kpi.close", [Role.REGIONAL_SUPERVISOR, Role.ADMINISTRATOR])
