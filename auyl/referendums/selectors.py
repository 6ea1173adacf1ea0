"""Reads of referendums and recall initiatives: staff lists scoped by grant, public pages, counts.

Ballots are only ever counted as a whole; no selector reads a ballot next to a person.
"""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from auyl.core.permissions import has_perm, scoped
from auyl.territory.selectors import search_residents

from .models import Referendum, Signature, Status, Turnout

PUBLIC_STATUSES = [Status.COLLECTING, Status.REGISTERED, Status.SCHEDULED, Status.DECIDED, Status.FAILED]


def _annotated(qs: QuerySet[Referendum]) -> QuerySet[Referendum]:
    return qs.select_related("territory", "initiating_meeting").annotate(
        signature_total=Count("signatures", distinct=True), turnout_total=Count("turnout", distinct=True)
    )


def visible_to(user, *, status: str | None = None) -> QuerySet[Referendum]:
    """Questions within the user's grants for ``referendums.view``, newest first."""
    qs = _annotated(scoped(Referendum.objects.all(), user, "referendums.view", "territory_path"))
    return qs.filter(status=status) if status in Status.values else qs


def referendum_for(user, pk, action: str = "referendums.view") -> Referendum:
    try:
        return _annotated(scoped(Referendum.objects.all(), user, action, "territory_path")).get(pk=pk)
    except (Referendum.DoesNotExist, ValueError, TypeError):
        raise Http404("referendum not found") from None


def public_list(territory) -> QuerySet[Referendum]:
    """Questions of ``territory`` and the units below it that residents may see (all but cancelled)."""
    return _annotated(
        Referendum.objects.filter(territory_path__startswith=territory.path, status__in=PUBLIC_STATUSES)
    ).order_by("-created_at")


def public_referendum(pk) -> Referendum:
    try:
        return _annotated(Referendum.objects.filter(status__in=PUBLIC_STATUSES)).get(pk=pk)
    except (Referendum.DoesNotExist, ValueError, TypeError):
        raise Http404("referendum not found") from None


def public_for(territory) -> list[dict]:
    """What the rural district's public site shows from this app: title, date, url, status label."""
    rows = []
    for referendum in public_list(territory)[:20]:
        rows.append(
            {
                "title": referendum.question,
                "date": referendum.voting_from or referendum.created_at.date(),
                "url": reverse("referendums:public", args=[referendum.pk]),
                "status": status_label(referendum),
            }
        )
    return rows


def status_label(referendum: Referendum) -> str:
    if referendum.status == Status.DECIDED:
        if not referendum.turnout_reached:
            return _("Invalid: turnout too low")
        return _("Adopted") if referendum.adopted else _("Not adopted")
    return str(referendum.get_status_display())


def signatures_of(user, referendum: Referendum) -> QuerySet[Signature]:
    """Who signed (staff with ``referendums.rolls`` only)."""
    if not has_perm(user, "referendums.rolls", referendum.territory):
        return Signature.objects.none()
    return Signature.objects.filter(referendum=referendum).select_related("resident", "recorded_by")


def turnout_of(user, referendum: Referendum) -> QuerySet[Turnout]:
    """Who voted, when and how — never for what (staff with ``referendums.rolls`` only)."""
    if not has_perm(user, "referendums.rolls", referendum.territory):
        return Turnout.objects.none()
    return Turnout.objects.filter(referendum=referendum).select_related("resident", "recorded_by")


def own_participation(referendum: Referendum, resident_id: int | None) -> dict:
    """Whether the signed-in resident has signed and voted (never what they answered)."""
    if resident_id is None:
        return {"signed": False, "voted": False}
    return {
        "signed": Signature.objects.filter(referendum=referendum, resident_id=resident_id).exists(),
        "voted": Turnout.objects.filter(referendum=referendum, resident_id=resident_id).exists(),
    }


def find_residents(user, referendum: Referendum, query: str, limit: int = 20):
    """Registry search for staff entering paper signatures or ballots, limited to the territory."""
    if not query or len(query) > 100:
        return []
    found = search_residents(user, query, limit=200)
    return [r for r in found if r.territory_path.startswith(referendum.territory_path)][:limit]


def resident_for_entry(user, referendum: Referendum, pk):
    from auyl.territory.selectors import resident_for

    try:
        return resident_for(user, int(pk))
    except (Http404, ValueError, TypeError):
        return None


def followup_of(referendum: Referendum):
    """The meeting engine's follow-up of a binding adopted result (public, like a meeting's), or None."""
    from auyl.assemblies.selectors import decision_of

    if referendum.status != Status.DECIDED or not referendum.adopted:
        return None
    return decision_of(referendum)
