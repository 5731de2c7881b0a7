"""Forms for accounts and a person's own profile. They parse input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from simpul.regions.forms import RegionField

from .models import Education, Person


class SignupDetailsForm(forms.Form):
    """Extra sign-up fields (settings.ACCOUNT_SIGNUP_FORM_CLASS); the account adapter uses them."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        help_text=_("Exactly as on your diploma; a single name is fine."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def signup(self, request, user):
        """Allauth's hook; the person was already created by the account adapter."""


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class PersonForm(forms.Form):
    """A person's own data. NIK is never sent back to the page: empty means keep it."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        help_text=_("Exactly as on your diploma; a single name is fine."),
    )
    title_prefix = forms.CharField(
        label=_("Titles before the name"), max_length=60, required=False, help_text=_("e.g. Dr. Ir. Hj.")
    )
    title_suffix = forms.CharField(
        label=_("Titles after the name"), max_length=80, required=False, help_text=_("e.g. S.IP., M.Hum.")
    )
    nik = forms.CharField(
        label=_("NIK"),
        max_length=24,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    remove_nik = forms.BooleanField(label=_("Remove my NIK from Simpul"), required=False)
    nip = forms.CharField(
        label=_("NIP"),
        max_length=24,
        required=False,
        help_text=_("18 digits, for civil servants."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=24,
        required=False,
        help_text=_("Mobile or WhatsApp number, e.g. 0812 3456 7890."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    region = RegionField(label=_("Region of residence"), required=False)
    birth_date = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput())
    gender = forms.ChoiceField(
        label=_("Gender"),
        required=False,
        choices=[("", "—")] + list(Person._meta.get_field("gender").choices),
    )

    def __init__(self, *args, person: Person, **kwargs):
        self.person = person
        initial = {
            name: getattr(person, name)
            for name in (
                "full_name",
                "title_prefix",
                "title_suffix",
                "nip",
                "phone",
                "region",
                "birth_date",
                "gender",
            )
        }
        super().__init__(*args, initial=initial, **kwargs)
        if person.has_nik:
            self.fields["nik"].help_text = _("Saved as %(masked)s. Leave empty to keep it.") % {
                "masked": person.nik_masked
            }
        else:
            self.fields["nik"].help_text = _("16 digits, as on your KTP. Optional; needed for certification.")
            del self.fields["remove_nik"]

    def clean(self):
        data = super().clean()
        if data.get("remove_nik") and data.get("nik"):
            self.add_error("nik", _("Either enter a new NIK or remove it, not both."))
        return data

    def service_kwargs(self) -> dict:
        """Arguments for `person_update`: `nik=None` keeps, `''` removes, digits replace."""
        data = dict(self.cleaned_data)
        remove = data.pop("remove_nik", False)
        nik = data.pop("nik", "") or ""
        data["nik"] = "" if remove else (nik or None)
        data["region"] = data.get("region") or None
        return data


class EducationForm(forms.ModelForm):
    graduation_year = forms.IntegerField(
        label=_("Year of graduation"), required=False, min_value=1940, max_value=2100
    )

    class Meta:
        model = Education
        fields = ["level", "institution", "major", "is_library_science", "graduation_year"]
