"""Per-region rules of the functional analysis (see auyl.core.rules)."""

from django.utils.translation import gettext_lazy as _

from auyl.core.rules import register

register(
    "powers.name_similarity",
    85,
    _(
        "Name similarity (0-100, rapidfuzz token-set ratio) from which two functions of different bodies for the "
        "same territory are listed as a possible duplication."
    ),
    _("default (not in sources); 003:563-567 asks for the analysis, not a threshold"),
)
