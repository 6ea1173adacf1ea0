"""Administrative-territorial units (KATO), their offices, and the residents registry."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from auyl.core.models import TimeStampedModel

PATH_SEPARATOR = "/"


class Level(models.TextChoices):
    REGION = "region", _("Region")
    DISTRICT = "district", _("District")
    CITY = "city", _("City of regional significance")
    RURAL_DISTRICT = "rural_district", _("Rural district")
    TOWN = "town", _("Town of district significance")
    SETTLEMENT = "settlement", _("Settlement")


# Units that form a local community with its own akim, public page and budget.
PRIMARY_LEVELS = (Level.RURAL_DISTRICT, Level.TOWN)


class LocalizedNameMixin(models.Model):
    name_kk = models.CharField(_("name (Kazakh)"), max_length=200, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        """The name in the active language, falling back to Kazakh, Russian, English."""
        lang = (get_language() or "kk")[:2]
        preferred = getattr(self, f"name_{lang}", "")
        return preferred or self.name_kk or self.name_ru or self.name_en


class Territory(LocalizedNameMixin, TimeStampedModel):
    """A KATO unit. ``path`` is the chain of codes from the region down, ending with the unit's own
    code and a slash, so that ``path__startswith`` selects a unit and all its descendants."""

    code = models.CharField(_("KATO code"), max_length=12, unique=True)
    kato_id = models.BigIntegerField(null=True, blank=True, help_text=_("Row id in the KATO extract"))
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, db_index=True)
    path = models.CharField(max_length=200, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    adult_population = models.PositiveIntegerField(_("adult population"), null=True, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["path"]
        verbose_name = _("territorial unit")
        verbose_name_plural = _("territorial units")
        indexes = [models.Index(fields=["level", "path"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def ancestor_codes(self, include_self: bool = False) -> list[str]:
        codes = [c for c in self.path.split(PATH_SEPARATOR) if c]
        return codes if include_self else codes[:-1]

    @property
    def is_primary(self) -> bool:
        return self.level in PRIMARY_LEVELS


class Office(TimeStampedModel):
    """The akim's apparatus of a primary unit: who leads it, where it is, when the akim receives."""

    territory = models.OneToOneField(Territory, on_delete=models.CASCADE, related_name="office")
    akim_name = models.CharField(_("akim"), max_length=200, blank=True)
    address_kk = models.CharField(_("address (Kazakh)"), max_length=300, blank=True)
    address_ru = models.CharField(_("address (Russian)"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    reception_kk = models.CharField(_("reception schedule (Kazakh)"), max_length=300, blank=True)
    reception_ru = models.CharField(_("reception schedule (Russian)"), max_length=300, blank=True)
    reception_en = models.CharField(_("reception schedule (English)"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("akim's office")
        verbose_name_plural = _("akims' offices")

    def __str__(self) -> str:
        return f"{self.territory.code} {self.akim_name}"

    def localized(self, field: str) -> str:
        lang = (get_language() or "kk")[:2]
        return getattr(self, f"{field}_{lang}", "") or getattr(self, f"{field}_kk", "") or getattr(
            self, f"{field}_ru", ""
        )


class Sex(models.TextChoices):
    MALE = "m", _("Male")
    FEMALE = "f", _("Female")


class Resident(TimeStampedModel):
    """A person in the residents registry of a settlement.

    The IIN is never stored in clear: ``iin_hash`` (keyed HMAC) finds a person by exact IIN,
    ``iin_encrypted`` keeps the value for those allowed to see it, ``iin_last4`` is what a masked
    display shows.
    """

    iin_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    iin_encrypted = models.TextField(blank=True, editable=False)
    iin_last4 = models.CharField(max_length=4, blank=True, editable=False)
    last_name = models.CharField(_("surname"), max_length=100)
    first_name = models.CharField(_("first name"), max_length=100)
    middle_name = models.CharField(_("patronymic"), max_length=100, blank=True)
    search_name = models.CharField(max_length=320, db_index=True, editable=False)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    settlement = models.ForeignKey(
        Territory, on_delete=models.PROTECT, related_name="residents", verbose_name=_("settlement")
    )
    territory_path = models.CharField(max_length=200, db_index=True, editable=False)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=16, blank=True, db_index=True)
    email = models.EmailField(_("e-mail"), blank=True)
    consent_at = models.DateTimeField(_("consent to personal-data processing"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from"
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("resident")
        verbose_name_plural = _("residents")

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)

    @property
    def iin_masked(self) -> str:
        return f"********{self.iin_last4}" if self.iin_last4 else ""

    def age_on(self, day) -> int | None:
        if not self.birth_date:
            return None
        years = day.year - self.birth_date.year
        if (day.month, day.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years


class ResidentMerge(models.Model):
    """History of a merge of duplicate registry entries: what was merged into what, by whom, with
    a snapshot of the merged record, so the decision can be read and understood later."""

    kept = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="merges_kept")
    merged = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="merges_absorbed")
    reason = models.CharField(_("reason"), max_length=500)
    snapshot = models.JSONField(default=dict)
    merged_by = models.ForeignKey("accounts.User", null=True, on_delete=models.PROTECT, related_name="+")
    merged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-merged_at"]

    def __str__(self) -> str:
        return f"{self.merged_id} -> {self.kept_id}"


# Age from which a resident counts as adult (votes at gatherings); per-region rules may refine it.
ADULT_AGE = 18
