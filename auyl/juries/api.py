"""Citizen juries as open data (read-only, no sign-in): what the public pages ``/juries/d/<code>/`` and
``/juries/<id>/public/`` show and nothing more.

A jury's question and status; the published draw (algorithm and its version, the pool's size and hash, the
source of the public value, the public value and the seed, the strata with their seats) and, through
``/{id}/pool``, the frozen pool of pseudonymous tokens, so that anyone can repeat the draw; the tokens drawn
with their answers; the sessions; the recommendation and the authority's answer or its due date. Draft
juries, jurors' names, phones and resident ids, and the link between a token and a person never appear.

Thin on purpose: reads are :mod:`.selectors`; bad input becomes a 4xx JSON answer through the root API's
handlers (Http404 404, schema errors 422).
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from ninja import Query, Router, Schema

from auyl.territory import selectors as territory_selectors
from auyl.territory.schemas import ERRORS, KATO, UnitOut

from . import draw, selectors
from .models import Jury

juries_router = Router(tags=["juries"])


class JuryRowOut(Schema):
    id: int
    title: str
    territory: UnitOut
    status: str
    status_label: str
    announced_at: dt.datetime | None = None
    url: str


class JuryPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[JuryRowOut]


class StratumOut(Schema):
    key: str
    settlement: str
    sex: str
    age_band: str
    pool: int
    seats: int
    invited: int
    accepted: int


class DrawOut(Schema):
    algorithm: str
    steps: list[str]
    size: int
    pool_size: int
    excluded: int
    pool_hash: str
    seed_source: str
    public_value: str | None = None
    seed: str | None = None
    drawn_at: dt.datetime | None = None
    pool_url: str
    verify_url: str | None = None


class DrawnOut(Schema):
    token: str
    status: str
    status_label: str
    replaces: str | None = None


class SessionOut(Schema):
    date: dt.date
    topic: str
    experts: str
    present: int | None = None


class RecommendationOut(Schema):
    text: str
    recommended_on: dt.date | None = None
    answer: str | None = None
    answer_label: str | None = None
    answer_text: str
    answered_on: dt.date | None = None
    answer_due: dt.date | None = None
    overdue: bool


class JuryOut(JuryRowOut):
    question: str
    draw: DrawOut
    strata: list[StratumOut]
    drawn: list[DrawnOut]
    sessions: list[SessionOut]
    recommendation: RecommendationOut | None = None


class PoolOut(Schema):
    jury: int
    algorithm: str
    size: int
    age_bands: list
    seed_source: str
    public_value: str
    seed: str
    pool_hash: str
    pool: list[list[str]]
    selected: list[str]
    replacements: list[list[str]]


def _day(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(moment) if moment else None


def _row(jury: Jury) -> dict:
    return {
        "id": jury.pk,
        "title": jury.title,
        "territory": {"code": jury.territory.code, "name": jury.territory.name},
        "status": jury.status,
        "status_label": jury.get_status_display(),
        "announced_at": jury.announced_at,
        "url": reverse("juries:public", args=[jury.pk]),
    }


def _draw(jury: Jury) -> dict:
    drawn = bool(jury.seed)
    return {
        "algorithm": jury.algorithm,
        "steps": [str(step) for step in draw.ALGORITHM],
        "size": jury.size,
        "pool_size": len(jury.pool),
        "excluded": jury.excluded_count,
        "pool_hash": jury.pool_hash,
        "seed_source": jury.seed_source,
        "public_value": jury.public_value if drawn else None,
        "seed": jury.seed if drawn else None,
        "drawn_at": jury.drawn_at if drawn else None,
        "pool_url": reverse("juries:pool_json", args=[jury.pk]),
        "verify_url": reverse("juries:verify", args=[jury.pk]) if drawn else None,
    }


def _recommendation(jury: Jury) -> dict | None:
    if not jury.recommendation:
        return None
    answered = bool(jury.answer_outcome)
    return {
        "text": jury.recommendation,
        "recommended_on": _day(jury.recommended_at),
        "answer": jury.answer_outcome or None,
        "answer_label": jury.get_answer_outcome_display() or None,
        "answer_text": jury.answer_text,
        "answered_on": _day(jury.answered_at),
        "answer_due": None if answered else jury.answer_due,
        "overdue": selectors.is_overdue(jury),
    }


@juries_router.get("/", response={200: JuryPage, **ERRORS})
def list_juries(
    request,
    territory: str = Query(
        ..., pattern=KATO, description="KATO code: its juries and those of the units below"
    ),
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0),
):
    """The citizen juries of a territory once their draw is announced (drafts are not public), newest first."""
    unit = territory_selectors.territory_by_code(territory)
    queryset = selectors.public_juries(unit)
    total = queryset.count()
    items = [_row(j) for j in queryset[offset : offset + limit]]
    return {"count": total, "limit": limit, "offset": offset, "items": items}


@juries_router.get("/{jury_id}", response={200: JuryOut, **ERRORS})
def jury_detail(request, jury_id: int):
    """One jury: the question, the published draw, the strata, the tokens drawn (no names), the sessions,
    the recommendation and the authority's answer or its due date."""
    jury = selectors.public_jury(jury_id)
    strata = [
        {
            "key": r.key,
            "settlement": r.settlement,
            "sex": r.sex,
            "age_band": r.band,
            "pool": r.pool,
            "seats": r.seats,
            "invited": r.invited,
            "accepted": r.accepted,
        }
        for r in selectors.strata_table(jury)
    ]
    drawn = [
        {
            "token": m.token,
            "status": m.status,
            "status_label": m.get_status_display(),
            "replaces": m.replaces.token if m.replaces_id else None,
        }
        for m in selectors.members_of(jury)
    ]
    sessions = [
        {"date": s.date, "topic": s.topic, "experts": s.experts, "present": s.present}
        for s in jury.sessions.all()
    ]
    return {
        **_row(jury),
        "question": jury.question,
        "draw": _draw(jury),
        "strata": strata,
        "drawn": drawn,
        "sessions": sessions,
        "recommendation": _recommendation(jury),
    }


@juries_router.get("/{jury_id}/pool", response={200: PoolOut, **ERRORS})
def jury_pool(request, jury_id: int):
    """The frozen pool as published (pseudonymous tokens and strata), the seed and the tokens drawn: all a
    reader needs to repeat the draw with any SHA-256 implementation."""
    jury = selectors.public_jury(jury_id)
    return {"jury": jury.pk, **selectors.published_draw(jury)}
