"""Forms of programme monitoring. Small and plain: a report is filled on a cheap phone."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simpul.libraries.models import Library
from simpul.organisations.models import Kind, Organisation

from .models import (
    MAX_VISITS,
    Activity,
    ActivityCategory,
    ChallengeCategory,
    ItemKind,
    Level,
    ReportItem,
    RoadmapStatus,
)

MONTHS = [(m, datetime.date(2000, m, 1).strftime("%m")) for m in range(1, 13)]


class ReportStartForm(forms.Form):
    library = forms.ModelChoiceField(label=_("Library"), queryset=None, empty_label=None)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    month = forms.TypedChoiceField(label=_("Month"), choices=MONTHS, coerce=int)

    def __init__(self, *args, libraries=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["library"].queryset = libraries
        today = timezone.localdate()
        self.fields["year"].initial = today.year
        self.fields["month"].initial = today.month


class ReportFiguresForm(forms.Form):
    visits = forms.IntegerField(label=_("Visits this month"), min_value=0, max_value=MAX_VISITS)
    innovations = forms.CharField(
        label=_("Service innovations scheduled"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    problems = forms.CharField(
        label=_("Problems met"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["date", "category", "title", "partners", "male", "female", "children", "youth", "adults",
                  "elderly", "disabled", "outcomes", "photo"]  # fmt: skip
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "outcomes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, report=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.report = report
        self.fields["category"].queryset = ActivityCategory.objects.filter(active=True)
        for name in ("male", "female", "children", "youth", "adults", "elderly", "disabled"):
            self.fields[name].widget.attrs.update({"inputmode": "numeric", "min": 0})


class ItemForm(forms.ModelForm):
    class Meta:
        model = ReportItem
        fields = ["kind", "date", "title", "counterpart", "valid_until", "result", "document"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "valid_until": forms.DateInput(attrs={"type": "date"}),
            "result": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, report=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.report = report
        self.fields["kind"].choices = ItemKind.choices


class CheckForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Pass on / accept")), ("return", _("Return with comments"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("Comments"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    expected_status = forms.CharField(widget=forms.HiddenInput)


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Reason for reopening"), widget=forms.Textarea(attrs={"rows": 2}))


class UploadForm(forms.Form):
    file = forms.FileField(label=_("XLSX file from the template"))


class ExportForm(forms.Form):
    region = forms.CharField(label=_("Province or regency/city code"), required=False, max_length=5)
    format = forms.ChoiceField(label=_("Format"), choices=[("xlsx", "XLSX"), ("csv", "CSV")])


class ForumForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=250)
    organisers = forms.ModelMultipleChoiceField(label=_("Organisers"), queryset=None)
    starts_at = forms.DateTimeField(
        label=_("Starts"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=_("Ends"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    venue_name = forms.CharField(label=_("Venue"), max_length=250, required=False)
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, organisers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisers"].queryset = (
            organisers if organisers is not None else Organisation.objects.none()
        )


class ChallengeForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=ChallengeCategory.choices)
    description = forms.CharField(label=_("Challenge"), widget=forms.Textarea(attrs={"rows": 2}))
    raised_by = forms.CharField(label=_("Raised by"), max_length=200)


class StrategyForm(forms.Form):
    title = forms.CharField(label=_("Strategy"), max_length=300)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RoadmapItemForm(forms.Form):
    title = forms.CharField(label=_("Roadmap item"), max_length=300)
    owner = forms.ModelChoiceField(
        label=_("Owner organisation"),
        queryset=Organisation.objects.exclude(kind=Kind.LIBRARY).order_by("name"),
    )
    target_date = forms.DateField(label=_("Target date"), widget=forms.DateInput(attrs={"type": "date"}))
    strategy = forms.ModelChoiceField(label=_("Strategy"), queryset=None, required=False)

    def __init__(self, *args, forum=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["strategy"].queryset = forum.strategies.all() if forum else None


class ProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=RoadmapStatus.choices)
    note = forms.CharField(label=_("Progress note"), widget=forms.Textarea(attrs={"rows": 2}))


class BeneficiaryForm(forms.Form):
    library = forms.CharField(label=_("Library (NPP or number)"), max_length=20)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)

    def clean_library(self):
        key = self.cleaned_data["library"].strip()
        qs = Library.objects.only("pk", "name", "province_code", "regency_code")
        library = qs.filter(npp=key).first() or (
            qs.filter(pk=int(key)).first() if key.isdigit() and len(key) < 10 else None
        )
        if library is None:
            raise forms.ValidationError(_("No library with this NPP or number."))
        return library
