"""Who may do what with the council (within the territory of their grant).

The council has no apparatus of its own: the akim's apparatus supports it (``001:423``), so the
registrar records its composition. The akim is deliberately not among those who form the council
or write its recommendations: the council oversees the akim and may recommend disciplinary action
against them (``004:116``). The superior akim's answer is recorded on the district's side.
"""

from auyl.core.permissions import allow
from auyl.core.roles import Role

allow(
    "council.view",
    [
        Role.REGISTRAR,
        Role.AKIM,
        Role.COUNCIL_MEMBER,
        Role.DEPUTY,
        Role.DISTRICT_SUPERVISOR,
        Role.REGIONAL_SUPERVISOR,
        Role.AUDITOR,
        Role.ADMINISTRATOR,
    ],
)
# Form a council for a term (apportion the seats), add members, record leaving, appoint the chair.
allow("council.manage", [Role.REGISTRAR, Role.ADMINISTRATOR])
# Set up monitoring commissions and publish their findings.
allow("council.commission", [Role.COUNCIL_MEMBER, Role.REGISTRAR, Role.ADMINISTRATOR])
# Send a recommendation on disciplinary action against the village akim to the superior akim.
allow("council.recommend", [Role.COUNCIL_MEMBER, Role.REGISTRAR, Role.ADMINISTRATOR])
# Record the superior akim's answer to a recommendation.
allow("council.answer", [Role.DISTRICT_SUPERVISOR, Role.ADMINISTRATOR])
