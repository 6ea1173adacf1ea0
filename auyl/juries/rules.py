"""Per-region rules of citizen juries, with their sources (see auyl.core.rules)."""

from django.utils.translation import gettext_lazy as _

from auyl.core.rules import register

register(
    "juries.age_bands",
    [18, 30, 45, 60],
    _(
        "Lower bounds of the age bands used to stratify a jury draw (the first is the minimum age of a juror)."
    ),
    _("002:144 (representative by parameters); bands default (not in sources)"),
)
register(
    "juries.answer_days",
    30,
    _("Days the authority has to answer a jury's recommendation."),
    _("default (not in sources)"),
)
