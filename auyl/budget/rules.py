"""Per-territory rules of the budget (see auyl.core.rules).

``budget.potential_coefficient`` is the settlement's development potential in the "1+1" incentive
(``000:566``): the growth of tax revenue is multiplied by it. It is stored as text holding a decimal
("1", "0.8", "1.25") so that it stays exact; a malformed or negative value falls back to the default
(and is logged) so that a typo never breaks the public page.
"""

from django.utils.translation import gettext_lazy as _

from auyl.core.rules import register

register(
    "budget.potential_coefficient",
    "1",
    _(
        'Development-potential coefficient of the "1+1" incentive: the growth of actual tax revenue over '
        'the previous year is multiplied by it (a decimal written as text, e.g. "0.8").'
    ),
    _("000:566 (default 1: not in sources)"),
)
