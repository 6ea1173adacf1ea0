"""A resident's question about a budget line becomes an appeal to the akim (contract of issue #5).

The appeal is registered through :func:`auyl.appeals.services.register_appeal` (channel ``portal``,
``source_type="budget.line"``, ``source_id="<budget id>:<section>:<code>"``) under the appeals topic
"Local budget and public spending", so it gets a number, a deadline and a tracking code like any other.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from auyl.appeals.models import Channel, Topic
from auyl.appeals.services import register_appeal

from .catalogue import line_name
from .models import Budget

SOURCE_TYPE = "budget.line"
BUDGET_TOPIC = "economy-budget"  # auyl/appeals/taxonomy.py
MAX_QUESTION = 5000
MAX_SUBJECT = 200


def source_id(budget: Budget, section: str, code: str) -> str:
    return f"{budget.pk}:{section}:{code}"[:64]


def budget_topic() -> Topic:
    topic = Topic.objects.filter(code=BUDGET_TOPIC, is_active=True).first()
    if topic is None:  # a deployment that renamed the topic: any active topic of the budget row of form 826
        topic = Topic.objects.filter(is_active=True, form_826=2).order_by("sort", "code").first()
    if topic is None:
        raise ValidationError(
            _(
                "Questions about the budget cannot be taken right now: no appeal topic for the "
                "budget is set up."
            )
        )
    return topic


def ask_about_line(*, actor, budget: Budget, line, text: str, token: str = ""):
    """Register the signed-in resident's question about ``line`` (a line of the budget's public version).
    Returns ``(appeal, tracking code)``; a repeated ``token`` (a double-click) returns the same appeal
    with an empty code."""
    resident = getattr(actor, "resident", None) if getattr(actor, "is_authenticated", False) else None
    if resident is None or not resident.is_active:
        raise PermissionDenied(_("Sign in as a resident to ask a question."))
    if line.version.budget_id != budget.pk or not line.version.is_public:
        raise ValidationError(_("This line is not in the published budget."))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": [_("Write your question.")]})
    if len(text) > MAX_QUESTION:
        raise ValidationError(
            {"text": [_("The question is too long (at most %(n)s characters).") % {"n": MAX_QUESTION}]}
        )
    name = line_name(line.section, line.code, line.programme)
    subject = _("Budget %(year)s: %(line)s") % {"year": budget.year, "line": name}
    return register_appeal(
        actor=actor,
        territory=budget.territory,
        topic=budget_topic(),
        channel=Channel.PORTAL,
        resident=resident,
        subject=subject[:MAX_SUBJECT],
        text=text,
        source_type=SOURCE_TYPE,
        source_id=source_id(budget, line.section, line.code),
        idempotency_key=f"budget:{actor.pk}:{token}"[:64] if token else None,
    )
