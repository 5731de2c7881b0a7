"""Forms of simpul.events. Validation that needs the database lives in the services."""

import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simpul.regions.forms import RegionField
from simpul.regions.models import Region, TimeZone

from .models import ApprovalMode, Event, EventKind, EventStatus, Programme, SessionRoleKind

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
PUBLIC_KINDS = [(k, label) for k, label in EventKind.choices if k != EventKind.CERTIFICATION_SESSION]


def zone_of(region: Region | None) -> str:
    if region is None:
        return TimeZone.WIB
    return region.time_zone or Region.objects.get(code=region.province_code).time_zone


def in_zone(value: datetime.datetime | None, zone: str) -> datetime.datetime | None:
    """A time typed as the venue's wall clock (the form read it in the site's zone): read it in `zone`."""
    if value is None:
        return None
    wall = timezone.make_naive(value)
    return wall.replace(tzinfo=ZoneInfo(zone))


class CalendarFilterForm(forms.Form):
    q = forms.CharField(label=_("Title"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *PUBLIC_KINDS])
    region = RegionField(label=_("Region"), required=False, max_level=2, help_text=_("A province or city."))
    organiser = forms.SlugField(label=_("Organiser"), required=False, widget=forms.HiddenInput)
    month = forms.DateField(
        label=_("Month"),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        error_messages={"invalid": _("Give the month as year-month, e.g. 2025-05.")},
    )


class EventForm(forms.ModelForm):
    """Times are typed as the venue's clock reads them (Mataram: WITA)."""

    venue_region = RegionField(
        label=_("Venue region"),
        required=False,
        max_level=2,
        help_text=_("The province or city of the venue: its time zone is used for the times."),
    )
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DATETIME_WIDGET)
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DATETIME_WIDGET)
    registration_opens_at = forms.DateTimeField(
        label=_("Registration opens"), required=False, widget=DATETIME_WIDGET
    )
    registration_closes_at = forms.DateTimeField(
        label=_("Registration closes"), required=False, widget=DATETIME_WIDGET
    )

    class Meta:
        model = Event
        fields = [
            "kind",
            "title",
            "theme",
            "description",
            "organisers",
            "venue_name",
            "venue_region",
            "online_url",
            "starts_at",
            "ends_at",
            "capacity",
            "is_free",
            "fee",
            "registration_opens_at",
            "registration_closes_at",
            "approval",
            "attendance_rule",
            "programme",
            "status",
        ]
        widgets = {
            "organisers": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, organisations=None, programmes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = PUBLIC_KINDS
        self.fields["organisers"].queryset = organisations
        self.fields["programme"].queryset = programmes if programmes is not None else Programme.objects.none()
        self.fields["programme"].help_text = _("For a batch of a training programme.")
        self.fields["status"].choices = [(s, label) for s, label in EventStatus.choices]
        self.fields["approval"].choices = ApprovalMode.choices
        if self.instance.pk:
            zone = ZoneInfo(self.instance.time_zone)
            for name in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at"):
                value = getattr(self.instance, name)
                if value:
                    self.initial[name] = value.astimezone(zone).replace(tzinfo=None)

    def clean(self):
        data = super().clean()
        zone = zone_of(data.get("venue_region"))
        for name in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at"):
            if data.get(name):
                data[name] = in_zone(data[name], zone)
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] < data["starts_at"]:
            self.add_error("ends_at", _("The event cannot end before it starts."))
        opens, closes = data.get("registration_opens_at"), data.get("registration_closes_at")
        if opens and closes and closes < opens:
            self.add_error("registration_closes_at", _("Registration cannot close before it opens."))
        if not data.get("is_free") and not data.get("fee"):
            self.add_error("fee", _("Give the fee, or tick 'free of charge'."))
        if not data.get("venue_name") and not data.get("online_url"):
            self.add_error("venue_name", _("Give a venue or an online link."))
        return data

    def _post_clean(self):
        # The model's own checks run in the service (event_create / event_update).
        pass


class CategoryForm(forms.Form):
    name = forms.CharField(label=_("Category"), max_length=120)
    quota = forms.IntegerField(label=_("Quota"), required=False, min_value=0, help_text=_("Empty: no quota."))
    fee = forms.IntegerField(label=_("Fee (rupiah)"), required=False, min_value=0, initial=0)


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=250)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DATETIME_WIDGET)
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DATETIME_WIDGET)
    room = forms.CharField(label=_("Room"), max_length=120, required=False)

    def __init__(self, *args, event: Event, **kwargs):
        self.event = event
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        for name in ("starts_at", "ends_at"):
            if data.get(name):
                data[name] = in_zone(data[name], self.event.time_zone)
        return data


class PersonNameForm(forms.Form):
    """A speaker, moderator or committee member, named with their titles (no account needed)."""

    title_prefix = forms.CharField(label=_("Titles before the name"), max_length=60, required=False)
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    title_suffix = forms.CharField(label=_("Titles after the name"), max_length=80, required=False)


class SessionPersonForm(PersonNameForm):
    session = forms.ModelChoiceField(label=_("Session"), queryset=None)
    role = forms.ChoiceField(label=_("Role"), choices=SessionRoleKind.choices)

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = event.sessions.all()


class CommitteeForm(PersonNameForm):
    role = forms.CharField(label=_("Role in the committee"), max_length=120, initial="Panitia")


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File"), help_text=_("PDF, office document or image; at most 10 MB."))


class RegisterForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Participant category"),
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Choose a participant category."),
            "invalid_choice": _("Choose one of the categories shown."),
        },
    )

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = event.categories.all()


class CheckInForm(forms.Form):
    code = forms.CharField(label=_("Ticket code"), max_length=40, required=False)
    registration = forms.IntegerField(required=False, widget=forms.HiddenInput)
    day = forms.DateField(label=_("Day"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    session = forms.ModelChoiceField(
        label=_("Session"), queryset=None, required=False, empty_label=_("The whole day")
    )

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = event.sessions.all()

    def clean(self):
        data = super().clean()
        if not data.get("code") and not data.get("registration"):
            self.add_error("code", _("Type or scan a ticket code, or search by name."))
        return data


RATING_CHOICES = [(n, str(n)) for n in range(1, 6)]


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Overall (1 poor – 5 excellent)"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    content_rating = forms.TypedChoiceField(
        label=_("Content and speakers"), choices=RATING_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    organisation_rating = forms.TypedChoiceField(
        label=_("Organisation"), choices=RATING_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    comments = forms.CharField(label=_("Comments"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason (shown on the verification page)"), max_length=300)


class ProgrammeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=250)
    organiser = forms.ModelChoiceField(label=_("Organiser"), queryset=None)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = organisations


class QuotaForm(forms.Form):
    province = RegionField(label=_("Province"), max_level=1)
    quota = forms.IntegerField(label=_("Quota"), min_value=0)


class NominationForm(PersonNameForm):
    email = forms.EmailField(
        label=_("E-mail of the participant's account"),
        required=False,
        help_text=_("If the participant has a Simpul account; otherwise give the name."),
    )
    province = RegionField(label=_("Province"), max_level=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = False

    def clean(self):
        data = super().clean()
        if not data.get("email") and not data.get("full_name"):
            self.add_error("full_name", _("Give the participant's account e-mail or name."))
        return data


class ScoreForm(forms.Form):
    pre_test = forms.DecimalField(
        label=_("Pre-test"), required=False, min_value=0, max_value=100, decimal_places=2
    )
    post_test = forms.DecimalField(
        label=_("Post-test"), required=False, min_value=0, max_value=100, decimal_places=2
    )
