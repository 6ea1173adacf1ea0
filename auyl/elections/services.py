"""Write use cases of akim elections: one function per action, each atomic, permission-checked and audited.

Recording results and computing the winner live in :mod:`.results`, the published campaign figures in
:mod:`.campaigns`; both are re-exported here so callers need one module.

Past dates are accepted on purpose: auyl records elections the commissions have already held (the
2021 campaign of 000:451-459) as well as coming ones.
"""

from __future__ import annotations

import datetime as dt
import math

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from auyl.core import audit
from auyl.core.permissions import require_perm
from auyl.core.rules import get_rule

from .campaigns import create_campaign, enter_region_return  # noqa: F401  (re-exported)
from .models import (
    Candidate,
    CandidateStatus,
    Election,
    ElectionStatus,
    ElectoralDistrict,
    Ethnicity,
    Nomination,
    Party,
    Sex,
)
from .results import finalize_results, record_station_result  # noqa: F401  (re-exported)

MAX_NAME = 300
MAX_REASON = 2000
MAX_VOTERS = 5_000_000
EARLIEST = dt.date(1991, 12, 16)
MIN_AGE = 25  # the election law's minimum age for an akim candidate (not in the sources)


def _require_open(election: Election) -> None:
    if election.status != ElectionStatus.SCHEDULED:
        raise ValidationError(_("The results of this election are final: it can no longer be changed."))


def signature_threshold(election: Election) -> int:
    """Signatures a self-nominated candidate needs: the region's percent of the voters, rounded up (000:448)."""
    percent = get_rule(election.territory, "elections.self_nomination_signature_percent")
    return math.ceil(election.voters * percent / 100)


def _district_for(territory) -> ElectoralDistrict:
    if not territory.is_primary:
        raise ValidationError(
            _("An electoral district is a rural district or a town of district significance.")
        )
    district, _created = ElectoralDistrict.objects.get_or_create(
        territory=territory, defaults={"territory_path": territory.path}
    )
    return district


@transaction.atomic
def schedule_election(
    *, actor, territory, election_date: dt.date, nomination_end: dt.date, voters: int, commission: str = ""
) -> Election:
    """Record an election called in ``territory`` (its electoral district is created on first use)."""
    require_perm(actor, "elections.manage", territory)
    errors: dict[str, list[str]] = {}
    if election_date < EARLIEST:
        errors["election_date"] = [_("Give a real election day.")]
    if nomination_end >= election_date:
        errors["nomination_end"] = [_("Nomination must end before election day.")]
    if not 1 <= voters <= MAX_VOTERS:
        errors["voters"] = [_("Give the number of voters in the district (at least 1).")]
    if errors:
        raise ValidationError(errors)
    district = _district_for(territory)
    if commission.strip():
        district.commission = commission.strip()[:300]
        district.save(update_fields=["commission", "updated_at"])
    if Election.objects.filter(district=district, election_date=election_date).exists():
        raise ValidationError(
            {"election_date": [_("An election on this day is already recorded for this district.")]}
        )
    election = Election.objects.create(
        district=district,
        territory_path=territory.path,
        election_date=election_date,
        nomination_end=nomination_end,
        voters=voters,
    )
    audit.record(
        actor=actor,
        action="elections.scheduled",
        obj=election,
        territory=territory,
        changes={"election_date": election_date, "nomination_end": nomination_end, "voters": voters},
    )
    return election


def _clean_candidate(election: Election, data: dict) -> dict:
    errors: dict[str, list[str]] = {}
    name = " ".join((data.get("full_name") or "").split())
    if not name:
        errors["full_name"] = [_("Give the candidate's surname and name.")]
    elif len(name) > MAX_NAME:
        errors["full_name"] = [_("The name is too long (at most %(n)s characters).") % {"n": MAX_NAME}]
    born = data.get("birth_date")
    if not isinstance(born, dt.date) or election.election_date.year - born.year > 110:
        errors["birth_date"] = [_("Give the candidate's birth date.")]
    elif Candidate(birth_date=born).age_on(election.election_date) < MIN_AGE:
        errors["birth_date"] = [
            _("A candidate must be at least %(n)s years old on election day.") % {"n": MIN_AGE}
        ]
    if data.get("sex") not in Sex.values:
        errors["sex"] = [_("Choose the candidate's sex.")]
    if (data.get("ethnicity") or "") not in ["", *Ethnicity.values]:
        errors["ethnicity"] = [_("Choose one of the offered values.")]
    nomination, party = data.get("nomination"), data.get("party") or ""
    if nomination not in Nomination.values:
        errors["nomination"] = [_("Choose who nominated the candidate.")]
    elif nomination == Nomination.PARTY and party not in Party.values:
        errors["party"] = [_("Choose the nominating party.")]
    elif nomination != Nomination.PARTY and party:
        errors["party"] = [_("A party is given only for a party nominee.")]
    signatures = data.get("signatures")
    if nomination == Nomination.SELF and (signatures is None or signatures < 0):
        errors["signatures"] = [_("Give the number of valid signatures collected.")]
    if errors:
        raise ValidationError(errors)
    return {
        "full_name": name,
        "birth_date": born,
        "sex": data["sex"],
        "nomination": nomination,
        "party": party,
        "signatures": signatures if nomination == Nomination.SELF else None,
        "lives_in_district": bool(data.get("lives_in_district", True)),
        "is_incumbent": bool(data.get("is_incumbent", False)),
        "ethnicity": data.get("ethnicity") or "",
        "occupation": (data.get("occupation") or "").strip()[:300],
    }


def _check_akim_may_nominate(election: Election) -> None:
    """The district akim nominates only when fewer than two others were nominated (000:449)."""
    needed = get_rule(election.territory, "elections.min_candidates_before_akim_nominates")
    others = (
        election.candidates.exclude(status=CandidateStatus.WITHDRAWN)
        .exclude(nomination=Nomination.DISTRICT_AKIM)
        .count()
    )
    if others >= needed:
        raise ValidationError(
            {
                "nomination": [
                    _(
                        "The district akim nominates a candidate only when fewer than %(n)s were nominated by the end of "
                        "nomination; %(count)s were."
                    )
                    % {"n": needed, "count": others}
                ]
            }
        )


@transaction.atomic
def nominate_candidate(*, actor, election: Election, **data) -> Candidate:
    """Record a nomination: by a party, self-nominated (with signatures), or by the district akim."""
    require_perm(actor, "elections.manage", election.territory)
    election = Election.objects.select_for_update().get(pk=election.pk)
    _require_open(election)
    fields = _clean_candidate(election, data)
    if fields["nomination"] == Nomination.DISTRICT_AKIM:
        _check_akim_may_nominate(election)
    same_birth = election.candidates.filter(birth_date=fields["birth_date"]).values_list(
        "full_name", flat=True
    )
    if any(
        name.casefold() == fields["full_name"].casefold() for name in same_birth
    ):  # SQLite folds ASCII only
        raise ValidationError({"full_name": [_("This candidate is already nominated in this election.")]})
    candidate = Candidate.objects.create(election=election, **fields)
    audit.record(
        actor=actor,
        action="elections.candidate_nominated",
        obj=candidate,
        territory=election.territory,
        changes={
            "election_id": election.pk,
            "nomination": candidate.nomination,
            "party": candidate.party,
            "signatures": candidate.signatures,
        },
    )
    return candidate


@transaction.atomic
def decide_registration(
    *, actor, candidate: Candidate, registered: bool, decision_date: dt.date, reason: str = ""
) -> Candidate:
    """Record the commission's decision: registered, or refused with its reason.

    A self-nominated candidate below the signature threshold cannot be recorded as registered.
    """
    election = candidate.election
    require_perm(actor, "elections.manage", election.territory)
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    _require_open(election)
    if candidate.status != CandidateStatus.NOMINATED:
        raise ValidationError(_("The commission has already decided on this candidate."))
    reason = (reason or "").strip()
    if len(reason) > MAX_REASON:
        raise ValidationError(
            {"reason": [_("The reason is too long (at most %(n)s characters).") % {"n": MAX_REASON}]}
        )
    if decision_date > election.election_date:
        raise ValidationError({"decision_date": [_("Registration is decided before election day.")]})
    if registered and candidate.nomination == Nomination.SELF:
        needed = signature_threshold(election)
        if (candidate.signatures or 0) < needed:
            raise ValidationError(
                {
                    "registered": [
                        _(
                            "A self-nominated candidate needs at least %(needed)s signatures (%(percent)s%% of %(voters)s "
                            "voters); %(got)s were collected."
                        )
                        % {
                            "needed": needed,
                            "voters": election.voters,
                            "got": candidate.signatures or 0,
                            "percent": f"{get_rule(election.territory, 'elections.self_nomination_signature_percent'):g}",
                        }
                    ]
                }
            )
    if not registered and not reason:
        raise ValidationError({"reason": [_("Give the reason for the refusal.")]})
    candidate.status = CandidateStatus.REGISTERED if registered else CandidateStatus.REFUSED
    candidate.decision_date, candidate.decision_reason, candidate.decided_by = decision_date, reason, actor
    candidate.save(update_fields=["status", "decision_date", "decision_reason", "decided_by", "updated_at"])
    audit.record(
        actor=actor,
        action="elections.registration_decided",
        obj=candidate,
        territory=election.territory,
        changes={"status": candidate.status, "decision_date": decision_date, "reason": reason},
    )
    return candidate


@transaction.atomic
def withdraw_candidate(*, actor, candidate: Candidate, reason: str = "") -> Candidate:
    election = candidate.election
    require_perm(actor, "elections.manage", election.territory)
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    _require_open(election)
    if candidate.status == CandidateStatus.WITHDRAWN:
        raise ValidationError(_("This candidate has already withdrawn."))
    if candidate.station_votes.exists():
        raise ValidationError(
            _("Votes are already recorded for this candidate: the candidate cannot withdraw.")
        )
    before = candidate.status
    candidate.status, candidate.decision_reason = (
        CandidateStatus.WITHDRAWN,
        (reason or "").strip()[:MAX_REASON],
    )
    candidate.save(update_fields=["status", "decision_reason", "updated_at"])
    audit.record(
        actor=actor,
        action="elections.candidate_withdrawn",
        obj=candidate,
        territory=election.territory,
        changes={"status": [before, candidate.status]},
    )
    return candidate
