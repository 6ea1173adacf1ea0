"""Per-region rules of akim elections (see auyl.core.rules)."""

from django.utils.translation import gettext_lazy as _

from auyl.core.rules import register

register(
    "elections.self_nomination_signature_percent",
    1.0,
    _("Signatures a self-nominated candidate needs, in percent of the district's voters (rounded up)."),
    # xgettext:no-python-format
    _("000:448 (at least 1% of the voters of the electoral district)"),
)
register(
    "elections.min_candidates_before_akim_nominates",
    2,
    _(
        "When fewer candidates than this are nominated by the end of nomination, the district akim may nominate."
    ),
    _("000:449 (fewer than two candidates)"),
)
