"""Forms for associations: they parse and check input; the services hold the rules."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simpul.organisations.models import Organisation

from .models import ApplicationDocument, BoardPositionKind, DuesPayment, MembershipStatus

UPLOAD_HELP = _("A PDF, JPEG or PNG file, at most 5 MB.")
UPLOAD_ACCEPT = {"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}


class ChapterChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        return obj.name


class ApplyForm(forms.Form):
    chapter = ChapterChoiceField(label=_("Chapter"), queryset=Organisation.objects.none())
    member_type = forms.ModelChoiceField(label=_("Member type"), queryset=None)
    statement = forms.CharField(
        label=_("Why you want to join"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    photo = forms.FileField(
        label=_("Photo"), help_text=UPLOAD_HELP, widget=forms.ClearableFileInput(attrs=UPLOAD_ACCEPT)
    )
    document = forms.FileField(
        label=_("Supporting document"),
        required=False,
        help_text=_("e.g. a diploma or an employment letter. ") + UPLOAD_HELP,
        widget=forms.ClearableFileInput(attrs=UPLOAD_ACCEPT),
    )

    def __init__(self, *args, chapters, member_types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chapter"].queryset = chapters
        self.fields["member_type"].queryset = member_types

    def documents(self) -> list[tuple[str, object]]:
        docs = [(ApplicationDocument.Kind.PHOTO, self.cleaned_data["photo"])]
        if self.cleaned_data.get("document"):
            docs.append((ApplicationDocument.Kind.OTHER, self.cleaned_data["document"]))
        return docs


class MemberFilter:
    """The member list's filters, checked by hand rather than through a Django form (the officers'
    busiest page: building and cleaning a form cost more than its query), with a form's rules:
    `q` (name or member number) and `chapter_q` (part of a chapter's name) are text, stripped, at most
    100 characters, without NUL; `chapter` is a chapter's id (from a link or the hidden field; the
    view checks that the officer looks after it); `status` is empty or a membership status. One
    invalid value drops every filter, as an invalid form did. The chapter is found by typing part of
    its name, not picked from a list: an association has hundreds of chapters."""

    labels = {
        "q": _("Name or member number"),
        "chapter_q": _("Chapter"),
        "chapter_help": _("Type part of a chapter's name, e.g. Semarang."),
        "status": _("Status"),
    }
    MAX_LENGTH = 100
    _INVALID = object()

    @classmethod
    def _text(cls, value):
        value = (value or "").strip()
        return cls._INVALID if len(value) > cls.MAX_LENGTH or "\x00" in value else value

    @classmethod
    def _chapter_id(cls, value):
        if value in ("", None):
            return None
        try:
            pk = int(value)  # as the ORM reads an id (so " 6" is 6, "6.0" is no id)
        except (TypeError, ValueError):
            return cls._INVALID
        return pk if -(2**63) <= pk < 2**63 else cls._INVALID

    @classmethod
    def clean(cls, params) -> dict | None:
        """{"q", "chapter_q", "chapter" (an id or None), "status"} from a query string; None when it is
        empty (nothing to filter) or a value is invalid."""
        if not params:
            return None
        status = params.get("status") or ""
        cleaned = {
            "q": cls._text(params.get("q")),
            "chapter_q": cls._text(params.get("chapter_q")),
            "chapter": cls._chapter_id(params.get("chapter")),
            "status": status if status in _STATUSES else cls._INVALID,
        }
        return None if cls._INVALID in cleaned.values() else cleaned


_STATUSES = frozenset(["", *MembershipStatus.values])


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[(s, label) for s, label in MembershipStatus.choices if s not in ("pending", "rejected")],
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)


class TransferForm(forms.Form):
    to_chapter = ChapterChoiceField(label=_("To chapter"), queryset=Organisation.objects.none())
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, *args, chapters, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_chapter"].queryset = chapters


class DuesForm(forms.Form):
    kind = forms.ChoiceField(label=_("For"), choices=DuesPayment.Kind.choices, initial=DuesPayment.Kind.DUES)
    year = forms.IntegerField(label=_("Year"), min_value=1950, max_value=2200)
    amount = forms.DecimalField(label=_("Amount (Rp)"), min_value=0, max_digits=12, decimal_places=0)
    paid_on = forms.DateField(label=_("Paid on"), widget=forms.DateInput(attrs={"type": "date"}))
    proof = forms.FileField(
        label=_("Proof of payment"),
        required=False,
        help_text=UPLOAD_HELP,
        widget=forms.ClearableFileInput(attrs=UPLOAD_ACCEPT),
    )

    def __init__(self, *args, require_proof: bool = False, **kwargs):
        kwargs.setdefault("initial", {"year": timezone.localdate().year, "paid_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["proof"].required = require_proof

    def clean_paid_on(self):
        paid_on = self.cleaned_data["paid_on"]
        if paid_on > timezone.localdate() + datetime.timedelta(days=1):
            raise forms.ValidationError(_("The payment date is in the future."))
        return paid_on


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"), help_text=_("XLSX, XLS, ODS or CSV; the first row names the columns.")
    )
    default_chapter = ChapterChoiceField(
        label=_("Chapter for rows without one"), required=False, queryset=Organisation.objects.none()
    )
    dry_run = forms.BooleanField(
        label=_("Dry run: only report what would happen"), required=False, initial=True
    )

    def __init__(self, *args, chapters, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["default_chapter"].queryset = chapters


class AnnouncementForm(forms.Form):
    organisation = ChapterChoiceField(label=_("To the members of"), queryset=Organisation.objects.none())
    include_sub_chapters = forms.BooleanField(
        label=_("Also the chapters under it"), required=False, initial=True
    )
    subject = forms.CharField(label=_("Subject"), max_length=150)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args, chapters, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = chapters


class BoardTermForm(forms.Form):
    starts_on = forms.DateField(label=_("Term starts"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Term ends"), widget=forms.DateInput(attrs={"type": "date"}))
    inaugurated_on = forms.DateField(
        label=_("Inaugurated on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    decree = forms.CharField(label=_("Decree (SK)"), required=False, max_length=200)


class PersonByNameForm(forms.Form):
    """Someone already in Simpul (by their account's e-mail) or a new person by name."""

    email = forms.EmailField(label=_("E-mail of their Simpul account"), required=False)
    full_name = forms.CharField(
        label=_("Full name (if they have no account)"), required=False, max_length=150
    )
    title_prefix = forms.CharField(label=_("Titles before the name"), required=False, max_length=60)
    title_suffix = forms.CharField(label=_("Titles after the name"), required=False, max_length=80)

    def clean(self):
        data = super().clean()
        if not data.get("email") and not data.get("full_name"):
            raise forms.ValidationError(_("Give the e-mail of their account or their full name."))
        return data


class BoardPositionForm(PersonByNameForm):
    position = forms.ChoiceField(label=_("Position"), choices=BoardPositionKind.choices)
    division = forms.CharField(label=_("Division"), required=False, max_length=120)


class HonoraryForm(PersonByNameForm):
    chapter = ChapterChoiceField(label=_("Chapter"), queryset=Organisation.objects.none())
    member_type = forms.ModelChoiceField(label=_("Member type"), queryset=None)
    decision = forms.CharField(
        label=_("Decision"), max_length=200, help_text=_("e.g. the SK number and date")
    )

    def __init__(self, *args, chapters, member_types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chapter"].queryset = chapters
        self.fields["member_type"].queryset = member_types
