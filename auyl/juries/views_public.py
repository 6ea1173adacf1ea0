"""Public pages of citizen juries: the list of a rural district, a jury, its verification, its pool."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render

from auyl.territory import selectors as territory_selectors

from . import draw, selectors
from .verify import verify_draw


def unit_list(request, code):
    territory = territory_selectors.territory_by_code(code)
    return render(
        request,
        "juries/unit_list.html",
        {"territory": territory, "juries": selectors.public_juries(territory)[:100]},
    )


def public(request, pk):
    jury = selectors.public_jury(pk)
    return render(
        request,
        "juries/public.html",
        {
            "jury": jury,
            "territory": jury.territory,
            "figures": selectors.figures(jury),
            "strata": selectors.strata_table(jury),
            "members": selectors.members_of(jury),
            "sessions": jury.sessions.all(),
            "overdue": selectors.is_overdue(jury),
            "algorithm": draw.ALGORITHM,
        },
    )


def verify(request, pk):
    jury = selectors.public_jury(pk)
    return render(
        request,
        "juries/verify.html",
        {"jury": jury, "territory": jury.territory, "result": verify_draw(jury), "algorithm": draw.ALGORITHM},
    )


def pool_json(request, pk):
    """The frozen pool as published: pseudonymous tokens and strata, no personal data."""
    jury = selectors.public_jury(pk)
    return JsonResponse(
        {"jury": jury.pk, **selectors.published_draw(jury)}, json_dumps_params={"ensure_ascii": False}
    )
