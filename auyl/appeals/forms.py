"""Page forms for appeals: shape only; the rules live in services.

Two small reads live here until the lead moves them into ``selectors``: the places a user may register
appeals for (:func:`registration_places`) and the people an appeal may be assigned to
(:func:`executors_for`).
"""

from __future__ import annotations

import uuid

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from auyl.accounts.models import RoleGrant, User
from auyl.core.permissions import scoped
from auyl.core.roles import Role
from auyl.territory.identifiers import normalize_phone
from auyl.territory.models import Level, Territory

from .models import ApplicantKind, Channel, Outcome, Status, Topic

MAX_COSIGNERS = 500
EXECUTOR_ROLES = (Role.EXECUTOR, Role.AKIM)


# --- reads used by the forms (candidates for selectors.py) ---------------------------------------


def registration_places(user) -> QuerySet[Territory]:
    """Rural districts, towns and settlements in which ``user`` may register appeals."""
    levels = [Level.RURAL_DISTRICT, Level.TOWN, Level.SETTLEMENT]
    qs = Territory.objects.filter(level__in=levels, is_active=True)
    return scoped(qs, user, "appeal.register", path_field="path").order_by("path")


def executors_for(territory: Territory) -> QuerySet[User]:
    """Active users holding an executor or akim role on ``territory`` or a unit above it (the same
    rule as ``auyl.accounts.selectors.officials``, as a queryset for a choice field)."""
    grants = RoleGrant.objects.filter(
        role__in=EXECUTOR_ROLES, territory__code__in=territory.ancestor_codes(include_self=True),
        revoked_at__isnull=True,
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gt=timezone.now()))
    return User.objects.filter(pk__in=grants.values("user_id"), is_active=True).order_by("full_name", "username")


def active_topics() -> QuerySet[Topic]:
    return Topic.objects.filter(is_active=True).order_by("sort", "code")


# --- fields ---------------------------------------------------------------------------------------


def new_token() -> str:
    """A one-time form token: sent back as the idempotency key, so a double-click registers once."""
    return uuid.uuid4().hex


class TopicChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name or obj.username


class PlaceField(forms.ChoiceField):
    """Rural districts with their settlements as option groups; cleans to a Territory."""

    def __init__(self, *args, places=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.set_places(places)

    def set_places(self, places) -> None:
        self.places = {str(p.pk): p for p in places}
        groups: dict[str, list] = {}
        names: dict[str, str] = {}
        for place in self.places.values():
            if place.level in (Level.RURAL_DISTRICT, Level.TOWN):
                names[place.path] = place.name
                groups.setdefault(place.path, []).insert(0, (str(place.pk), place.name))
            else:
                parent_path = place.path[: place.path.rstrip("/").rfind("/") + 1]
                groups.setdefault(parent_path, []).append((str(place.pk), place.name))
        choices: list = [("", "---------")]
        for path, options in groups.items():
            if path in names:
                choices.append((names[path], options))
            else:  # a settlement whose rural district is outside the scope: listed on its own
                choices.extend(options)
        self.choices = choices

    def clean(self, value):
        value = super().clean(value)
        return self.places.get(value) if value else None


def _text(max_length: int, **attrs) -> forms.TextInput:
    return forms.TextInput(attrs={"maxlength": max_length, **attrs})


# --- registrar's intake ---------------------------------------------------------------------------


class IntakeForm(forms.Form):
    """What the registrar types from a paper, a call or a reception visit, in tab order."""

    token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    resident = forms.IntegerField(widget=forms.HiddenInput, required=False)
    applicant_name = forms.CharField(label=_("Applicant's surname, name, patronymic"), max_length=300,
                                     required=False, widget=_text(300, autocomplete="off"))
    applicant_phone = forms.CharField(label=_("Phone"), max_length=32, required=False,
                                      widget=_text(32, type="tel", inputmode="tel", autocomplete="off"))
    applicant_address = forms.CharField(label=_("Postal address"), max_length=300, required=False,
                                        widget=_text(300, autocomplete="off"))
    applicant_email = forms.EmailField(label=_("E-mail"), required=False,
                                       widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    applicant_kind = forms.ChoiceField(label=_("Applicant"), choices=ApplicantKind.choices,
                                       initial=ApplicantKind.INDIVIDUAL)
    organization_name = forms.CharField(label=_("Organisation (for a legal entity)"), max_length=300,
                                        required=False, widget=_text(300))
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, initial=Channel.PAPER)
    received_on = forms.DateField(label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"},
                                                                                 format="%Y-%m-%d"))
    topic = TopicChoiceField(label=_("Topic"), queryset=Topic.objects.none())
    territory = PlaceField(label=_("Settlement"))
    subject = forms.CharField(label=_("Subject"), max_length=200, widget=_text(200))
    text = forms.CharField(label=_("Text of the appeal"), max_length=20_000,
                           widget=forms.Textarea(attrs={"rows": 6}))
    is_collective = forms.BooleanField(label=_("Collective appeal"), required=False)
    cosigners = forms.CharField(
        label=_("Co-signers"), required=False, max_length=30_000,
        help_text=_("One name per line."), widget=forms.Textarea(attrs={"rows": 3}),
    )
    is_public = forms.BooleanField(
        label=_("The applicant agrees to publish the appeal without personal data"), required=False)
    confirm_repeat = forms.BooleanField(
        label=_("I have checked the earlier appeals: register this one anyway"), required=False)

    def __init__(self, *args, user=None, places=None, ask_confirmation=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = active_topics()
        self.fields["territory"].set_places(places if places is not None else registration_places(user))
        self.fields["received_on"].initial = timezone.localdate
        if not ask_confirmation:  # asked only after a likely repeat was shown
            del self.fields["confirm_repeat"]

    def clean_applicant_phone(self) -> str:
        """Checked here too, so that a wrong number is reported with the other mistakes at once."""
        phone = self.cleaned_data.get("applicant_phone", "").strip()
        if phone:
            normalize_phone(phone)  # raises a translated ValidationError
        return phone

    def clean_cosigners(self) -> list[str]:
        names = [line.strip() for line in self.cleaned_data.get("cosigners", "").splitlines() if line.strip()]
        if len(names) > MAX_COSIGNERS:
            raise forms.ValidationError(_("At most %(n)s co-signers.") % {"n": MAX_COSIGNERS})
        if any(len(name) > 300 for name in names):
            raise forms.ValidationError(_("A name is too long (at most 300 characters)."))
        return names

    def clean(self):
        data = super().clean()
        if data.get("cosigners") and not data.get("is_collective"):
            self.add_error("is_collective", _("Co-signers are listed: mark the appeal as collective."))
        return data

    def appeal_data(self) -> dict:
        """Keyword arguments for ``services.register_appeal`` (without actor, resident and key)."""
        data = dict(self.cleaned_data)
        for key in ("token", "resident", "confirm_repeat", "cosigners"):
            data.pop(key, None)
        return data


class SubmitForm(forms.Form):
    """A signed-in resident's own appeal through the portal."""

    token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    topic = TopicChoiceField(label=_("Topic"), queryset=Topic.objects.none(),
                             widget=forms.Select(attrs={"autofocus": True}))
    subject = forms.CharField(label=_("Subject"), max_length=200, widget=_text(200))
    text = forms.CharField(label=_("Text of the appeal"), max_length=20_000,
                           widget=forms.Textarea(attrs={"rows": 8}))
    is_public = forms.BooleanField(
        label=_("I agree to publish my appeal without my personal data"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = active_topics()


# --- tracking by number and code (no sign-in) -----------------------------------------------------


class TrackForm(forms.Form):
    number = forms.CharField(label=_("Appeal number"), max_length=40,
                             widget=_text(40, autocomplete="off", autofocus=True, spellcheck="false"))
    code = forms.CharField(label=_("Tracking code"), max_length=20,
                           help_text=_("8 letters and digits from the receipt or the SMS."),
                           widget=_text(20, autocomplete="off", autocapitalize="characters", spellcheck="false"))

    def clean_number(self) -> str:
        return self.cleaned_data["number"].strip()

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split()).upper()


class RateForm(TrackForm):
    RATINGS = [(str(n), str(n)) for n in range(1, 6)]
    rating = forms.TypedChoiceField(label=_("Your rating of the answer (1 = bad, 5 = very good)"),
                                    choices=RATINGS, coerce=int, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("number", "code"):
            self.fields[name].widget = forms.HiddenInput()


class ReexaminationForm(TrackForm):
    reason = forms.CharField(label=_("Why the answer does not resolve the matter"), max_length=5000,
                             widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("number", "code"):
            self.fields[name].widget = forms.HiddenInput()


# --- actions on the detail page -------------------------------------------------------------------


class AppealActionForm(forms.Form):
    def __init__(self, *args, appeal=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.appeal = appeal


class AssignForm(AppealActionForm):
    executor = UserChoiceField(label=_("Executor"), queryset=User.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.appeal is not None:
            self.fields["executor"].queryset = executors_for(self.appeal.territory)
            self.fields["executor"].initial = self.appeal.executor_id


class AnswerForm(AppealActionForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[
        ("", "---------"), *[(v, lbl) for v, lbl in Outcome.choices if v != Outcome.REDIRECTED]])
    text = forms.CharField(label=_("Answer to the applicant"), max_length=20_000,
                           widget=forms.Textarea(attrs={"rows": 6}))
    promised_action = forms.CharField(label=_("What will be done (for a satisfied appeal)"), required=False,
                                      max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))
    promised_by = forms.DateField(label=_("To be done by"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.appeal is not None and not self.appeal.reexamination_count:
            self.fields["outcome"].choices = [c for c in self.fields["outcome"].choices
                                              if c[0] != Outcome.RE_EXAMINED]


class ExtendForm(AppealActionForm):
    reason = forms.CharField(label=_("Reason for the extension"), max_length=5000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class RedirectForm(AppealActionForm):
    to_body = forms.CharField(label=_("Body the appeal is redirected to"), max_length=300, widget=_text(300))
    note = forms.CharField(label=_("Note"), required=False, max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class ExecutedForm(AppealActionForm):
    note = forms.CharField(label=_("How it was carried out"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class RepeatForm(AppealActionForm):
    is_repeat = forms.TypedChoiceField(
        label=_("Is this a repeat appeal?"), coerce=lambda v: v == "yes",
        choices=[("yes", _("Yes, a repeat appeal")), ("no", _("No, a new matter"))], widget=forms.RadioSelect)


class AttachmentForm(AppealActionForm):
    uploaded_file = forms.FileField(
        label=_("File (image or PDF)"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"}))


# --- akim's dashboard filter ----------------------------------------------------------------------


class DashboardFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All")), ("overdue", _("Overdue")), *Status.choices])
    topic = TopicChoiceField(label=_("Topic"), required=False, queryset=Topic.objects.none(),
                             empty_label=_("All"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = Topic.objects.order_by("sort", "code")
