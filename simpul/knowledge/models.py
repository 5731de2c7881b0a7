"""The knowledge repository: collections, items with Dublin Core metadata, files, consent, versions.

An item's descriptive metadata lives in two places: the columns every page, facet and index needs
(title, type, year, language, licence, region, collection) and `Element` rows for the fifteen
Dublin Core elements, each repeatable. `dublin_core()` in selectors merges both for export.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from simpul.core.models import TimeStampedModel

from .dates import parse_partial_date


class ItemType(models.TextChoices):
    LOCAL_KNOWLEDGE = "local_knowledge", _("local knowledge")
    PAPER = "paper", _("paper")
    PROCEEDINGS = "proceedings", _("proceedings")
    BOOK = "book", _("book")
    CHAPTER = "chapter", pgettext_lazy("book chapter", "chapter")
    PRESENTATION = "presentation", _("presentation")
    REPORT = "report", pgettext_lazy("document", "report")
    GOOD_PRACTICE = "good_practice", _("good practice")
    POLICY = "policy", _("policy")
    AUDIO = "audio", _("audio")
    VIDEO = "video", _("video")
    IMAGE = "image", _("image")


# The DCMI Type Vocabulary term each type is exported as (dc:type carries both).
DCMI_TYPE = {
    ItemType.AUDIO: "Sound",
    ItemType.VIDEO: "MovingImage",
    ItemType.IMAGE: "StillImage",
    ItemType.PRESENTATION: "Text",
}


class Licence(models.TextChoices):
    CC_BY = "cc-by-4.0", "CC BY 4.0"
    CC_BY_SA = "cc-by-sa-4.0", "CC BY-SA 4.0"
    CC_BY_NC = "cc-by-nc-4.0", "CC BY-NC 4.0"
    CC_BY_NC_SA = "cc-by-nc-sa-4.0", "CC BY-NC-SA 4.0"
    CC_BY_ND = "cc-by-nd-4.0", "CC BY-ND 4.0"
    CC_BY_NC_ND = "cc-by-nc-nd-4.0", "CC BY-NC-ND 4.0"
    CC0 = "cc0-1.0", _("CC0 (public domain dedication)")
    ALL_RIGHTS_RESERVED = "all-rights-reserved", _("all rights reserved")


LICENCE_URL = {
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/",
    Licence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/",
    Licence.CC_BY_NC: "https://creativecommons.org/licenses/by-nc/4.0/",
    Licence.CC_BY_NC_SA: "https://creativecommons.org/licenses/by-nc-sa/4.0/",
    Licence.CC_BY_ND: "https://creativecommons.org/licenses/by-nd/4.0/",
    Licence.CC_BY_NC_ND: "https://creativecommons.org/licenses/by-nc-nd/4.0/",
    Licence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/",
}


class Access(models.TextChoices):
    PUBLIC = "public", _("public")
    MEMBERS = "members", _("members of the organisation")
    COMMUNITY = "community", _("the community only")
    RESTRICTED = "restricted", _("restricted")


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted for review")
    CHANGES_REQUESTED = "changes_requested", _("changes requested")
    PUBLISHED = "published", _("published")
    WITHDRAWN = "withdrawn", _("withdrawn")


class DC(models.TextChoices):
    """The fifteen elements of the Dublin Core Metadata Element Set 1.1 (all repeatable)."""

    TITLE = "title", _("title")
    CREATOR = "creator", _("creator")
    SUBJECT = "subject", _("subject")
    DESCRIPTION = "description", _("description")
    PUBLISHER = "publisher", _("publisher")
    CONTRIBUTOR = "contributor", _("contributor")
    DATE = "date", _("date")
    TYPE = "type", pgettext_lazy("metadata", "type")
    FORMAT = "format", _("format")
    IDENTIFIER = "identifier", _("identifier")
    SOURCE = "source", _("source")
    LANGUAGE = "language", _("language")
    RELATION = "relation", _("relation")
    COVERAGE = "coverage", _("coverage")
    RIGHTS = "rights", _("rights")


class Collection(TimeStampedModel):
    """A set of items owned by an organisation, whose curators review what is deposited in it."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("address name"), max_length=80, unique=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("owned by"),
        on_delete=models.PROTECT,
        related_name="knowledge_collections",
    )
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("open for deposits"), default=True)

    class Meta:
        verbose_name = _("collection")
        verbose_name_plural = _("collections")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("knowledge:collection", kwargs={"slug": self.slug})


class ItemQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def harvestable(self):
        """What OAI-PMH reports: public items that are published, or were and are now withdrawn."""
        return self.filter(access=Access.PUBLIC, status__in=[Status.PUBLISHED, Status.WITHDRAWN])


class Item(TimeStampedModel):
    collection = models.ForeignKey(
        Collection, verbose_name=_("collection"), on_delete=models.PROTECT, related_name="items"
    )
    item_type = models.CharField(_("type"), max_length=20, choices=ItemType.choices)
    title = models.CharField(_("title"), max_length=500)
    abstract = models.TextField(_("abstract"), blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    date_issued = models.CharField(
        _("date"), max_length=10, blank=True, help_text=_("YYYY, YYYY-MM or YYYY-MM-DD")
    )
    language = models.CharField(
        _("language"), max_length=8, default="id", help_text=_("ISO 639 code, e.g. id, en, jv, sas")
    )
    licence = models.CharField(_("licence"), max_length=20, choices=Licence.choices, default=Licence.CC_BY)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region covered"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The province code of `region`, kept by the services: the region facet groups on it.
    province_code = models.CharField(max_length=2, blank=True, editable=False)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("related organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("For items open to members: whose members may see it."),
    )
    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("related event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    access = models.CharField(
        _("who may see it"), max_length=12, choices=Access.choices, default=Access.PUBLIC
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    depositor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deposited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Local knowledge: the community it belongs to and its recorded consent.
    community = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("community"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    consent_given_by = models.CharField(_("consent given by"), max_length=200, blank=True)
    consent_date = models.DateField(_("consent given on"), null=True, blank=True)
    consent_terms = models.TextField(_("terms of the consent"), blank=True)
    review_note = models.TextField(_("reviewer's note"), blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawal_reason = models.CharField(_("reason for withdrawal"), max_length=300, blank=True)
    # Last change a harvester should see (publish, edit while published, withdraw); OAI-PMH datestamp.
    datestamp = models.DateTimeField(default=timezone.now, db_index=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    # A key the deposit form carries: sending the same form twice creates one item, not two.
    deposit_key = models.CharField(max_length=40, blank=True, editable=False)

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        ordering = ["-year", "-id"]
        indexes = [
            models.Index(fields=["status", "access", "id"], name="kn_item_status_idx"),
            models.Index(fields=["access", "status", "datestamp", "id"], name="kn_item_oai_idx"),
            models.Index(fields=["collection", "status"], name="kn_item_collection_idx"),
            models.Index(fields=["item_type", "status"], name="kn_item_type_idx"),
            models.Index(fields=["depositor", "status"], name="kn_item_depositor_idx"),
            models.Index(fields=["status", "year", "id"], name="kn_item_year_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=~models.Q(title=""), name="kn_item_title_required"),
            models.UniqueConstraint(
                fields=["deposit_key"], condition=~models.Q(deposit_key=""), name="kn_item_deposit_key_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(access="community") | models.Q(community__isnull=False),
                name="kn_item_community_access_names_community",
            ),
            models.CheckConstraint(
                condition=~models.Q(access="members") | models.Q(organisation__isnull=False),
                name="kn_item_members_access_names_organisation",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge:item", kwargs={"pk": self.pk})

    def clean(self):
        errors = {}
        if self.access == Access.COMMUNITY and not self.community_id:
            errors["community"] = _("Name the community that may see this item.")
        if self.access == Access.MEMBERS and not self.organisation_id:
            errors["organisation"] = _("Name the organisation whose members may see this item.")
        if self.item_type == ItemType.LOCAL_KNOWLEDGE:
            if not self.consent_given_by:
                errors["consent_given_by"] = _(
                    "Local knowledge needs the consent of its holders: say who gave it."
                )
            if not self.consent_date:
                errors["consent_date"] = _("Say when the consent was given.")
            if not self.consent_terms:
                errors["consent_terms"] = _("Write down the terms the holders agreed to.")
        if self.date_issued and parse_partial_date(self.date_issued) is None:
            errors["date_issued"] = _("Write the date as YYYY, YYYY-MM or YYYY-MM-DD.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_withdrawn(self) -> bool:
        return self.status == Status.WITHDRAWN

    @property
    def licence_url(self) -> str:
        return LICENCE_URL.get(self.licence, "")


class Element(models.Model):
    """One value of one Dublin Core element of an item (repeatable, in order)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="elements")
    element = models.CharField(_("element"), max_length=12, choices=DC.choices)
    value = models.TextField(_("value"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("metadata value")
        verbose_name_plural = _("metadata values")
        ordering = ["item", "element", "position", "id"]
        indexes = [models.Index(fields=["item", "element", "position"], name="kn_element_item_idx")]

    def __str__(self) -> str:
        return f"dc:{self.element} {self.value[:60]}"


class Holder(models.Model):
    """A person or group who holds a piece of local knowledge."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="holders")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role in the community"), max_length=200, blank=True)
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("knowledge holder")
        verbose_name_plural = _("knowledge holders")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class FileKind(models.TextChoices):
    PDF = "pdf", "PDF"
    IMAGE = "image", _("image")
    AUDIO = "audio", _("audio")
    VIDEO = "video", _("video")


class TextStatus(models.TextChoices):
    NONE = "none", _("no text")
    PENDING = "pending", _("waiting for text extraction")
    DONE = "done", _("text extracted")
    FAILED = "failed", _("text could not be read")


def item_file_upload_to(instance, filename: str) -> str:
    """Random names under a private folder: files are served only through the scoped download view."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"private/knowledge/{timezone.now():%Y/%m}/{secrets.token_urlsafe(18)}.{extension[:8]}"


class ItemFile(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=item_file_upload_to, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=8, choices=FileKind.choices)
    content_type = models.CharField(_("content type"), max_length=60)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64)
    text_status = models.CharField(max_length=8, choices=TextStatus.choices, default=TextStatus.NONE)
    extracted_text = models.TextField(blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("file")
        verbose_name_plural = _("files")
        ordering = ["item", "id"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("knowledge:file", kwargs={"pk": self.item_id, "file_id": self.pk})


class Version(models.Model):
    """A kept version of an item's metadata: written on every save of the metadata and every step."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    data = models.JSONField()
    note = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        ordering = ["item", "-number"]
        constraints = [models.UniqueConstraint(fields=["item", "number"], name="kn_version_unique")]

    def __str__(self) -> str:
        return f"{self.item_id} v{self.number}"


class SearchDocument(models.Model):
    """The stemmed text the search backend indexes for one item (metadata and extracted file text).

    On PostgreSQL migration 0002 adds a generated tsvector column over `body` with a GIN index;
    on SQLite the same text goes into the FTS5 table `knowledge_fts` (rowid = item id).
    """

    item = models.OneToOneField(
        Item, on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    body = models.TextField()

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")

    def __str__(self) -> str:
        return f"search {self.item_id}"


class FacetEntry(models.Model):
    """The facet values an item is counted under in `FacetCount`. A row exists only for public,
    published items (what anyone may see), so the counts never include anything with narrower access."""

    item = models.OneToOneField(Item, on_delete=models.CASCADE, primary_key=True, related_name="+")
    item_type = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField(null=True)
    province_code = models.CharField(max_length=2, blank=True)
    collection_id = models.BigIntegerField()
    language = models.CharField(max_length=8)
    licence = models.CharField(max_length=20)

    class Meta:
        verbose_name = _("facet entry")
        verbose_name_plural = _("facet entries")
        # Browsing without words pages through public items newest (or oldest) first.
        indexes = [models.Index(fields=["year", "item"], name="kn_facetentry_year_idx")]

    def __str__(self) -> str:
        return f"facets {self.item_id}"


class FacetCount(models.Model):
    """Pre-counted facet values of the public, published items, for browsing without words.

    Kept current by `indexing.item_reindex` (every write of an item goes through it) from the
    difference between an item's old and new `FacetEntry`; `indexing.facet_counts_check` compares
    them with a recount. The total is the row with facet "total" and an empty value.
    """

    facet = models.CharField(max_length=12)
    value = models.CharField(max_length=40)
    count = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("facet count")
        verbose_name_plural = _("facet counts")
        constraints = [models.UniqueConstraint(fields=["facet", "value"], name="kn_facetcount_unique")]

    def __str__(self) -> str:
        return f"{self.facet}={self.value}: {self.count}"
