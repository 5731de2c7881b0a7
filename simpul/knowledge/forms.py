from django import forms
from django.utils.translation import gettext_lazy as _

from simpul.events.models import Event
from simpul.organisations.models import Kind, Organisation
from simpul.regions.forms import RegionField

from .models import DC, Access, Collection, Item, ItemType, Licence
from .selectors import SORTS

# The Dublin Core elements a depositor writes, one value per line (title, type, date, language,
# rights and format come from the item's own fields and files).
WRITTEN_ELEMENTS = (
    (DC.CREATOR, _("Creators"), _("One per line, e.g. 'Rahayu, Sri' or a community's name.")),
    (DC.SUBJECT, _("Subjects"), _("One keyword per line.")),
    (DC.CONTRIBUTOR, _("Contributors"), _("Editors, narrators, translators: one per line.")),
    (DC.PUBLISHER, _("Publishers"), _("Leave empty to name the collection's organisation.")),
    (DC.DESCRIPTION, _("Further descriptions"), _("Table of contents or notes: one per line.")),
    (DC.IDENTIFIER, _("Other identifiers"), _("ISBN, DOI, handle: one per line.")),
    (DC.SOURCE, _("Sources"), _("Where the item comes from: one per line.")),
    (DC.RELATION, _("Relations"), _("Related works: one per line.")),
    (DC.COVERAGE, _("Further coverage"), _("Places or periods beyond the region: one per line.")),
    (DC.TITLE, _("Other titles"), _("Translated or alternative titles: one per line.")),
    (DC.LANGUAGE, _("Other languages"), _("ISO 639 codes: one per line.")),
    (DC.DATE, _("Other dates"), _("e.g. when it was recorded: one per line.")),
    (DC.TYPE, _("Other types"), _("One per line.")),
    (DC.FORMAT, _("Other formats"), _("e.g. physical extent: one per line.")),
    (DC.RIGHTS, _("Further rights statements"), _("One per line.")),
)
ORGANISATION_KINDS = (
    Kind.ASSOCIATION,
    Kind.COMMUNITY,
    Kind.NATIONAL_LIBRARY,
    Kind.GOVERNMENT,
    Kind.UNIVERSITY,
)
MAX_LINES = 50


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()][:MAX_LINES]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Words"), required=False, max_length=200)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=list(zip(SORTS, [_("Relevance"), _("Newest"), _("Oldest"), _("Title")], strict=True)),
    )


class ItemForm(forms.ModelForm):
    region = RegionField(
        label=_("Region covered"), required=False, help_text=_("Kemendagri code, e.g. 31.71.")
    )
    collection = forms.ModelChoiceField(label=_("Collection"), queryset=Collection.objects.none())
    organisation = forms.ModelChoiceField(
        label=_("Related organisation"),
        required=False,
        queryset=Organisation.objects.none(),
        help_text=_("For items open to members: whose members may see it."),
    )
    community = forms.ModelChoiceField(
        label=_("Community"),
        required=False,
        queryset=Organisation.objects.none(),
        help_text=_("The community the knowledge belongs to."),
    )
    event_slug = forms.SlugField(
        label=_("Related event (address name)"), required=False, help_text=_("e.g. seminar-fppti-2017")
    )
    holders = forms.CharField(
        label=_("Knowledge holders"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: name, then a comma and their role, e.g. 'Bang Jali, pencerita'."),
    )
    consent_date = forms.DateField(
        label=_("Consent given on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = Item
        fields = [
            "collection",
            "item_type",
            "title",
            "abstract",
            "date_issued",
            "language",
            "licence",
            "region",
            "organisation",
            "event_slug",
            "access",
            "community",
            "holders",
            "consent_given_by",
            "consent_date",
            "consent_terms",
        ]
        widgets = {
            "abstract": forms.Textarea(attrs={"rows": 5}),
            "consent_terms": forms.Textarea(attrs={"rows": 3}),
        }

    SECTIONS = [
        (
            _("The item"),
            ["collection", "item_type", "title", "abstract", "date_issued", "language", "licence"],
        ),
        (_("Context"), ["region", "organisation", "event_slug"]),
        (_("Who may see it"), ["access", "community"]),
        (
            _("Local knowledge: holders and consent"),
            ["holders", "consent_given_by", "consent_date", "consent_terms"],
        ),
    ]

    def __init__(self, *args, collections=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collection"].queryset = (
            collections if collections is not None else Collection.objects.none()
        )
        orgs = Organisation.objects.filter(kind__in=ORGANISATION_KINDS, is_active=True).order_by("name")
        self.fields["organisation"].queryset = orgs
        self.fields["community"].queryset = orgs
        self.fields["item_type"].choices = ItemType.choices
        self.fields["licence"].choices = Licence.choices
        self.fields["access"].choices = Access.choices
        for element, label, help_text in WRITTEN_ELEMENTS:
            self.fields[f"dc_{element}"] = forms.CharField(
                label=label, help_text=help_text, required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
        item = self.instance
        if item.pk:
            self.initial["region"] = item.region_id
            self.initial["event_slug"] = item.event.slug if item.event_id else ""
            self.initial["holders"] = "\n".join(
                f"{h.name}, {h.role}" if h.role else h.name for h in item.holders.all()
            )
            written: dict[str, list[str]] = {}
            for e in item.elements.all():
                written.setdefault(e.element, []).append(e.value)
            for element, _label, _help in WRITTEN_ELEMENTS:
                self.initial[f"dc_{element}"] = "\n".join(written.get(element, []))

    def metadata_sections(self):
        yield from ((title, [self[name] for name in names]) for title, names in self.SECTIONS)
        yield (_("Dublin Core"), [self[f"dc_{element}"] for element, _label, _help in WRITTEN_ELEMENTS])

    def clean_event_slug(self):
        slug = self.cleaned_data.get("event_slug") or ""
        if not slug:
            return None
        event = Event.objects.filter(slug=slug).first()
        if event is None:
            raise forms.ValidationError(
                _("There is no event with the address name %(slug)s.") % {"slug": slug}
            )
        return event

    def _post_clean(self):
        # The service validates the model; the form checks the fields only.
        pass

    def item_data(self) -> dict:
        data = {
            name: self.cleaned_data.get(name)
            for name in self.Meta.fields
            if name not in ("holders", "event_slug")
        }
        data["event"] = self.cleaned_data.get("event_slug")
        data.pop("collection", None)
        for key in ("abstract", "date_issued", "consent_given_by", "consent_terms"):
            data[key] = data.get(key) or ""
        return data

    def elements(self) -> dict[str, list[str]]:
        return {
            element: _lines(self.cleaned_data.get(f"dc_{element}", ""))
            for element, _label, _help in WRITTEN_ELEMENTS
        }

    def holders_list(self) -> list[dict]:
        holders = []
        for line in _lines(self.cleaned_data.get("holders", "")):
            name, _sep, role = line.partition(",")
            holders.append({"name": name.strip(), "role": role.strip()})
        return holders


class FileForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("PDF, image, audio or video."))


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the depositor"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it withdrawn?"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )
