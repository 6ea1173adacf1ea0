"""Who may do what with gatherings, community meetings and council sessions (within their grant).

A meeting's secretary is a staff user holding ``registrar`` or ``akim`` on the meeting's territory.
Reading the public notice, agenda, results and minutes needs no grant (``selectors.public_*``).
"""

from auyl.core.permissions import allow
from auyl.core.roles import Role

SECRETARIES = [Role.REGISTRAR, Role.AKIM, Role.ADMINISTRATOR]
READERS = [
    *SECRETARIES,
    Role.EXECUTOR,
    Role.DEPUTY,
    Role.COUNCIL_MEMBER,
    Role.DISTRICT_SUPERVISOR,
    Role.REGIONAL_SUPERVISOR,
    Role.AUDITOR,
]

allow("assemblies.view", READERS)  # the staff side: drafts, attendance lists, follow-up
allow("assemblies.convene", SECRETARIES)  # convene, edit the draft, publish the notice, cancel
allow("assemblies.conduct", SECRETARIES)  # open, check in, vote, close items and the meeting, raise questions
allow("assemblies.minutes", SECRETARIES)  # sign and correct the minutes
allow("assemblies.members", SECRETARIES)  # keep the list of community meeting members
allow("assemblies.respond", [Role.AKIM, Role.ADMINISTRATOR])  # the akim's response to a decision
allow("assemblies.track", [Role.AKIM, Role.EXECUTOR, Role.ADMINISTRATOR])  # mark a decision's task done
allow("assemblies.escalated", [Role.DISTRICT_SUPERVISOR, Role.REGIONAL_SUPERVISOR, Role.ADMINISTRATOR])
