"""The catalogue of budget programmes, seeded from the sources, and the names of budget lines.

The sources name what a rural district's apparatus spends on (``000:610``: preschool education and
training, social assistance to needy citizens at home, amenities of settlements, household records;
``000:582``: sanitation and greening; ``000:572``: water supply; ``002:181``, ``000:420``: roads and
streets handed to self-government; ``000:420``: the apparatus itself; lighting of public places,
``004:105``). They are :data:`SEEDED_PROGRAMMES`.

The catalogue is an administrator's (Django admin): it grows with new programmes, and a programme taken
out of use is deactivated, never deleted (plans refer to it). :func:`load_programmes` runs after every
``migrate`` of this app (``post_migrate``, like the appeals topics) and only *creates* the seeded
programmes that are missing: it never renames, re-orders or re-activates one an administrator changed.
Budget classification codes are left empty for the administrator (the sources do not give them).
"""

from __future__ import annotations

from typing import NamedTuple

from django.db.models.signals import post_migrate
from django.utils.translation import gettext as _

from .models import TAX_SOURCES, TRANSFER_SOURCES, RevenueSource, Section


class ProgrammeDef(NamedTuple):
    code: str
    kk: str
    ru: str
    en: str
    source: str


SEEDED_PROGRAMMES: tuple[ProgrammeDef, ...] = (
    ProgrammeDef(
        "apparatus",
        "Ауыл әкімі аппаратының қызметін қамтамасыз ету",
        "Обеспечение деятельности аппарата акима сельского округа",
        "Upkeep of the akim's apparatus",
        "000:420",
    ),
    ProgrammeDef(
        "preschool",
        "Мектепке дейінгі тәрбие мен оқыту",
        "Дошкольное воспитание и обучение",
        "Preschool education and training",
        "000:610",
    ),
    ProgrammeDef(
        "home-social-assistance",
        "Мұқтаж азаматтарға үйде әлеуметтік көмек көрсету",
        "Оказание социальной помощи нуждающимся гражданам на дому",
        "Social assistance to needy citizens at home",
        "000:610",
    ),
    ProgrammeDef(
        "street-lighting",
        "Елді мекендердегі көшелерді жарықтандыру",
        "Освещение улиц населённых пунктов",
        "Street lighting",
        "004:105",
    ),
    ProgrammeDef(
        "amenities",
        "Елді мекендерді абаттандыру және көгалдандыру",
        "Благоустройство и озеленение населённых пунктов",
        "Amenities and landscaping",
        "000:610, 000:582",
    ),
    ProgrammeDef(
        "sanitation",
        "Елді мекендердің санитариясын қамтамасыз ету",
        "Обеспечение санитарии населённых пунктов",
        "Sanitation of settlements",
        "000:582",
    ),
    ProgrammeDef(
        "roads",
        "Көшелер мен автомобиль жолдарын ұстау және жөндеу",
        "Содержание и ремонт улиц и автомобильных дорог",
        "Roads and streets",
        "002:181, 000:420",
    ),
    ProgrammeDef(
        "water-supply",
        "Елді мекендерді сумен жабдықтауды ұйымдастыру",
        "Организация водоснабжения населённых пунктов",
        "Water supply",
        "000:572",
    ),
    ProgrammeDef(
        "household-records",
        "Шаруашылық есебін жүргізу",
        "Ведение похозяйственного учёта",
        "Household records",
        "000:610",
    ),
)


def load_programmes(programme_model=None, using: str = "default") -> int:
    """Create the seeded programmes that are missing; return how many were created (0 on a second run)."""
    if programme_model is None:
        from .models import Programme as programme_model
    manager = programme_model._default_manager.db_manager(using)
    existing = set(manager.values_list("code", flat=True))
    created = 0
    for sort, item in enumerate(SEEDED_PROGRAMMES, start=1):
        if item.code in existing:
            continue
        manager.create(
            code=item.code,
            name_kk=item.kk,
            name_ru=item.ru,
            name_en=item.en,
            sort=sort * 10,
            source=item.source,
        )
        created += 1
    return created


def _on_post_migrate(sender, app_config=None, using="default", apps=None, **kwargs) -> None:
    try:
        model = apps.get_model("budget", "Programme") if apps is not None else None
    except LookupError:  # this app's tables are not migrated in this run
        return
    load_programmes(model, using=using)


def connect(app_config) -> None:
    post_migrate.connect(_on_post_migrate, sender=app_config, dispatch_uid="auyl.budget.load_programmes")


# --- revenue sources ---------------------------------------------------------------------------------


def revenue_kind(code: str) -> str:
    """``"tax"``, ``"transfer"`` or ``"non_tax"`` (fees, fines, contributions, property income)."""
    if code in TAX_SOURCES:
        return "tax"
    if code in TRANSFER_SOURCES:
        return "transfer"
    return "non_tax"


def is_own_revenue(code: str) -> bool:
    """Own revenue is everything the district collects itself: all but the transfers (``000:416``)."""
    return code not in TRANSFER_SOURCES


def revenue_name(code: str) -> str:
    try:
        return str(RevenueSource(code).label)
    except ValueError:
        return code


def line_name(section: str, code: str, programme=None) -> str:
    """The name of a line in the active language."""
    if section == Section.REVENUE:
        return revenue_name(code)
    if programme is not None:
        return programme.name
    return code


def kind_label(kind: str) -> str:
    return {"tax": _("Taxes"), "non_tax": _("Other own revenue"), "transfer": _("Transfers")}.get(kind, kind)
