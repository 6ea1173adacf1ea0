"""Surveys: questionnaires built by the akim's office, answered online, on paper or imported from CSV.

Anonymity by design (see ``auyl/surveys/README.md``): in an anonymous survey, :class:`Participation` says
*that* a resident answered (the one-response rule is its unique constraint) and :class:`Response` /
:class:`Answer` say *what* was answered, with random UUID keys, no person, no staff user and no time,
so nothing staff can read joins the two. Identified surveys also fill ``Response.respondent``.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from auyl.core.models import TimeStampedModel


def localized_text(obj, field: str) -> str:
    """``field`` in the active language, falling back to Kazakh, Russian, English."""
    lang = (get_language() or "kk")[:2]
    return (
        getattr(obj, f"{field}_{lang}", "")
        or getattr(obj, f"{field}_kk", "")
        or getattr(obj, f"{field}_ru", "")
        or getattr(obj, f"{field}_en", "")
    )


class Audience(models.TextChoices):
    RESIDENTS = "residents", _("Residents of the territory")
    BODY = "body", _("Members of a body")
    OPEN = "open", _("Anyone, without signing in")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Phase(models.TextChoices):
    """Where a survey stands now (derived from status and dates, never stored)."""

    TEMPLATE = "template", _("Template")
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Not open yet")
    OPEN = "open", _("Open for answers")
    CLOSED = "closed", _("Closed, paper forms still being entered")
    FINAL = "final", _("Closed, results final")


class Survey(TimeStampedModel):
    territory = models.ForeignKey(
        "territory.Territory",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="surveys",
        verbose_name=_("territory"),
    )
    territory_path = models.CharField(max_length=200, blank=True, db_index=True, editable=False)
    is_template = models.BooleanField(_("template"), default=False, editable=False)
    template_key = models.SlugField(_("template"), max_length=60, blank=True, editable=False)
    template_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("Where the questionnaire comes from, e.g. 001:956-1082"),
    )
    title_kk = models.CharField(_("title (Kazakh)"), max_length=300, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    intro_kk = models.TextField(_("introduction (Kazakh)"), max_length=4000, blank=True)
    intro_ru = models.TextField(_("introduction (Russian)"), max_length=4000, blank=True)
    intro_en = models.TextField(_("introduction (English)"), max_length=4000, blank=True)
    audience = models.CharField(
        _("who may answer"), max_length=20, choices=Audience.choices, default=Audience.RESIDENTS
    )
    # Members of a body: a generic reference resolved by auyl.surveys.audiences (e.g. "council.council", 7).
    body_kind = models.CharField(_("kind of body"), max_length=60, blank=True)
    body_id = models.CharField(_("body"), max_length=64, blank=True)
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    # Paper forms may be entered until then; fixed when published (closes + the region's grace days) and
    # moved only by finalising the results, so a past quarter's figures never change afterwards.
    entry_closes_at = models.DateTimeField(
        _("paper forms accepted until"), null=True, blank=True, editable=False
    )
    is_anonymous = models.BooleanField(_("anonymous"), default=True)
    results_public = models.BooleanField(_("publish the results after closing"), default=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-opens_at", "-pk"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        constraints = [
            models.CheckConstraint(
                condition=Q(is_template=True, territory__isnull=True)
                | Q(is_template=False, territory__isnull=False),
                name="survey_template_has_no_territory",
            ),
            models.UniqueConstraint(
                fields=["template_key"], condition=Q(is_template=True), name="uniq_survey_template_key"
            ),
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(closes_at__gt=F("opens_at")),
                name="survey_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=~Q(audience="body") | (~Q(body_kind="") & ~Q(body_id="")),
                name="survey_body_audience_names_a_body",
            ),
        ]
        indexes = [models.Index(fields=["territory_path", "status", "closes_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized_text(self, "title")

    @property
    def intro(self) -> str:
        return localized_text(self, "intro")

    def phase_at(self, now) -> str:
        if self.is_template:
            return Phase.TEMPLATE
        if self.status == Status.DRAFT or self.opens_at is None or self.closes_at is None:
            return Phase.DRAFT
        if now < self.opens_at:
            return Phase.SCHEDULED
        if now < self.closes_at:
            return Phase.OPEN
        if self.entry_closes_at is not None and now < self.entry_closes_at:
            return Phase.CLOSED
        return Phase.FINAL


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    SCALE = "scale", _("Rating scale")
    NUMBER = "number", _("Numeric answer")
    TEXT = "text", _("Free text")


CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.SCALE)


class Profile(models.TextChoices):
    """What an answer says about the respondent, so paper forms feed the breakdowns too."""

    NONE = "", _("Nothing")
    AGE_BAND = "age_band", _("Age band")
    SEX = "sex", _("Sex")


class Indicator(models.TextChoices):
    """Questions other modules read (the KPI's residents' satisfaction, the attendance share...)."""

    NONE = "", _("None")
    SATISFACTION = "satisfaction", _("Satisfaction with local self-government")
    ATTENDANCE = "attendance", _("Attends meetings and gatherings")
    CAN_INFLUENCE = "can_influence", _("Citizens can influence local decisions")
    FEEDBACK_CHANNEL = "feedback_channel", _("Preferred feedback channel")
    PRIORITIES = "priorities", _("Problems to solve first")


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("number"))
    code = models.SlugField(_("code"), max_length=40, help_text=_("Column name in CSV files"))
    kind = models.CharField(_("kind"), max_length=20, choices=QuestionKind.choices)
    is_required = models.BooleanField(_("answer required"), default=False)
    text_kk = models.TextField(_("question (Kazakh)"), max_length=1000, blank=True)
    text_ru = models.TextField(_("question (Russian)"), max_length=1000, blank=True)
    text_en = models.TextField(_("question (English)"), max_length=1000, blank=True)
    number_min = models.DecimalField(
        _("smallest number"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    number_max = models.DecimalField(
        _("largest number"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    profile = models.CharField(
        _("the answer gives the respondent's"), max_length=20, choices=Profile.choices, blank=True, default=""
    )
    indicator = models.CharField(
        _("indicator"), max_length=30, choices=Indicator.choices, blank=True, default=""
    )

    class Meta:
        ordering = ["survey", "position"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["survey", "code"], name="uniq_survey_question_code"),
            models.UniqueConstraint(fields=["survey", "position"], name="uniq_survey_question_position"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.text}"

    @property
    def text(self) -> str:
        return localized_text(self, "text")

    @property
    def has_options(self) -> bool:
        return self.kind in CHOICE_KINDS


class Option(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField(_("number"))
    code = models.SlugField(_("code"), max_length=40)
    text_kk = models.CharField(_("option (Kazakh)"), max_length=500, blank=True)
    text_ru = models.CharField(_("option (Russian)"), max_length=500, blank=True)
    text_en = models.CharField(_("option (English)"), max_length=500, blank=True)
    value = models.SmallIntegerField(_("scale value"), null=True, blank=True)
    profile_value = models.CharField(
        max_length=10, blank=True, help_text="Age band or sex code this option means"
    )
    is_favourable = models.BooleanField(
        _("favourable answer"),
        default=False,
        help_text=_("Counted as favourable by indicators (e.g. satisfied)"),
    )

    class Meta:
        ordering = ["question", "position"]
        verbose_name = _("option")
        verbose_name_plural = _("options")
        constraints = [
            models.UniqueConstraint(fields=["question", "code"], name="uniq_question_option_code"),
            models.UniqueConstraint(fields=["question", "position"], name="uniq_question_option_position"),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return localized_text(self, "text")


class AgeBand(models.TextChoices):
    """The bands of the resident survey (001:958-964), plus one for minors in the registry."""

    UNDER_18 = "u18", _("under 18")
    A18_25 = "18-25", _("18–25")
    A26_35 = "26-35", _("26–35")
    A36_45 = "36-45", _("36–45")
    A46_55 = "46-55", _("46–55")
    A56_PLUS = "56+", _("over 55")


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    PAPER = "paper", _("Paper form")
    IMPORT = "import", _("Imported file")


class Participation(models.Model):
    """That ``resident`` has answered ``survey`` — never what, never when. One per resident."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="participations")
    resident = models.ForeignKey(
        "territory.Resident", on_delete=models.PROTECT, related_name="survey_participations"
    )

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(fields=["survey", "resident"], name="uniq_survey_participation")
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}: {self.resident_id}"


class ImportBatch(models.Model):
    """One CSV file imported into a survey (the same file twice is refused)."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="imports")
    file_name = models.CharField(_("file"), max_length=255)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField(_("rows"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("imported file")
        verbose_name_plural = _("imported files")
        constraints = [models.UniqueConstraint(fields=["survey", "sha256"], name="uniq_survey_import_file")]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.rows})"


class Response(models.Model):
    """One filled questionnaire. The key is random and, in an anonymous survey, nothing here names a
    person, a staff member or a moment: only the coarse groups the breakdowns need."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    channel = models.CharField(_("answered by way of"), max_length=10, choices=Channel.choices)
    respondent = models.ForeignKey(
        "territory.Resident",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="survey_responses",
        help_text="Identified surveys only",
    )
    submitted_at = models.DateTimeField(null=True, blank=True, help_text="Identified surveys only")
    import_batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="responses"
    )
    age_band = models.CharField(_("age band"), max_length=5, choices=AgeBand.choices, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=[("m", _("Male")), ("f", _("Female"))], blank=True)
    settlement = models.ForeignKey(
        "territory.Territory",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("settlement"),
    )

    class Meta:
        ordering = ["id"]
        # A whole filled questionnaire («анкета»), not an answer to one question (Answer) nor an
        # appeal's response: its own context for the translators.
        verbose_name = pgettext_lazy("survey", "response")
        verbose_name_plural = pgettext_lazy("survey", "responses")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "respondent"],
                condition=Q(respondent__isnull=False),
                name="uniq_survey_identified_response",
            ),
        ]

    def __str__(self) -> str:
        return str(self.id)


class Answer(models.Model):
    """The answer to one question; a multiple choice has one row per option ticked."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    option = models.ForeignKey(
        Option, null=True, blank=True, on_delete=models.PROTECT, related_name="answers"
    )
    number = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "option"], condition=Q(option__isnull=False), name="uniq_answer_option"
            ),
            models.UniqueConstraint(
                fields=["response", "question"], condition=Q(option__isnull=True), name="uniq_answer_value"
            ),
        ]
        indexes = [models.Index(fields=["question", "option"])]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.option_id or self.number or self.text[:40]}"


class ClientQuota(models.Model):
    """Answers a browser without sign-in sent to an open survey on a day. ``client_hash`` is a keyed
    hash of the survey and the address, so the address itself is never stored."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    client_hash = models.CharField(max_length=64)
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "client_hash", "day"], name="uniq_survey_quota")
        ]

    def __str__(self) -> str:
        return f"{self.survey_id} {self.day}: {self.count}"


class SubmissionNonce(models.Model):
    """A form already submitted (a double click on an open survey stores one response)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    nonce_hash = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "nonce_hash"], name="uniq_survey_nonce")]

    def __str__(self) -> str:
        return f"{self.survey_id}: {self.nonce_hash[:8]}"
