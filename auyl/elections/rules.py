"""Per-region rules of akim elections (see auyl.core.rules)."""

from auyl.core.rules import register

register(
    "elections.self_nomination_signature_percent",
    1.0,
    "Signatures a self-nominated candidate needs, in percent of the district's voters (rounded up).",
    "000:448 (at least 1% of the voters of the electoral district)",
)
register(
    "elections.min_candidates_before_akim_nominates",
    2,
    "When fewer candidates than this are nominated by the end of nomination, the district akim may nominate.",
    "000:449 (fewer than two candidates)",
)
