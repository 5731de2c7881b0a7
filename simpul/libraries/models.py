"""The national library register: a Library is an Organisation (kind "library") with register data.

Why name and region codes are copied onto Library: the directory filters and sorts 165,000 rows by
region (at any level), type, status and name. With the codes of each level in their own columns,
every filter is an equality on an index that is already in name order. The library services keep
the copies equal to the Organisation's (they write both in one transaction).
"""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from simpul.core.models import TimeStampedModel


class LibraryType(models.TextChoices):
    PUBLIC = "public", _("public library")
    SCHOOL = "school", _("school library")
    UNIVERSITY = "university", _("university library")
    SPECIAL = "special", _("special library")
    COMMUNITY = "community", _("community reading place (TBM)")


class Subtype(models.TextChoices):
    NATIONAL = "national", _("national")
    PROVINCIAL = "provincial", _("provincial")
    REGENCY = "regency", _("regency/city")
    DISTRICT = "district", _("district")
    VILLAGE = "village", _("village/kelurahan")
    SD = "sd", _("SD/MI")
    SMP = "smp", _("SMP/MTs")
    SMA = "sma", _("SMA/SMK/MA")
    GOVERNMENT = "government", _("government agency")
    COMPANY = "company", _("company")
    WORSHIP = "worship", _("place of worship")
    OTHER = "other", _("other")


SUBTYPES_OF: dict[str, tuple[str, ...]] = {
    LibraryType.PUBLIC: (
        Subtype.NATIONAL,
        Subtype.PROVINCIAL,
        Subtype.REGENCY,
        Subtype.DISTRICT,
        Subtype.VILLAGE,
    ),
    LibraryType.SCHOOL: (Subtype.SD, Subtype.SMP, Subtype.SMA),
    LibraryType.UNIVERSITY: (),
    LibraryType.SPECIAL: (Subtype.GOVERNMENT, Subtype.COMPANY, Subtype.WORSHIP, Subtype.OTHER),
    LibraryType.COMMUNITY: (),
}


class Status(models.TextChoices):
    PENDING = "pending", _("awaiting verification")
    REGISTERED = "registered", _("registered (has an NPP)")
    LISTED = "listed", _("listed, not yet registered")
    CLOSED = "closed", _("closed")
    REJECTED = "rejected", _("registration rejected")


# What the public directory shows; pending and rejected registrations stay with their applicant.
PUBLIC_STATUSES = (Status.REGISTERED, Status.LISTED, Status.CLOSED)


class Ownership(models.TextChoices):
    STATE = "state", pgettext_lazy("ownership", "state")
    PRIVATE = "private", _("private")


class Funding(models.TextChoices):
    NATIONAL_BUDGET = "apbn", _("national budget (APBN)")
    REGIONAL_BUDGET = "apbd", _("regional budget (APBD)")
    VILLAGE_BUDGET = "apbdes", _("village budget (APBDes)")
    INSTITUTION = "institution", _("parent institution")
    FOUNDATION = "foundation", _("foundation")
    COMMUNITY = "community", _("community and donations")
    OTHER = "other", _("other")


class Service(models.TextChoices):
    CIRCULATION = "circulation", _("lending")
    READING_ROOM = "reading_room", _("reading room")
    REFERENCE = "reference", _("reference")
    CHILDREN = "children", _("children's corner")
    INTERNET = "internet", _("internet access")
    DIGITAL = "digital", _("digital library")
    MOBILE = "mobile", _("mobile library")
    LITERACY = "literacy", _("literacy activities")


# Register data a manager updates every year; the history records changes to these fields.
COUNT_FIELDS = (
    "books_titles", "books_copies", "serials_titles", "serials_copies",
    "audiovisual_titles", "audiovisual_copies", "digital_titles", "digital_copies",
    "librarians_lis", "librarians_other", "staff_lis", "staff_other",
    "rooms", "room_area", "seats", "computers",
)  # fmt: skip


class LibraryQuerySet(models.QuerySet):
    def public(self):
        return self.filter(status__in=PUBLIC_STATUSES)


def _count(label):
    return models.PositiveIntegerField(label, default=0)


class Library(TimeStampedModel):
    organisation = models.OneToOneField(
        "organisations.Organisation",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="library",
        verbose_name=_("organisation"),
    )
    npp = models.CharField(_("NPP"), max_length=15, unique=True, null=True, blank=True)
    name = models.CharField(_("name"), max_length=200)  # copy of organisation.name
    search_name = models.CharField(max_length=200, editable=False, default="")  # lower-case name
    library_type = models.CharField(_("type"), max_length=12, choices=LibraryType.choices)
    subtype = models.CharField(_("subtype"), max_length=12, choices=Subtype.choices, blank=True)
    ownership = models.CharField(
        _("state or private"), max_length=8, choices=Ownership.choices, default=Ownership.STATE
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.LISTED)
    parent_institution = models.CharField(
        _("parent institution"), max_length=200, blank=True,
        help_text=_("The school, university, agency or company the library belongs to."),
    )  # fmt: skip
    # Location: the finest region known (a village, ideally), and its ancestors' codes for filters.
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    province_code = models.CharField(max_length=2, editable=False, default="")
    regency_code = models.CharField(max_length=5, editable=False, default="")
    district_code = models.CharField(max_length=8, editable=False, default="")
    address = models.CharField(_("address"), max_length=255, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    opening_hours = models.CharField(
        _("opening hours"), max_length=255, blank=True, help_text=_("e.g. Mon-Fri 08.00-15.00")
    )
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    services = models.JSONField(_("services"), default=list, blank=True)
    books_titles = _count(_("books: titles"))
    books_copies = _count(_("books: copies"))
    serials_titles = _count(_("serials: titles"))
    serials_copies = _count(_("serials: copies"))
    audiovisual_titles = _count(_("audiovisual: titles"))
    audiovisual_copies = _count(_("audiovisual: copies"))
    digital_titles = _count(_("digital: titles"))
    digital_copies = _count(_("digital: copies"))
    librarians_lis = _count(_("librarians with library-science education"))
    librarians_other = _count(_("librarians without library-science education"))
    staff_lis = _count(_("other staff with library-science education"))
    staff_other = _count(_("other staff without library-science education"))
    rooms = _count(_("rooms"))
    room_area = _count(_("floor area (m²)"))
    seats = _count(_("seats"))
    computers = _count(_("computers"))
    internet = models.BooleanField(_("internet connection"), default=False)
    funding = models.CharField(_("funding source"), max_length=12, choices=Funding.choices, blank=True)
    # The last yearly data update (or registration); reminders go out a year after it.
    data_updated_on = models.DateField(_("data last updated"), null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True, editable=False)
    registered_on = models.DateField(_("registered"), null=True, blank=True)

    objects = LibraryQuerySet.as_manager()

    class Meta:
        verbose_name = _("library")
        verbose_name_plural = _("libraries")
        ordering = ["name", "pk"]
        indexes = [
            models.Index(fields=["name", "organisation"], name="library_name_idx"),
            models.Index(fields=["province_code", "name"], name="library_province_idx"),
            models.Index(fields=["regency_code", "name"], name="library_regency_idx"),
            # A province or regency filtered by type (the directory's commonest filter) in name order.
            models.Index(fields=["province_code", "library_type", "name"], name="library_province_type_idx"),
            models.Index(fields=["regency_code", "library_type", "name"], name="library_regency_type_idx"),
            models.Index(fields=["district_code", "name"], name="library_district_idx"),
            models.Index(fields=["region", "name"], name="library_village_idx"),
            models.Index(fields=["library_type", "name"], name="library_type_idx"),
            models.Index(fields=["status", "name"], name="library_status_idx"),
            models.Index(fields=["data_updated_on"], name="library_updated_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=~models.Q(name=""), name="library_name_required"),
            models.CheckConstraint(
                condition=~models.Q(status="registered") | models.Q(npp__isnull=False),
                name="library_registered_has_npp",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("libraries:detail", kwargs={"pk": self.pk})

    @property
    def collection_titles(self) -> int:
        return self.books_titles + self.serials_titles + self.audiovisual_titles + self.digital_titles

    @property
    def collection_copies(self) -> int:
        return self.books_copies + self.serials_copies + self.audiovisual_copies + self.digital_copies

    @property
    def staff_total(self) -> int:
        return self.librarians_lis + self.librarians_other + self.staff_lis + self.staff_other

    def service_labels(self) -> list[str]:
        labels = dict(Service.choices)
        return [str(labels.get(s, s)) for s in self.services]


class LibraryChange(models.Model):
    """One change to a library's register data: what changed, when and by whom (the yearly history)."""

    class Kind(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("edited")
        YEARLY = "yearly", _("yearly update")
        IMPORT = "import", _("imported")
        STATUS = "status", _("status changed")

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField(_("when"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    changes = models.JSONField(_("changes"), default=dict, blank=True)  # {field: [old, new]}
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("library change")
        verbose_name_plural = _("library history")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["library", "-at"], name="library_change_idx")]

    def __str__(self) -> str:
        return f"{self.library_id} {self.kind} {self.at:%Y-%m-%d}"


class Application(TimeStampedModel):
    """A signed-in person's request to register a new library or to claim one already listed."""

    class Kind(models.TextChoices):
        REGISTER = "register", _("registration")
        CLAIM = "claim", _("claim")

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        VERIFIED = "verified", _("verified")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    state = models.CharField(
        pgettext_lazy("application", "state"), max_length=10, choices=State.choices, default=State.SUBMITTED
    )
    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="applications")
    applicant = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="library_applications"
    )
    # The regency/city whose library office decides; copied so the office's queue is one index.
    regency_code = models.CharField(max_length=5, db_index=True)
    position = models.CharField(_("your position at the library"), max_length=150)
    evidence = models.TextField(
        _("how can the office check?"), blank=True,
        help_text=_("e.g. the decree that set up the library, or who at the library can confirm you."),
    )  # fmt: skip
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("library application")
        verbose_name_plural = _("library applications")
        ordering = ["-created_at", "-id"]
        constraints = [
            # One open application per person and library: a second click does not queue twice.
            models.UniqueConstraint(
                fields=["library", "applicant"],
                condition=models.Q(state__in=["submitted", "verified"]),
                name="application_one_open_per_person",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="rejected") | ~models.Q(reason=""),
                name="application_rejection_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.library.name}"

    @property
    def is_open(self) -> bool:
        return self.state in (self.State.SUBMITTED, self.State.VERIFIED)


class NppCounter(models.Model):
    """The last NPP sequence issued per prefix (location + type letter); locked while issuing."""

    prefix = models.CharField(max_length=8, primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.prefix}: {self.last}"


class LibraryStat(models.Model):
    """How many libraries of a type and status a region holds: national (''), province, regency, district.

    Kept current by the services in the same transaction as each write; `simpul libraries
    check-stats` proves it against a recount and can rebuild it.
    """

    region_code = models.CharField(max_length=8)  # '' for the whole country
    level = models.PositiveSmallIntegerField()  # 0 national, 1 province, 2 regency/city, 3 district
    library_type = models.CharField(max_length=12, choices=LibraryType.choices)
    status = models.CharField(max_length=12, choices=Status.choices)
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["region_code", "library_type", "status"], name="library_stat_unique"
            ),
            models.CheckConstraint(condition=models.Q(count__gte=0), name="library_stat_not_negative"),
        ]
        indexes = [models.Index(fields=["level", "region_code"], name="library_stat_level_idx")]

    def __str__(self) -> str:
        return f"{self.region_code or 'ID'} {self.library_type} {self.status}: {self.count}"


class Job(models.Model):
    """A large export or import run in the background; its page shows progress."""

    class Kind(models.TextChoices):
        EXPORT = "export", _("export")
        IMPORT_CHECK = "import_check", _("import: dry run")
        IMPORT_APPLY = "import_apply", _("import")

    class State(models.TextChoices):
        QUEUED = "queued", _("waiting")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=14, choices=Kind.choices)
    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    params = models.JSONField(default=dict, blank=True)  # filters, format, file name
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="libraries/jobs/", blank=True)  # the upload or the export
    report = models.JSONField(default=dict, blank=True)  # import: counts and rows
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["created_by", "-created_at"], name="library_job_user_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        return int(self.done * 100 / self.total) if self.total else 0

    @property
    def is_finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)
