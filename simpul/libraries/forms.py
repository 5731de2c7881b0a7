from django import forms
from django.utils.translation import gettext_lazy as _

from simpul.regions.forms import RegionField

from .models import COUNT_FIELDS, PUBLIC_STATUSES, Library, LibraryType, Service, Status
from .services.libraries import EDITABLE_FIELDS
from .spreadsheet import MAX_BYTES

SORT_CHOICES = [
    ("name", _("Name A-Z")),
    ("-name", _("Name Z-A")),
    ("npp", _("NPP")),
    ("-updated", _("Recently updated")),
]


class DirectoryForm(forms.Form):
    q = forms.CharField(label=_("Name or NPP"), required=False, max_length=100)
    region = RegionField(
        label=_("Region"), required=False, help_text=_("A province, regency/city, district or village.")
    )
    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *LibraryType.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *[(s, Status(s).label) for s in PUBLIC_STATUSES]],
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)


class LibraryForm(forms.ModelForm):
    region = RegionField(
        label=_("Village"),
        help_text=_("The village (desa/kelurahan) where the library is; type its code or search."),
    )
    services = forms.MultipleChoiceField(
        label=_("Services"), required=False, choices=Service.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Library
        fields = list(EDITABLE_FIELDS)
        widgets = {"opening_hours": forms.TextInput()}

    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance and self.instance.pk:
            self.initial["region"] = self.instance.region_id
        for name in COUNT_FIELDS:
            self.fields[name].required = False  # empty means none
        self.order_fields(["name"])

    def clean(self):
        data = super().clean()
        self.instance.library_type = data.get("library_type") or self.instance.library_type
        return data

    def _post_clean(self):
        # The service validates the model (with the location codes it fills); the form checks fields only.
        pass

    def changed_values(self) -> dict:
        values = {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.cleaned_data}
        return {k: (0 if k in COUNT_FIELDS and v is None else v) for k, v in values.items()}

    # Sections of the form, for the template.
    SECTIONS = [
        (_("The library"), ["name", "library_type", "subtype", "ownership", "parent_institution", "funding"]),
        (_("Where and when"), ["region", "address", "postal_code", "latitude", "longitude", "opening_hours"]),
        (_("Contact"), ["contact_name", "phone", "email", "website"]),
        (_("Services"), ["services"]),
        (
            _("Collection"),
            [
                "books_titles",
                "books_copies",
                "serials_titles",
                "serials_copies",
                "audiovisual_titles",
                "audiovisual_copies",
                "digital_titles",
                "digital_copies",
            ],
        ),  # fmt: skip
        (_("Staff"), ["librarians_lis", "librarians_other", "staff_lis", "staff_other"]),
        (_("Facilities"), ["rooms", "room_area", "seats", "computers", "internet"]),
    ]

    def sections(self):
        return [(title, [self[name] for name in names]) for title, names in self.SECTIONS]


class ApplicationFields(forms.Form):
    position = forms.CharField(label=_("Your position at the library"), max_length=150)
    evidence = forms.CharField(
        label=_("How can the office check?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("e.g. the decree that set up the library, or who at the library can confirm you."),
    )


class RegisterForm(LibraryForm):
    position = ApplicationFields.base_fields["position"]
    evidence = ApplicationFields.base_fields["evidence"]

    class Meta(LibraryForm.Meta):
        fields = LibraryForm.Meta.fields

    def sections(self):
        return [*super().sections(), (_("You and the library"), [self["position"], self["evidence"]])]


class ClaimForm(ApplicationFields):
    pass


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The applicant will read this."),
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Spreadsheet (XLSX or CSV, UTF-8)"), help_text=_("At most 50 MB."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB. Split it into several files."))
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        return upload
