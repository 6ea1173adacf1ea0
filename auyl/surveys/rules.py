"""Per-region rules of surveys, with their sources (see auyl.core.rules)."""

from auyl.core.rules import register

register(
    "surveys.paper_entry_days",
    30,
    "Days after a survey closes during which paper forms may still be "
    "entered or imported; the results are final afterwards.",
    "default (not in sources)",
)
register(
    "surveys.min_group_size",
    5,
    "In anonymous surveys, results are shown only when at least this many "
    "people answered, and a breakdown hides groups smaller than this.",
    "default (not in sources)",
)
register(
    "surveys.open_answers_per_client_per_day",
    5,
    "Answers one browser address may send to an open survey (no sign-in) in a day.",
    "default (not in sources)",
)
register("surveys.import_max_rows", 5000, "Most rows in one imported CSV file.", "default (not in sources)")
register(
    "surveys.import_max_kb", 2048, "Largest CSV file accepted, in kilobytes.", "default (not in sources)"
)
register("surveys.text_max_chars", 2000, "Longest free-text answer.", "default (not in sources)")
