"""Page forms of reporting meetings: shape only; the rules live in services.

Units are chosen by KATO code among the first :data:`MAX_UNITS` of the user's scope; the form turns a
code into a unit only when the user may act on it, so a forged code is a form error, never a 500.
"""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from auyl.appeals.forms import executors_for
from auyl.appeals.models import Topic
from auyl.core.permissions import has_perm, scoped
from auyl.territory.models import Level, Territory

from . import selectors
from .models import AkimLevel, BroadcastChannel, QuestionKind
from .services import MAX_COUNT

MAX_UNITS = 500
NUMBER = {"inputmode": "numeric", "min": "0"}
REPORT_LEVELS = (Level.REGION, Level.CITY, Level.DISTRICT, Level.RURAL_DISTRICT, Level.TOWN, Level.SETTLEMENT)


class CodeChoiceField(forms.ChoiceField):
    """A unit by KATO code: the list offers the first units of the user's scope; any other code is
    accepted here and checked against the user's scope by the form (a national scope has thousands)."""

    def valid_value(self, value) -> bool:
        return bool(re.fullmatch(r"\d{9,12}", str(value)))


def _unit_label(unit: Territory) -> str:
    return f"{'· ' * unit.depth}{unit.name} ({unit.code})"


def _count_field(label, **kwargs) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=MAX_COUNT,
        initial=0,
        required=False,
        widget=forms.NumberInput(attrs=NUMBER),
        **kwargs,
    )


class MeetingFieldsMixin(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    venue = forms.CharField(label=_("Venue"), max_length=300)
    title = forms.CharField(label=_("Title (optional)"), max_length=200, required=False)
    channels = forms.MultipleChoiceField(
        label=_("Online broadcast on"),
        choices=BroadcastChannel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def starts_at(self) -> dt.datetime:
        data = self.cleaned_data
        return timezone.make_aware(dt.datetime.combine(data["date"], data["time"]))


class PlanForm(MeetingFieldsMixin):
    akim_unit = CodeChoiceField(label=_("Akim of"))
    territory = CodeChoiceField(label=_("Held in"), help_text=_("The akim's own unit or a settlement in it."))
    akim_level = forms.ChoiceField(
        label=_("Akim level"), required=False, choices=[("", _("By the kind of unit")), *AkimLevel.choices]
    )
    akim_name = forms.CharField(
        label=_("Akim's name"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to use the name published for the akim's office."),
    )
    already_held = forms.BooleanField(
        label=_("The meeting has already taken place (entered afterwards)"), required=False
    )
    field_order = [
        "akim_unit",
        "territory",
        "akim_level",
        "akim_name",
        "date",
        "time",
        "venue",
        "title",
        "channels",
        "already_held",
    ]

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        units = list(selectors.akim_units_for(user)[:MAX_UNITS])
        self.fields["akim_unit"].choices = [(u.code, _unit_label(u)) for u in units]
        self.fields["territory"].choices = [(p.code, _unit_label(p)) for p in selectors.places_under(units)]
        if len(units) == 1:
            self.fields["akim_unit"].initial = units[0].code
            self.fields["territory"].initial = units[0].code
            self.fields["akim_name"].initial = selectors.published_akim_name(units[0])

    def clean_akim_unit(self):
        unit = selectors.unit_by_code(self.user, self.cleaned_data["akim_unit"])
        if unit is None:
            raise forms.ValidationError(_("Choose the unit whose akim holds the meeting."))
        return unit

    def clean_territory(self):
        place = Territory.objects.filter(code=self.cleaned_data["territory"], is_active=True).first()
        if place is None or not has_perm(self.user, "reporting.manage", place):
            raise forms.ValidationError(_("The meeting must be held within the territory of this akim."))
        return place


class EditForm(MeetingFieldsMixin):
    pass


class HoldForm(forms.Form):
    offline_participants = _count_field(_("Participants present in person"))
    speakers = _count_field(_("Residents who spoke"))
    media_national = _count_field(_("National (republican) media reports"))
    media_local = _count_field(_("Local (regional, district) media reports"))
    media_social = _count_field(_("Social network posts"))
    officials_government = _count_field(
        _("Representatives of the Presidential Administration or the Government")
    )
    officials_parliament = _count_field(_("Representatives of Parliament"))
    officials_central = _count_field(_("Representatives of central state bodies"))
    officials_local = _count_field(_("Representatives of local executive bodies"))
    summary = forms.CharField(
        label=_("What the akim reported (optional)"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for channel, label in BroadcastChannel.choices:
            self.fields[f"{channel}_broadcasts"] = forms.IntegerField(
                label=_("%(channel)s: broadcasts") % {"channel": label},
                min_value=0,
                max_value=100,
                initial=0,
                required=False,
                widget=forms.NumberInput(attrs=NUMBER),
            )
            self.fields[f"{channel}_participants"] = _count_field(
                _("%(channel)s: participants online") % {"channel": label}
            )

    def channel_rows(self):
        return [
            (label, self[f"{c}_broadcasts"], self[f"{c}_participants"])
            for c, label in BroadcastChannel.choices
        ]

    def figures(self) -> dict:
        data = {k: (v or 0) if not isinstance(v, str) else v for k, v in self.cleaned_data.items()}
        broadcasts = {
            c: {"broadcasts": data.pop(f"{c}_broadcasts"), "participants": data.pop(f"{c}_participants")}
            for c in BroadcastChannel.values
        }
        return data | {"broadcasts": broadcasts}

    @staticmethod
    def initial_from(meeting) -> dict:
        initial = {
            name: getattr(meeting, name)
            for name in (
                "offline_participants",
                "speakers",
                "media_national",
                "media_local",
                "media_social",
                "officials_government",
                "officials_parliament",
                "officials_central",
                "officials_local",
                "summary",
            )
        }
        for b in meeting.broadcasts.all():
            initial[f"{b.channel}_broadcasts"], initial[f"{b.channel}_participants"] = (
                b.broadcasts,
                b.participants,
            )
        return initial


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Why is the meeting cancelled?"), max_length=500)


class TopicChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} · {obj.form_826}"


class ExecutorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name or obj.username


class QuestionForm(forms.Form):
    topic = TopicChoiceField(
        label=_("Topic"),
        queryset=Topic.objects.none(),
        empty_label=_("— choose a topic —"),
        help_text=_("The number after the topic is its row in the Decree No. 826 form."),
    )
    text = forms.CharField(
        label=_("Question or proposal"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=QuestionKind.choices, initial=QuestionKind.QUESTION)
    is_repeat = forms.BooleanField(label=_("Raised before (repeat)"), required=False)
    is_critical = forms.BooleanField(label=_("Critical remark"), required=False)
    critical_addressee_level = forms.ChoiceField(
        label=_("Critical remark addressed to"), required=False, choices=[("", "—"), *AkimLevel.choices]
    )
    executor = ExecutorChoiceField(
        label=_("Executor"), queryset=None, empty_label=_("— choose the executor —")
    )
    place = forms.ChoiceField(label=_("Settlement"), required=False)
    resident_query = forms.CharField(
        label=_("Resident: IIN or phone (optional)"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    author_name = forms.CharField(
        label=_("Name, if not in the registry (optional)"), max_length=300, required=False
    )
    author_phone = forms.CharField(
        label=_("Phone for the answer (optional)"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    is_public = forms.BooleanField(
        label=_("Publish on the public page (without the name)"), required=False, initial=True
    )

    # What the form passes to services.add_question as it is (the resident is looked up first).
    SERVICE_FIELDS = (
        "topic",
        "text",
        "executor",
        "kind",
        "is_repeat",
        "is_critical",
        "critical_addressee_level",
        "author_name",
        "author_phone",
        "place",
        "is_public",
    )

    def __init__(self, meeting, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = Topic.objects.filter(is_active=True).order_by("sort", "code")
        self.fields["executor"].queryset = executors_for(meeting.territory)
        places = selectors.places_in(meeting.territory)
        self.fields["place"].choices = [("", _("Where the meeting was held"))] + [
            (p.code, _unit_label(p)) for p in places if p.code != meeting.territory.code
        ]

    def clean_place(self):
        code = self.cleaned_data.get("place")
        return Territory.objects.filter(code=code).first() if code else None


class PromiseForm(forms.Form):
    text = forms.CharField(
        label=_("What the akim promised"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    due_on = forms.DateField(label=_("Due by"), widget=forms.DateInput(attrs={"type": "date"}))
    question = forms.TypedChoiceField(
        label=_("In answer to question (optional)"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, questions, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = {q.number: q for q in questions}
        self.fields["question"].choices = [("", "—")] + [
            (n, f"{n}. {q.text[:60]}") for n, q in self.questions.items()
        ]

    def clean_question(self):
        number = self.cleaned_data.get("question")
        return self.questions.get(number) if number else None


class PromiseDoneForm(forms.Form):
    done_on = forms.DateField(label=_("Done on"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(
        label=_("What was done"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReportForm(forms.Form):
    territory = CodeChoiceField(label=_("Territory"))
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    quarter = forms.TypedChoiceField(
        label=_("Period"),
        coerce=int,
        choices=[
            (1, _("Q1 (January–March)")),
            (2, _("Q1–Q2 (January–June)")),
            (3, _("Q1–Q3 (January–September)")),
            (4, _("Year")),
        ],
    )
    level = forms.ChoiceField(
        label=_("Akim level"), required=False, choices=[("", _("All akim levels")), *AkimLevel.choices]
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        today = timezone.localdate()
        units = Territory.objects.filter(level__in=REPORT_LEVELS, is_active=True)
        units = list(scoped(units, user, "reporting.report", path_field="path").order_by("path")[:MAX_UNITS])
        self.fields["territory"].choices = [(u.code, _unit_label(u)) for u in units]
        self.fields["year"].choices = [(y, str(y)) for y in range(today.year + 1, 1999, -1)]
        self.defaults = {
            "territory": units[0].code if units else "",
            "year": today.year,
            "quarter": (today.month - 1) // 3 + 1,
            "level": "",
        }

    def clean_territory(self):
        code = self.cleaned_data["territory"]
        unit = Territory.objects.filter(code=code, is_active=True, level__in=REPORT_LEVELS).first()
        if unit is None or not has_perm(self.user, "reporting.report", unit):
            raise forms.ValidationError(_("Choose a territory you may report on."))
        return unit
