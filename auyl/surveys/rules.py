"""Per-region rules of surveys, with their sources (see auyl.core.rules)."""

from django.utils.translation import gettext_lazy as _

from auyl.core.rules import register

register(
    "surveys.paper_entry_days",
    30,
    _(
        "Days after a survey closes during which paper forms may still be "
        "entered or imported; the results are final afterwards."
    ),
    _("default (not in sources)"),
)
register(
    "surveys.min_group_size",
    5,
    _(
        "In anonymous surveys, results are shown only when at least this many "
        "people answered, and a breakdown hides groups smaller than this."
    ),
    _("default (not in sources)"),
)
register(
    "surveys.open_answers_per_client_per_day",
    5,
    _("Answers one browser address may send to an open survey (no sign-in) in a day."),
    _("default (not in sources)"),
)
register(
    "surveys.import_max_rows",
    5000,
    _("Most rows in one imported CSV file."),
    _("default (not in sources)"),
)
register(
    "surveys.import_max_kb",
    2048,
    _("Largest CSV file accepted, in kilobytes."),
    _("default (not in sources)"),
)
register(
    "surveys.text_max_chars",
    2000,
    _("Longest free-text answer."),
    _("default (not in sources)"),
)
