"""Demo civic projects of the Krasnoyarsky rural district (``manage.py initiatives_demo``).

* **2025** (finished): six proposals, five accepted and one rejected, 12,000,000 ₸ from the district budget,
  approval ballots (up to three), most votes first; ballots online and at a polling point, the results
  with their explanation, and the winners' implementation (reports, payments, a photo).
* **2026** (voting now): seven proposals, six accepted, 15,000,000 ₸ from the regional budget, knapsack
  ballots counted by the Method of Equal Shares; some residents have voted, the demo resident
  (+7 701 500 00 00) has not, so a newcomer can vote.

Everything goes through the real services. A service refuses an action outside its phase, so the demo
moves a campaign's dates to open each phase in turn (audited as ``initiatives.demo_dates``) and finally
sets the dates it had; the 2025 vote's times and proposals' dates are then written back into 2025
(``initiatives.demo_history``). The amounts are illustrative (the sources give the average rural budget,
≈107 m ₸, and the 13.4% own-revenue share of 2020, ``000:416-418``, not the size of civic-project funds);
people, proposals and votes are invented. Idempotent: a campaign that exists is left as it is.
"""

from __future__ import annotations

import datetime as dt
import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from PIL import Image, ImageDraw

from auyl.accounts import services as accounts
from auyl.accounts.models import User
from auyl.core import audit
from auyl.territory import demo as territory_demo
from auyl.territory.models import Resident, Territory

from . import budget_link, phases, services
from .demo_texts import (
    CRITERIA,
    CURRENT,
    CURRENT_PROPOSALS,
    CURRENT_TASTES,
    PAST,
    PAST_PROPOSALS,
    PAST_TASTES,
    PROGRESS,
)
from .models import Campaign, Proposal, Turnout

SEED = 2025
POLLING_POINT = "Краснояр ауылдық клубы / Сельский клуб"
PAST_DATES = {
    "proposals_from": dt.date(2025, 3, 1),
    "proposals_until": dt.date(2025, 3, 31),
    "review_until": dt.date(2025, 4, 20),
    "discussion_until": dt.date(2025, 5, 10),
    "voting_until": dt.date(2025, 5, 31),
    "results_until": dt.date(2025, 6, 15),
}
PAST_VOTERS, CURRENT_VOTERS = 140, 70


def _dates_opening(phase: str, today: dt.date) -> dict:
    """Dates, one day per phase, that put ``today`` in ``phase``."""
    first = today - dt.timedelta(days=phases.ORDER.index(phase) - 1)
    names = phases.DATE_FIELDS
    return {"proposals_from": first, **{name: first + dt.timedelta(days=i) for i, name in enumerate(names)}}


def _set_dates(campaign: Campaign, dates: dict, action: str = "initiatives.demo_dates") -> Campaign:
    Campaign.objects.filter(pk=campaign.pk).update(version=F("version") + 1, **dates)
    audit.record(
        actor="system",
        action=action,
        obj=campaign,
        territory=campaign.territory,
        changes={k: v.isoformat() for k, v in dates.items()},
    )
    campaign.refresh_from_db()
    return campaign


def _picture(seed: int, name: str) -> SimpleUploadedFile:
    """A small drawn picture (sky, ground, a shape) standing for a photo of the place."""
    rng = random.Random(seed)
    image = Image.new("RGB", (480, 320), (135 + rng.randrange(60), 190, 235))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 210, 480, 320), fill=(90 + rng.randrange(40), 150, 70))
    x = rng.randrange(60, 320)
    draw.rectangle(
        (x, 130, x + 110, 215), fill=(200, 120 + rng.randrange(80), 60), outline=(60, 60, 60), width=3
    )
    draw.ellipse((380, 30, 440, 90), fill=(250, 210, 80))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


class Cast:
    """The demo's people: staff, and the Krasnoyarsky residents who vote (with accounts when they have a phone)."""

    def __init__(self, unit: Territory, rng: random.Random):
        self.unit, self.rng = unit, rng
        self.akim = User.objects.get(username="demo-akim")
        self.registrar = User.objects.get(username="demo-registrar")
        self.executor = User.objects.get(username="demo-executor")
        adults = Resident.objects.filter(
            territory_path__startswith=unit.path, is_active=True, birth_date__lte=dt.date(2006, 1, 1)
        ).order_by("pk")
        self.residents = [r for r in adults if r.phone != territory_demo.RESIDENT_PHONE]

    def account(self, resident: Resident):
        return accounts.account_for_phone(phone=resident.phone) if resident.phone else None


def _propose(cast: Cast, campaign: Campaign, specs, start: int) -> list[Proposal]:
    settlements = {t.code: t for t in Territory.objects.filter(path__startswith=cast.unit.path)}
    made = []
    for index, (title, text, place, code, category, cost, _review) in enumerate(specs):
        author = cast.residents[start + index * 7]
        user = cast.account(author) if index % 2 == 0 else None
        proposal = services.submit_proposal(
            actor=user or cast.registrar,
            campaign=campaign,
            resident=None if user else author,
            title=title,
            description=text,
            place=place,
            settlement=settlements.get(code),
            category=category,
            estimated_cost=cost,
            photos=[_picture(start + index, f"place-{index}.jpg")] if index < 2 else (),
        )
        made.append(proposal)
    return made


def _review(cast: Cast, proposals: list[Proposal], specs) -> list[Proposal]:
    accepted = []
    for proposal, spec in zip(proposals, specs, strict=True):
        review = spec[-1]
        if review[0] == "accepted":
            services.review_proposal(
                actor=cast.executor, proposal=proposal, decision="accepted", reviewed_cost=review[1]
            )
            accepted.append(proposal)
        else:
            services.review_proposal(
                actor=cast.akim, proposal=proposal, decision="rejected", reasons=review[1], note=review[2]
            )
    return accepted


def _choices(cast: Cast, campaign: Campaign, accepted: list[Proposal], tastes: list[int]) -> list[int]:
    order = []
    pool = list(zip(accepted, tastes, strict=True))
    while pool:
        pick = cast.rng.choices(range(len(pool)), weights=[w for _p, w in pool])[0]
        order.append(pool.pop(pick)[0])
    if campaign.ballot_type == "approval":
        return [p.pk for p in order[: cast.rng.randint(1, campaign.max_choices)]]
    chosen, total = [], 0
    for proposal in order[: cast.rng.randint(1, 4)]:
        if total + proposal.reviewed_cost <= campaign.amount:
            chosen.append(proposal.pk)
            total += proposal.reviewed_cost
    return chosen


def _vote(
    cast: Cast, campaign: Campaign, accepted: list[Proposal], tastes: list[int], voters: list[Resident]
) -> int:
    for proposal in accepted:
        proposal.refresh_from_db()
    for index, resident in enumerate(voters):
        choices = _choices(cast, campaign, accepted, tastes)
        user = cast.account(resident) if index % 3 else None
        if user is not None:
            services.cast_ballot(actor=user, campaign=campaign, choices=choices)
        else:
            services.record_polling_ballot(
                actor=cast.registrar,
                campaign=campaign,
                resident=resident,
                choices=choices,
                polling_point=POLLING_POINT,
            )
    return len(voters)


def _backdate(cast: Cast, campaign: Campaign) -> None:
    """Times of the 2025 campaign inside its 2025 phases (the services wrote today's)."""
    tz = timezone.get_current_timezone()
    for proposal in Proposal.objects.filter(campaign=campaign):
        day = PAST_DATES["proposals_from"] + dt.timedelta(days=cast.rng.randrange(30))
        reviewed = PAST_DATES["proposals_until"] + dt.timedelta(days=cast.rng.randrange(1, 20))
        Proposal.objects.filter(pk=proposal.pk).update(
            created_at=dt.datetime.combine(day, dt.time(cast.rng.randrange(9, 20)), tzinfo=tz),
            reviewed_at=dt.datetime.combine(reviewed, dt.time(11), tzinfo=tz),
        )
    for turnout in Turnout.objects.filter(campaign=campaign):
        day = PAST_DATES["discussion_until"] + dt.timedelta(days=cast.rng.randrange(1, 22))
        Turnout.objects.filter(pk=turnout.pk).update(
            voted_at=dt.datetime.combine(
                day, dt.time(cast.rng.randrange(8, 21), cast.rng.randrange(60)), tzinfo=tz
            )
        )
    _set_dates(campaign, PAST_DATES, action="initiatives.demo_history")


def _line_for(lines, proposal: Proposal) -> str:
    """The budget line a demo payment is charged to: amenities/landscaping when the plan has it."""
    if not lines:
        return ""
    wanted = ("абат", "благоустр", "amenit", "landscap")
    return next((line.key for line in lines if any(w in line.label.lower() for w in wanted)), lines[0].key)


def _implement(cast: Cast, campaign: Campaign, result) -> None:
    lines = budget_link.lines_for(cast.unit, campaign.year)
    by_number = {str(p.number): p for p in Proposal.objects.filter(campaign=campaign)}
    for index, (number, (reports, payments)) in enumerate(zip(result.winners, PROGRESS, strict=False)):
        proposal = by_number[number]
        for status, progress, note in reports:
            services.add_progress(
                actor=cast.executor, proposal=proposal, status=status, progress=progress, note=note
            )
        for share, note in payments:
            services.record_spending(
                actor=cast.executor,
                proposal=proposal,
                amount=int(round(proposal.reviewed_cost * share, -3)),
                spent_on=dt.date(2025, 8, 10 + index),
                note=note,
                budget_line=_line_for(lines, proposal),
            )
        if index == 0:
            services.add_photo(
                actor=cast.executor,
                proposal=proposal,
                uploaded_file=_picture(99, "work.jpg"),
                stage="implementation",
                caption="2025",
            )


def _campaign(cast: Cast, fields: dict) -> Campaign:
    today = phases.today()
    data = dict(fields) | _dates_opening("proposals", today) | {"eligibility_criteria": CRITERIA}
    campaign = services.create_campaign(actor=cast.akim, territory=cast.unit, **data)
    return services.publish_campaign(actor=cast.akim, campaign=campaign)


def _run(cast: Cast, fields: dict, specs, tastes, voters: list[Resident], start: int):
    today = phases.today()
    campaign = _campaign(cast, fields)
    proposals = _propose(cast, campaign, specs, start)
    campaign = _set_dates(campaign, _dates_opening("review", today))
    accepted = _review(cast, proposals, specs)
    campaign = _set_dates(campaign, _dates_opening("voting", today))
    _vote(cast, campaign, accepted, tastes, voters)
    return campaign, proposals


@transaction.atomic
def load_initiatives_demo() -> dict[str, int]:
    """Create whatever of the demo is missing; return what was added."""
    unit = Territory.objects.get(code=territory_demo.KRASNOYAR)
    counts = {"campaigns": 0, "proposals": 0, "ballots": 0}
    cast = Cast(unit, random.Random(SEED))
    existing = set(Campaign.objects.filter(territory=unit).values_list("title", flat=True))
    if PAST["title"] not in existing:
        campaign, proposals = _run(cast, PAST, PAST_PROPOSALS, PAST_TASTES, cast.residents[:PAST_VOTERS], 0)
        _backdate(cast, campaign)
        result = services.compute_results(actor=cast.akim, campaign=campaign)
        _implement(cast, campaign, result)
        counts["campaigns"] += 1
        counts["proposals"] += len(proposals)
        counts["ballots"] += PAST_VOTERS
    if CURRENT["title"] not in existing:
        voters = cast.residents[-CURRENT_VOTERS:]
        campaign, proposals = _run(cast, CURRENT, CURRENT_PROPOSALS, CURRENT_TASTES, voters, 1)
        today = phases.today()
        _set_dates(
            campaign,
            {
                "proposals_from": today - dt.timedelta(days=30),
                "proposals_until": today - dt.timedelta(days=21),
                "review_until": today - dt.timedelta(days=11),
                "discussion_until": today - dt.timedelta(days=4),
                "voting_until": today + dt.timedelta(days=10),
                "results_until": today + dt.timedelta(days=20),
            },
        )
        counts["campaigns"] += 1
        counts["proposals"] += len(proposals)
        counts["ballots"] += CURRENT_VOTERS
    return counts
