"""Every write of citizen juries: create, announce the draw, draw, responses and replacements.

Sessions, the recommendation and the authority's answer are in :mod:`.outcome` (re-exported here).
Each service checks permission, validates, runs in one transaction and records an audit event.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from auyl.core import audit, notifications
from auyl.core.permissions import require_perm
from auyl.territory.models import Resident

from . import checks, draw
from .models import MAX_SIZE, MIN_SIZE, Jury, JuryStatus, Member, MemberStatus
from .outcome import add_session, answer, recommend  # noqa: F401  (re-exported)
from .pool import build_pool

MAX_TITLE, MAX_QUESTION, MAX_SOURCE, MAX_VALUE = 200, 4000, 300, 200


def _size(value) -> int:
    try:
        size = int(value)
    except (TypeError, ValueError):
        size = 0
    if not MIN_SIZE <= size <= MAX_SIZE:
        raise ValidationError(
            {
                "size": [
                    _("A citizen jury has from %(min)s to %(max)s members.")
                    % {"min": MIN_SIZE, "max": MAX_SIZE}
                ]
            }
        )
    return size


def _expect(jury: Jury, *statuses: str, message: str) -> None:
    if jury.status not in statuses:
        raise ValidationError(message)


@transaction.atomic
def create_jury(*, actor, territory, title: str, question: str, size) -> Jury:
    require_perm(actor, "jury.manage", territory)
    jury = Jury(
        territory=territory,
        created_by=actor if actor.is_authenticated else None,
        title=checks.text(title, "title", MAX_TITLE),
        question=checks.text(question, "question", MAX_QUESTION),
        size=_size(size),
    )
    jury.save()
    audit.record(
        actor=actor,
        action="jury.created",
        obj=jury,
        territory=territory,
        changes={"title": jury.title, "size": jury.size},
    )
    return jury


@transaction.atomic
def update_jury(*, actor, jury: Jury, title: str, question: str, size) -> Jury:
    require_perm(actor, "jury.manage", jury.territory)
    jury = checks.locked(jury)
    _expect(jury, JuryStatus.DRAFT, message=_("The jury can be changed only before the draw is announced."))
    before = audit.snapshot(jury, ["title", "question", "size"])
    jury.title, jury.question = (
        checks.text(title, "title", MAX_TITLE),
        checks.text(question, "question", MAX_QUESTION),
    )
    jury.size = _size(size)
    jury.save(update_fields=["title", "question", "size"])
    audit.record(
        actor=actor,
        action="jury.updated",
        obj=jury,
        territory=jury.territory,
        changes=audit.diff(before, audit.snapshot(jury, ["title", "question", "size"])),
    )
    return jury


@transaction.atomic
def announce_draw(*, actor, jury: Jury, seed_source: str) -> Jury:
    """Freeze and publish the pool and the source of the public value; the seed is not known yet."""
    require_perm(actor, "jury.manage", jury.territory)
    jury = checks.locked(jury)
    _expect(jury, JuryStatus.DRAFT, message=_("The draw of this jury has already been announced."))
    source = checks.text(seed_source, "seed_source", MAX_SOURCE)
    pool = build_pool(actor, jury, timezone.localdate())
    if len(pool.entries) < jury.size:
        raise ValidationError(
            _("Only %(n)s residents are eligible, fewer than the %(size)s jurors needed.")
            % {"n": len(pool.entries), "size": jury.size}
        )
    jury.algorithm, jury.seed_source, jury.age_bands = draw.ALGORITHM_VERSION, source, pool.bands
    jury.pool, jury.pool_residents, jury.excluded_count = pool.entries, pool.resident_ids, pool.excluded
    jury.pool_hash = draw.pool_hash(pool.entries)
    jury.status, jury.announced_at = JuryStatus.ANNOUNCED, timezone.now()
    jury.save()
    audit.record(
        actor=actor,
        action="jury.announced",
        obj=jury,
        territory=jury.territory,
        changes={
            "pool_hash": jury.pool_hash,
            "pool_size": len(pool.entries),
            "seed_source": source,
            "excluded": pool.excluded,
            "algorithm": jury.algorithm,
        },
    )
    return jury


def _invite(jury: Jury, member: Member) -> None:
    body = _(
        'You have been drawn at random for the citizen jury "%(title)s" of %(unit)s. Your number in the '
        "published draw: %(token)s. Please tell the akimat whether you accept."
    ) % {"title": jury.title, "unit": jury.territory.name, "token": member.token}
    notifications.queue(
        channel="sms",
        recipient=member.resident.phone,
        body=body,
        obj=member,
        territory=jury.territory,
        dedupe_key=f"juries:{jury.pk}:invite:{member.token}",
    )


def _resident_of(jury: Jury, token: str) -> Resident:
    index = next(i for i, (t, _s) in enumerate(jury.pool) if t == token)
    return Resident.objects.get(pk=jury.pool_residents[index])


def _add_member(jury: Jury, token: str, stratum: str, replaces: Member | None = None) -> Member:
    member = Member.objects.create(
        jury=jury, resident=_resident_of(jury, token), token=token, stratum=stratum, replaces=replaces
    )
    _invite(jury, member)
    return member


@transaction.atomic
def run_draw(*, actor, jury: Jury, public_value: str) -> Jury:
    """Derive the seed from the public value, draw by the published algorithm and send the invitations."""
    require_perm(actor, "jury.manage", jury.territory)
    jury = checks.locked(jury)
    if jury.status == JuryStatus.DRAFT:
        raise ValidationError(_("Announce the draw first: the pool must be published before the seed."))
    _expect(
        jury,
        JuryStatus.ANNOUNCED,
        message=_("This jury has already been drawn and published; it cannot be drawn again."),
    )
    jury.public_value = checks.text(public_value, "public_value", MAX_VALUE)
    jury.seed = draw.derive_seed(jury.public_value, jury.pk)
    chosen = draw.select(jury.seed, jury.pool, jury.size)
    for stratum, tokens in chosen.items():
        for token in tokens:
            _add_member(jury, token, stratum)
    jury.status, jury.drawn_at = JuryStatus.DRAWN, timezone.now()
    jury.save(update_fields=["public_value", "seed", "status", "drawn_at"])
    audit.record(
        actor=actor,
        action="jury.drawn",
        obj=jury,
        territory=jury.territory,
        changes={
            "public_value": jury.public_value,
            "seed": jury.seed,
            "selected": sorted(t for tokens in chosen.values() for t in tokens),
        },
    )
    return jury


@transaction.atomic
def respond(*, actor, jury: Jury, resident: Resident, accepted: bool) -> Member:
    """Record that an invited resident accepted or declined."""
    require_perm(actor, "jury.manage", jury.territory)
    jury = checks.locked(jury)
    _expect(jury, JuryStatus.DRAWN, message=_("Responses are recorded only while the jury is being formed."))
    member = Member.objects.select_for_update().filter(jury=jury, resident=resident).first()
    if member is None:
        raise ValidationError(_("This person was not invited to this jury."))
    if member.status != MemberStatus.INVITED:
        raise ValidationError(_("This person's response has already been recorded."))
    member.status = MemberStatus.ACCEPTED if accepted else MemberStatus.DECLINED
    member.responded_at = timezone.now()
    member.save(update_fields=["status", "responded_at"])
    audit.record(
        actor=actor,
        action="jury.member_responded",
        obj=jury,
        territory=jury.territory,
        changes={"token": member.token, "status": member.status},
    )
    return member


@transaction.atomic
def draw_replacement(*, actor, jury: Jury, member: Member) -> Member:
    """Invite the next person of the declining member's stratum, in the seed's order."""
    require_perm(actor, "jury.manage", jury.territory)
    jury = checks.locked(jury)
    _expect(jury, JuryStatus.DRAWN, message=_("Replacements are drawn only while the jury is being formed."))
    member = Member.objects.select_for_update().filter(jury=jury, pk=member.pk).first()
    if member is None or member.status != MemberStatus.DECLINED:
        raise ValidationError(_("Only a person who declined can be replaced."))
    if Member.objects.filter(replaces=member).exists():
        raise ValidationError(_("This person has already been replaced."))
    drawn = set(jury.members.values_list("token", flat=True))
    token = draw.next_in_stratum(jury.seed, jury.pool, member.stratum, drawn)
    if token is None:
        raise ValidationError(
            _("Nobody is left in the pool of this stratum (%(stratum)s) to replace this person.")
            % {"stratum": member.stratum}
        )
    new = _add_member(jury, token, member.stratum, replaces=member)
    audit.record(
        actor=actor,
        action="jury.replacement_drawn",
        obj=jury,
        territory=jury.territory,
        changes={"replaced": member.token, "token": new.token, "stratum": new.stratum},
    )
    return new
