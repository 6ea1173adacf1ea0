"""Akim elections as recorded and published by auyl (000:434-528).

auyl is not a voting system: the election commissions run the elections; auyl records what they
decided and counted (districts, candidates, registration decisions, per-station results) and publishes
it. The winner is always computed from the recorded results (see :mod:`.results`), never typed.

Two kinds of data feed the reports in the form of 000:483-528:
* elections recorded here one by one (:class:`Election` with final results);
* a campaign's published regional figures entered as printed (:class:`Campaign`, :class:`RegionReturn`),
  e.g. the 2021 tables of 000:483-528, whose arithmetic is then checked, never corrected.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from auyl.core.models import TimeStampedModel


class Party(models.TextChoices):
    """Parties whose candidates stood in akim elections (000:459: six parties registered in 2021)."""

    AMANAT = "amanat", _("Amanat")
    AUYL = "auyl", _("Auyl")
    AK_ZHOL = "ak_zhol", _("Ak Zhol")
    NPK = "npk", _("People's Party of Kazakhstan")
    ADAL = "adal", _("Adal")
    OSDP = "osdp", _("NSDP")
    RESPUBLICA = "respublica", _("Respublica")
    BAYTAQ = "baytaq", _("Baytaq")


class Nomination(models.TextChoices):
    """Who put the candidate forward (000:444-449)."""

    PARTY = "party", _("Nominated by a party")
    SELF = "self", _("Self-nominated")
    DISTRICT_AKIM = "district_akim", _("Nominated by the district akim")


class Sex(models.TextChoices):
    MALE = "m", _("Male")
    FEMALE = "f", _("Female")


class Ethnicity(models.TextChoices):
    """As declared by the candidate, optional; only the share of Kazakhs is reported (000:510)."""

    KAZAKH = "kazakh", _("Kazakh")
    RUSSIAN = "russian", _("Russian")
    OTHER = "other", _("Other")


class ElectoralDistrict(TimeStampedModel):
    """The electoral district of an akim election: one rural district or town of district significance."""

    territory = models.OneToOneField(
        "territory.Territory",
        on_delete=models.PROTECT,
        related_name="electoral_district",
        verbose_name=_("rural district or town"),
    )
    territory_path = models.CharField(max_length=200, db_index=True, editable=False)
    commission = models.CharField(_("territorial election commission"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("electoral district")
        verbose_name_plural = _("electoral districts")

    def __str__(self) -> str:
        return str(self.territory)


class ElectionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    FINAL = "final", _("Results final")
    CANCELLED = "cancelled", _("Cancelled")


class Outcome(models.TextChoices):
    ELECTED = "elected", _("Akim elected")
    AGAINST_ALL = "against_all", _('"Against all" prevailed: no one elected')
    TIE = "tie", _("Tie: no one elected")
    NO_CANDIDATES = "no_candidates", _("No registered candidates")


class Election(TimeStampedModel):
    district = models.ForeignKey(
        ElectoralDistrict,
        on_delete=models.PROTECT,
        related_name="elections",
        verbose_name=_("electoral district"),
    )
    territory_path = models.CharField(max_length=200, db_index=True, editable=False)
    election_date = models.DateField(_("election day"))
    nomination_end = models.DateField(_("end of nomination"))
    voters = models.PositiveIntegerField(
        _("voters in the district"),
        # xgettext:no-python-format
        help_text=_("From the voters' lists; 1% of it is the signature threshold."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ElectionStatus.choices,
        default=ElectionStatus.SCHEDULED,
        db_index=True,
    )
    # Computed by results.finalize_results, never entered.
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    winner = models.ForeignKey(
        "Candidate",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("winner"),
    )
    finalized_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-election_date", "pk"]
        verbose_name = _("akim election")
        verbose_name_plural = _("akim elections")
        constraints = [
            models.UniqueConstraint(fields=["district", "election_date"], name="uniq_election_district_date"),
            models.CheckConstraint(
                condition=Q(nomination_end__lt=models.F("election_date")),
                name="election_nomination_before_vote",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.district.territory.name} {self.election_date:%d.%m.%Y}"

    @property
    def territory(self):
        return self.district.territory

    @property
    def is_final(self) -> bool:
        return self.status == ElectionStatus.FINAL


class CandidateStatus(models.TextChoices):
    NOMINATED = "nominated", _("Nominated")
    REGISTERED = "registered", _("Registered")
    REFUSED = "refused", _("Registration refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Candidate(TimeStampedModel):
    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="candidates")
    full_name = models.CharField(_("surname, name, patronymic"), max_length=300)
    birth_date = models.DateField(_("birth date"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    nomination = models.CharField(_("nomination"), max_length=20, choices=Nomination.choices)
    party = models.CharField(_("party"), max_length=20, choices=Party.choices, blank=True)
    signatures = models.PositiveIntegerField(_("valid signatures"), null=True, blank=True)
    lives_in_district = models.BooleanField(_("lives in the district"), default=True)
    is_incumbent = models.BooleanField(_("the serving akim"), default=False)
    ethnicity = models.CharField(
        _("ethnicity (as declared, optional)"), max_length=20, choices=Ethnicity.choices, blank=True
    )
    occupation = models.CharField(_("occupation"), max_length=300, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=CandidateStatus.choices,
        default=CandidateStatus.NOMINATED,
        db_index=True,
    )
    decision_date = models.DateField(_("date of the commission's decision"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["full_name", "pk"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        constraints = [
            models.UniqueConstraint(
                fields=["election", "full_name", "birth_date"], name="uniq_candidate_person"
            ),
            models.CheckConstraint(
                condition=Q(nomination="party") & ~Q(party="") | ~Q(nomination="party") & Q(party=""),
                name="candidate_party_iff_party_nomination",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def nominated_by_label(self) -> str:
        return (
            self.get_party_display() if self.nomination == Nomination.PARTY else self.get_nomination_display()
        )

    def age_on(self, day) -> int:
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class StationResult(TimeStampedModel):
    """One polling station's protocol: voters on its list, ballots issued, "against all", invalid."""

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="stations")
    number = models.PositiveIntegerField(_("polling station No."))
    name = models.CharField(_("place"), max_length=300, blank=True)
    voters = models.PositiveIntegerField(_("voters on the list"))
    ballots_issued = models.PositiveIntegerField(_("voters who took part (ballots issued)"))
    against_all = models.PositiveIntegerField(_("against all"))
    invalid = models.PositiveIntegerField(_("invalid ballots"), default=0)

    class Meta:
        ordering = ["number"]
        verbose_name = _("polling station result")
        verbose_name_plural = _("polling station results")
        constraints = [
            models.UniqueConstraint(fields=["election", "number"], name="uniq_station_number"),
            models.CheckConstraint(
                condition=Q(ballots_issued__lte=models.F("voters")), name="station_turnout_le_voters"
            ),
        ]

    def __str__(self) -> str:
        return f"№{self.number}"


class StationVotes(models.Model):
    station = models.ForeignKey(StationResult, on_delete=models.CASCADE, related_name="votes")
    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="station_votes")
    votes = models.PositiveIntegerField(_("votes"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["station", "candidate"], name="uniq_station_candidate")
        ]

    def __str__(self) -> str:
        return f"{self.station_id}: {self.candidate_id} = {self.votes}"


class Campaign(TimeStampedModel):
    """A nation-wide campaign's published figures, entered as printed (000:451-459, 000:483-528).

    ``stated_totals`` and ``stated_shares`` hold the "total" and "share %" rows as printed, keyed by
    column (``akims``, a party code, ``self``); shares are decimal strings so their precision is kept.
    """

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    title = models.CharField(_("title"), max_length=300)
    source = models.CharField(_("source"), max_length=300, blank=True)
    districts = models.PositiveIntegerField(_("electoral districts"), null=True, blank=True)
    nominated = models.PositiveIntegerField(_("candidates nominated"), null=True, blank=True)
    registered = models.PositiveIntegerField(_("candidates registered"), null=True, blank=True)
    registered_percent = models.DecimalField(
        _("registered, % (as printed)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    registered_self = models.PositiveIntegerField(_("registered self-nominated"), null=True, blank=True)
    registered_party = models.PositiveIntegerField(_("registered party nominees"), null=True, blank=True)
    registered_men = models.PositiveIntegerField(_("registered men"), null=True, blank=True)
    registered_women = models.PositiveIntegerField(_("registered women"), null=True, blank=True)
    stated_totals = models.JSONField(_("total row as printed"), default=dict, blank=True)
    stated_shares = models.JSONField(_("share row as printed"), default=dict, blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("election campaign")
        verbose_name_plural = _("election campaigns")

    def __str__(self) -> str:
        return f"{self.year} {self.title}"


class RegionReturn(TimeStampedModel):
    """One region's row of both tables of 000:483-528, as printed; an empty value is "-" (not published)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="regions")
    region_name = models.CharField(_("region"), max_length=200)
    region = models.ForeignKey(
        "territory.Territory",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("region in the territory tree"),
    )
    sort = models.PositiveSmallIntegerField(default=0)
    akims = models.PositiveIntegerField(_("akims elected"))
    by_party = models.JSONField(_("winners by party"), default=dict, blank=True)  # {party code: n}
    self_nominated = models.PositiveIntegerField(_("self-nominated winners"), default=0)
    re_elected = models.PositiveIntegerField(_("re-elected"), null=True, blank=True)
    women = models.PositiveIntegerField(_("women"), null=True, blank=True)
    average_age = models.DecimalField(_("average age"), max_digits=4, decimal_places=1, null=True, blank=True)
    kazakh_percent = models.DecimalField(
        _("Kazakhs, %"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    living_in_district = models.PositiveIntegerField(_("live in the district"), null=True, blank=True)

    class Meta:
        ordering = ["campaign", "sort", "region_name"]
        verbose_name = _("regional return")
        verbose_name_plural = _("regional returns")
        constraints = [models.UniqueConstraint(fields=["campaign", "region_name"], name="uniq_return_region")]

    def __str__(self) -> str:
        return f"{self.campaign.year} {self.region_name}"
