"""What happens to a binding adopted result: it becomes a decision followed up by the meeting engine.

The sources want a binding result followed up like a meeting's decision (the akim's response within
a deadline, escalation when it is rejected or late, ``000:942``). :func:`hand_over` records it through
:func:`auyl.assemblies.followup.record_external_decision`, so the response, the escalation by the
periodic job and the tracking to done are the meeting engine's, not a copy:

- a local referendum (``000:845``) is addressed to the akim of the territory;
- the initiative to dismiss the akim (``000:422``, ``001:671``) is addressed to the district akim, who
  appoints and dismisses rural akims; the rural akim cannot answer it, and it escalates to the region.
"""

from __future__ import annotations

from auyl.assemblies.models import Addressee, Decision
from auyl.assemblies.services import record_external_decision

from .models import Kind, Referendum


def hand_over(actor, referendum: Referendum) -> Decision:
    """The follow-up decision of an adopted binding result (idempotent: one per referendum)."""
    addressee = Addressee.DISTRICT_AKIM if referendum.kind == Kind.RECALL else Addressee.AKIM
    return record_external_decision(
        actor=actor,
        source=referendum,
        territory=referendum.territory,
        title=referendum.question,
        text=referendum.question,
        addressee=addressee,
    )
