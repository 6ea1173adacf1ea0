"""Proposals to transfer a function down a level, with financing, and their dated path.

``003:772-779`` (the 2021 Concept of the law on local self-government): the district hands the village
the amenities and exterior design of public places, exhibitions and fairs, separate collection of
municipal waste, and electronic services within the village's competence. A proposal goes
proposed -> under review -> approved or rejected; each step is dated (never in the future, never before
the previous one), written to the proposal's history and to the audit log. It is proposed by whoever
keeps the registry of the receiving unit and decided by the giving level (or one above it). When it is
approved, the function ends at the giving body and is registered at the receiving one.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from auyl.core import audit

from . import services
from .models import LEVEL_RANK, Body, Power, TransferProposal, TransferStatus, TransferStep

MAX_FINANCING = Decimal("1e13")
MAX_NOTE = 1000
MAX_TEXT = 5000


def _clean_financing(value) -> Decimal:
    try:
        amount = Decimal(str(value if value not in (None, "") else 0))
    except (InvalidOperation, ValueError):
        raise ValidationError({"financing": [_("Give the financing as an amount in tenge.")]}) from None
    if not amount.is_finite() or amount < 0:
        raise ValidationError({"financing": [_("Financing cannot be negative.")]})
    if amount >= MAX_FINANCING:
        raise ValidationError({"financing": [_("This amount is implausibly large.")]})
    return amount.quantize(Decimal("0.01"))


def _check_direction(from_body: Body, to_body: Body) -> None:
    if LEVEL_RANK[from_body.level] >= LEVEL_RANK[to_body.level]:
        raise ValidationError(
            {
                "to_body": [
                    _("A function can only be transferred to a lower level: %(to)s is not below %(frm)s.")
                    % {"to": to_body.name, "frm": from_body.name}
                ]
            }
        )
    if not to_body.territory_path.startswith(from_body.territory_path):
        raise ValidationError(
            {"to_body": [_("The receiving body must serve a unit within the giving body's territory.")]}
        )


def _clean_date(on, earliest: dt.date | None, field: str) -> dt.date:
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise ValidationError({field: [_("The date cannot be in the future.")]})
    if earliest is not None and on < earliest:
        raise ValidationError(
            {
                field: [
                    _("The date cannot be earlier than the previous step (%(date)s).")
                    % {"date": f"{earliest:%d.%m.%Y}"}
                ]
            }
        )
    return on


def _clean_texts(**texts) -> dict[str, str]:
    limits = {"financing_note": 500, "rationale": MAX_TEXT, "source": 100}
    cleaned = {}
    for field, value in texts.items():
        value = (value or "").strip()
        if len(value) > limits[field]:
            raise ValidationError(
                {field: [_("The text is too long (at most %(n)s characters).") % {"n": limits[field]}]}
            )
        cleaned[field] = value
    return cleaned


@transaction.atomic
def propose_transfer(
    *,
    actor,
    from_body: Body,
    to_body: Body,
    power: Power | None = None,
    title_kk: str = "",
    title_ru: str = "",
    financing=0,
    programme_code: str = "",
    financing_note: str = "",
    rationale: str = "",
    source: str = "",
    proposed_on: dt.date | None = None,
) -> TransferProposal:
    """Propose handing a function (``power`` of ``from_body``, or one named here) to ``to_body``."""
    _check_direction(from_body, to_body)
    services.require_on_path(actor, "powers.manage", to_body.territory_path)
    if power is not None and (power.body_id != from_body.pk or power.ended_on is not None):
        raise ValidationError({"power": [_("Choose a function the giving body exercises now.")]})
    if power is not None:
        title_kk, title_ru = title_kk or power.name_kk, title_ru or power.name_ru
    title_kk, title_ru = services.clean_names(title_kk, title_ru, prefix="title")
    texts = _clean_texts(financing_note=financing_note, rationale=rationale, source=source)
    proposal = TransferProposal.objects.create(
        title_kk=title_kk,
        title_ru=title_ru,
        power=power,
        from_body=from_body,
        to_body=to_body,
        from_territory_path=from_body.territory_path,
        to_territory_path=to_body.territory_path,
        financing=_clean_financing(financing),
        programme_code=services.clean_programme(programme_code),
        proposed_on=_clean_date(proposed_on, None, "proposed_on"),
        created_by=actor,
        **texts,
    )
    TransferStep.objects.create(
        proposal=proposal,
        status=TransferStatus.PROPOSED,
        on=proposal.proposed_on,
        note=texts["rationale"][:MAX_NOTE],
        actor=actor,
    )
    audit.record(
        actor=actor,
        action="powers.transfer_proposed",
        obj=proposal,
        territory=to_body.territory,
        changes={
            "status": [None, proposal.status],
            "from": [None, from_body.pk],
            "to": [None, to_body.pk],
            "financing": [None, str(proposal.financing)],
            "programme_code": [None, proposal.programme_code],
        },
    )
    return proposal


def _receive(actor, proposal: TransferProposal, on: dt.date) -> Power:
    """End the function at the giving body and register it at the receiving one (approval)."""
    source = proposal.power
    existing = Power.objects.filter(
        body=proposal.to_body,
        ended_on__isnull=True,
        name_key=services.name_key(proposal.title_ru or proposal.title_kk),
    ).first()
    if source is not None:
        services.end_power(actor=actor, power=source, on=on, reason=f"transfer #{proposal.pk}")
    if existing is not None:
        return existing
    return services.register_power(
        actor=actor,
        body=proposal.to_body,
        name_kk=proposal.title_kk,
        name_ru=proposal.title_ru,
        legal_basis=source.legal_basis if source else "",
        programme_code=proposal.programme_code or (source.programme_code if source else ""),
        source=proposal.source,
    )


@transaction.atomic
def advance_transfer(
    *,
    actor,
    proposal: TransferProposal,
    status: str,
    on: dt.date | None = None,
    decision_number: str = "",
    note: str = "",
) -> TransferProposal:
    """Move ``proposal`` one step along its path (under review, approved or rejected) on date ``on``."""
    services.require_on_path(actor, "powers.decide", proposal.from_territory_path)
    proposal = (
        TransferProposal.objects.select_for_update(of=("self",))
        .select_related("power", "to_body__territory", "from_body")
        .get(pk=proposal.pk)
    )
    if status not in [str(s) for s in proposal.next_statuses]:
        raise ValidationError(
            {
                "status": [
                    _("A proposal that is “%(now)s” cannot become “%(next)s”.")
                    % {
                        "now": proposal.get_status_display(),
                        "next": dict(TransferStatus.choices).get(status, status),
                    }
                ]
            }
        )
    last = proposal.steps.order_by("-on", "-pk").first()
    on = _clean_date(on, last.on if last else proposal.proposed_on, "on")
    note, decision_number = (note or "").strip(), (decision_number or "").strip()
    if len(note) > MAX_NOTE or len(decision_number) > 50:
        raise ValidationError(
            {"note": [_("The text is too long (at most %(n)s characters).") % {"n": MAX_NOTE}]}
        )
    if status == TransferStatus.REJECTED and not note:
        raise ValidationError({"note": [_("Give the reason for the rejection.")]})
    before = {"status": proposal.status}
    proposal.status = status
    if status in (TransferStatus.APPROVED, TransferStatus.REJECTED):
        proposal.decided_on, proposal.decision_number, proposal.decision_note = on, decision_number, note
    if status == TransferStatus.APPROVED:
        proposal.created_power = _receive(actor, proposal, on)
    proposal.save()
    TransferStep.objects.create(proposal=proposal, status=status, on=on, note=note, actor=actor)
    audit.record(
        actor=actor,
        action="powers.transfer_" + status,
        obj=proposal,
        territory=proposal.to_body.territory,
        changes={
            **audit.diff(before, {"status": status}),
            "on": [None, on.isoformat()],
            "decision_number": [None, decision_number],
        },
    )
    return proposal
