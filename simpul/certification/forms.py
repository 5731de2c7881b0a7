"""Forms of simpul.certification: they parse input; rules live in the services and models."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from simpul.regions.models import Region

from .models import (
    EDUCATION_RANK,
    Answer,
    AppealDecision,
    Assessor,
    DocumentKind,
    Method,
    Purpose,
    Scheme,
    SchemeKind,
    Standard,
    Tuk,
    Unit,
)

EDUCATION_CHOICES = [("", "—")] + [(k, k) for k in EDUCATION_RANK]


class Apl01Form(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose of the assessment"), choices=Purpose.choices)
    purpose_other = forms.CharField(label=_("Other purpose"), required=False, max_length=200)
    name_on_diploma = forms.CharField(
        label=_("Name as on the diploma"),
        max_length=200,
        help_text=_("Printed on the certificate in capitals."),
    )
    birth_date = forms.DateField(
        label=_("Date of birth"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    education_level = forms.ChoiceField(label=_("Highest education"), choices=EDUCATION_CHOICES)
    education_major = forms.CharField(label=_("Field of study"), required=False, max_length=150)
    education_institution = forms.CharField(label=_("Institution"), required=False, max_length=150)
    library_science = forms.BooleanField(label=_("My degree is in library science"), required=False)
    has_training_certificate = forms.BooleanField(
        label=_("I hold a competency-based library training certificate"), required=False
    )
    job_title = forms.CharField(label=_("Current position"), required=False, max_length=150)
    job_organisation = forms.CharField(label=_("Institution where I work"), required=False, max_length=200)
    library_type = forms.ChoiceField(
        label=_("Type of library"),
        required=False,
        choices=[
            ("", "—"),
            ("public", _("public library")),
            ("school", _("school library")),
            ("university", _("university library")),
            ("special", _("special library")),
            ("community", _("community reading place (TBM)")),
        ],
    )
    years_in_cluster = forms.IntegerField(
        label=_("Years of continuous work in this field"), min_value=0, max_value=60, initial=0
    )

    def clean(self):
        data = super().clean()
        if data.get("purpose") == Purpose.OTHER and not (data.get("purpose_other") or "").strip():
            self.add_error("purpose_other", _("Say what the other purpose is."))
        return data


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=DocumentKind.choices)
    file = forms.FileField(label=_("File (PDF, JPEG or PNG)"))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class AppealDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (AppealDecision.UPHELD, AppealDecision.UPHELD.label),
            (AppealDecision.REJECTED, AppealDecision.REJECTED.label),
        ],
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class UnitResultForm(forms.Form):
    methods = forms.MultipleChoiceField(
        label=_("Methods"), choices=Method.choices, widget=forms.CheckboxSelectMultiple
    )
    recommendation = forms.ChoiceField(
        label=_("Recommendation"), choices=Answer.choices, widget=forms.RadioSelect
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    feedback = forms.CharField(
        label=_("Feedback to the assessee (FR.AK.03)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CorrectionForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    recommendation = forms.ChoiceField(label=_("Corrected recommendation"), choices=Answer.choices)
    reason = forms.CharField(label=_("Reason for the correction"), max_length=300)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    tuk = forms.ModelChoiceField(label=_("TUK"), queryset=Tuk.objects.none())
    schemes = forms.ModelMultipleChoiceField(
        label=_("Schemes"), queryset=Scheme.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    starts_at = forms.DateTimeField(
        label=_("Starts"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=_("Ends"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, max_value=1000)

    def __init__(self, *args, tuks=None, schemes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tuk"].queryset = tuks if tuks is not None else Tuk.objects.none()
        self.fields["schemes"].queryset = schemes if schemes is not None else Scheme.objects.none()

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] < data["starts_at"]:
            self.add_error("ends_at", _("The session ends before it starts."))
        return data


class AssignForm(forms.Form):
    assessor = forms.ModelChoiceField(label=_("Assessor"), queryset=Assessor.objects.none())

    def __init__(self, *args, assessors=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessor"].queryset = assessors if assessors is not None else Assessor.objects.none()


class TukForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    region = forms.CharField(label=_("Region code (Kemendagri)"), max_length=13, help_text=_("e.g. 33.11"))
    address = forms.CharField(label=_("Address"), required=False, max_length=255)

    def clean_region(self):
        code = self.cleaned_data["region"].strip()
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise forms.ValidationError(_("No region has the code %(code)s."), params={"code": code})
        return region


class UnitForm(forms.Form):
    standard = forms.ModelChoiceField(label=_("Standard"), queryset=Standard.objects.all())
    code = forms.CharField(label=_("Unit code"), max_length=40, help_text=_("e.g. R.91PRP02.021.1"))
    title = forms.CharField(label=_("Title"), max_length=250)
    elements = forms.CharField(
        label=_("Elements and criteria"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One element per line; after a colon, its performance criteria separated by ';'."),
    )

    def clean_elements(self):
        out = []
        for line in self.cleaned_data["elements"].splitlines():
            if not line.strip():
                continue
            title, _sep, criteria = line.partition(":")
            out.append((title.strip(), "\n".join(c.strip() for c in criteria.split(";") if c.strip())))
        if not out:
            raise forms.ValidationError(_("Give at least one element."))
        return out


class StandardForm(forms.Form):
    code = forms.CharField(label=_("Decree"), max_length=80, help_text=_("e.g. Kepmenaker 236/2019"))
    title = forms.CharField(label=_("Title"), max_length=250)
    version = forms.IntegerField(label=_("Year of version"), min_value=1990, max_value=2100)


class SchemeForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=40)
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=SchemeKind.choices)
    occupation = forms.CharField(label=_("Occupation"), required=False, max_length=150)
    kkni_level = forms.IntegerField(label=_("KKNI level"), required=False, min_value=1, max_value=9)
    validity_years = forms.IntegerField(label=_("Validity (years)"), min_value=1, max_value=10, initial=3)
    units = forms.CharField(
        label=_("Unit codes, in order"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One code per line; units may be shared with other schemes."),
    )

    def clean_units(self):
        codes = [c.strip() for c in self.cleaned_data["units"].split() if c.strip()]
        found = {u.code: u for u in Unit.objects.filter(code__in=codes)}
        unknown = [c for c in codes if c not in found]
        if unknown:
            raise forms.ValidationError(
                _("Unknown unit codes: %(codes)s."), params={"codes": ", ".join(unknown)}
            )
        if not codes:
            raise forms.ValidationError(_("Give at least one unit code."))
        return [found[c] for c in codes]


class SchemeEditForm(SchemeForm):
    """The scheme's details and units as on the create form, plus the documents an applicant uploads."""

    DOCUMENT_CHOICES = [("", _("not asked")), ("optional", _("if any")), ("mandatory", _("mandatory"))]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in DocumentKind.choices:
            self.fields[f"doc_{kind}"] = forms.ChoiceField(
                label=capfirst(label), choices=self.DOCUMENT_CHOICES, required=False
            )

    @staticmethod
    def initial_for(scheme: Scheme) -> dict:
        initial = {
            name: getattr(scheme, name) for name in ("code", "title", "kind", "occupation", "kkni_level")
        }
        initial["validity_years"] = scheme.validity_years
        initial["units"] = "\n".join(u.code for u in scheme.ordered_units())
        for required in scheme.required_documents.all():
            initial[f"doc_{required.kind}"] = "mandatory" if required.mandatory else "optional"
        return initial

    def clean(self):
        data = super().clean()
        asked = {kind: data.pop(f"doc_{kind}", "") for kind in DocumentKind.values}
        data["documents"] = [(kind, value == "mandatory") for kind, value in asked.items() if value]
        return data


def elements_as_text(unit: Unit) -> str:
    """A unit's elements written as UnitForm reads them: "title: criterion; criterion", one per line."""
    lines = []
    for element in unit.elements.order_by("order", "id"):
        criteria = "; ".join(element.criteria_list)
        lines.append(f"{element.title}: {criteria}" if criteria else element.title)
    return "\n".join(lines)


class AssessorEditForm(forms.Form):
    met_number = forms.CharField(label=_("MET number"), max_length=40)
    schemes = forms.ModelMultipleChoiceField(
        label=_("Schemes assessed"), queryset=Scheme.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    max_load = forms.IntegerField(
        label=_("Most assessees per session"), min_value=1, max_value=100, initial=10
    )

    def __init__(self, *args, schemes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["schemes"].queryset = schemes if schemes is not None else Scheme.objects.none()


class AssessorForm(AssessorEditForm):
    email = forms.EmailField(label=_("E-mail of the assessor's Simpul account"))

    field_order = ["email", "met_number", "schemes", "max_load"]


class RuleForm(forms.Form):
    description = forms.CharField(label=_("Description"), max_length=250)
    min_education = forms.ChoiceField(label=_("Lowest education"), choices=[(k, k) for k in EDUCATION_RANK])
    library_science_required = forms.BooleanField(
        label=_("Library science education required"), required=False
    )
    training_certificate_required = forms.BooleanField(
        label=_("Training certificate required"), required=False
    )
    min_years_in_cluster = forms.IntegerField(
        label=_("Years of continuous work in the cluster"), min_value=0, max_value=40, initial=0
    )
