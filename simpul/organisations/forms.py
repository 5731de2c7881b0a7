"""Forms for the organisation directory, employment, roles and the audit viewer."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from simpul.people.models import Person
from simpul.regions.forms import RegionField

from .models import Kind, Organisation, Role
from .permissions import can_grant

_SLUG_SUFFIX = re.compile(r"\[([-\w]+)\]\s*$")


class OrganisationInput(forms.TextInput):
    """A text input; with htmx, typing fills a <datalist> of matching organisations."""

    template_name = "organisations/widgets/organisation_input.html"


class OrganisationField(forms.Field):
    """Chooses an organisation by its address name, 'Name [address-name]' (from the suggestions) or exact name."""

    widget = OrganisationInput
    default_error_messages = {
        "unknown": _("No organisation in Simpul matches “%(value)s”."),
        "ambiguous": _("Several organisations are called “%(value)s”; choose one from the suggestions."),
    }

    def __init__(self, *, queryset=None, **kwargs):
        self.queryset = queryset if queryset is not None else Organisation.objects.active()
        kwargs.setdefault("help_text", _("Type part of the name and choose from the suggestions."))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Organisation):
            return f"{value.name} [{value.slug}]"
        if isinstance(value, int):
            organisation = Organisation.objects.filter(pk=value).first()
            return self.prepare_value(organisation) if organisation else ""
        return value

    def to_python(self, value):
        if isinstance(value, Organisation):
            return value
        raw = " ".join((value or "").split())
        if not raw:
            return None
        match = _SLUG_SUFFIX.search(raw)
        slug = match.group(1) if match else raw
        found = self.queryset.filter(slug=slug).first()
        if found:
            return found
        name = _SLUG_SUFFIX.sub("", raw).strip()
        candidates = list(self.queryset.filter(name__iexact=name)[:2])
        if len(candidates) == 1:
            return candidates[0]
        code = "ambiguous" if candidates else "unknown"
        raise forms.ValidationError(self.error_messages[code], code=code, params={"value": raw})


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class EmploymentForm(forms.Form):
    organisation = OrganisationField(label=_("Organisation in Simpul"), required=False)
    organisation_name = forms.CharField(
        label=_("Or its name, if it is not in Simpul"), max_length=200, required=False
    )
    position = forms.CharField(label=_("Position"), max_length=150, help_text=_("e.g. Pustakawan Ahli Muda"))
    start_date = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end_date = forms.DateField(
        label=_("To"), required=False, widget=DateInput(), help_text=_("Leave empty if you still work here.")
    )

    def clean(self):
        data = super().clean()
        if "organisation" in data and not data.get("organisation") and not data.get("organisation_name"):
            self.add_error("organisation", _("Choose an organisation in Simpul or type its name below."))
        if data.get("organisation"):
            data["organisation_name"] = ""
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        return data


class RoleGrantForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of the person"), help_text=_("The person must have a Simpul account.")
    )
    role = forms.ChoiceField(label=_("Role"))
    organisation = OrganisationField(
        label=_("Over organisation"),
        required=False,
        help_text=_("The role covers this organisation and all under it."),
    )
    region = RegionField(
        label=_("Or over region"), required=False, help_text=_("The role covers this region and all in it.")
    )

    def __init__(self, *args, user, roles: list[str], **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        labels = dict(Role.choices)
        self.fields["role"].choices = [(r, labels[r]) for r in roles]
        self.fields["organisation"].queryset = Organisation.objects.all()

    def clean_email(self):
        email = self.cleaned_data["email"]
        person = Person.objects.filter(user__email__iexact=email).first()
        if person is None:
            raise forms.ValidationError(_("No Simpul account has this e-mail address."), code="no_account")
        self.person = person
        return email

    def clean(self):
        data = super().clean()
        role, organisation, region = data.get("role"), data.get("organisation"), data.get("region")
        if not role or self.errors:
            return data
        if role != Role.SITE_ADMIN:
            if organisation and region:
                self.add_error("region", _("Choose an organisation or a region, not both."))
                return data
            if not (organisation or region):
                self.add_error("organisation", _("Choose the organisation or region this role covers."))
                return data
        else:
            data["organisation"] = data["region"] = None
        if not can_grant(self.user, role, organisation=organisation, region=region):
            self.add_error(None, _("You may not grant this role there."))
        return data


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, widget=forms.TextInput(attrs={"type": "search"}))
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("all kinds"))] + list(Kind.choices)
    )
    region = forms.CharField(
        label=_("Region code"),
        required=False,
        max_length=13,
        help_text=_("e.g. 33 for Jawa Tengah, 33.11 for Sukoharjo"),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: (v or "").strip() for k, v in self.cleaned_data.items()}


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False)
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    actor = forms.EmailField(label=_("Who (e-mail)"), required=False)

    def __init__(self, *args, actions: list[str], object_types: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("all"))]
        self.fields["action"].choices = everything + [(a, a) for a in actions]
        self.fields["object_type"].choices = everything + [(t, t) for t in object_types]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v or "" for k, v in self.cleaned_data.items()}
