"""Associations: settings, member types, memberships with their history, dues, boards, announcements.

An association is an Organisation of kind "association"; its chapters are Organisations of kind
"chapter" under it (central > provincial > regency/city), each tied to a region. Membership cards
are credentials (simpul.credentials) issued through `cards.py`.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simpul.core.models import TimeStampedModel


class AssociationSettings(TimeStampedModel):
    """One association's rules: fees, dues, grace period, member-number format, card title."""

    association = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="association_settings"
    )
    joining_fee = models.DecimalField(_("joining fee (Rp)"), max_digits=12, decimal_places=0, default=0)
    dues_amount = models.DecimalField(_("dues per year (Rp)"), max_digits=12, decimal_places=0, default=0)
    grace_days = models.PositiveSmallIntegerField(
        _("grace period (days)"),
        default=90,
        help_text=_("After the dues lapse, before the membership expires."),
    )
    # Placeholders: {assoc} short name, {province} 2 digits, {region} the chapter's region code without
    # dots, {year} year of approval, {seq} the association-wide counter (format spec allowed).
    member_number_format = models.CharField(
        _("member-number format"), max_length=80, default="{region}.{year}.{seq:06d}"
    )
    card_title = models.CharField(_("card title"), max_length=100, default="Kartu Tanda Anggota")
    next_member_seq = models.PositiveBigIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("association settings")
        verbose_name_plural = _("association settings")

    def __str__(self) -> str:
        return f"{self.association}"


class MemberType(models.Model):
    """IPI: biasa (votes and stands), luar biasa and kehormatan (speak)."""

    association = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="member_types"
    )
    code = models.SlugField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=80)
    may_vote = models.BooleanField(_("may vote"), default=False)
    may_stand = models.BooleanField(_("may stand for office"), default=False)
    may_speak = models.BooleanField(_("may speak"), default=True)
    by_decision_only = models.BooleanField(
        _("by decision only"),
        default=False,
        help_text=_("Honorary: granted by a recorded decision, not by application."),
    )
    pays_dues = models.BooleanField(_("pays dues"), default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("member type")
        verbose_name_plural = _("member types")
        ordering = ["association", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["association", "code"], name="member_type_code_unique")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def rights(self) -> list[str]:
        labels = [
            (self.may_vote, _("vote")),
            (self.may_stand, _("stand for office")),
            (self.may_speak, _("speak")),
        ]
        return [str(label) for allowed, label in labels if allowed]


class MembershipStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    ACTIVE = "active", _("active")
    GRACE = "grace", _("grace period")
    EXPIRED = "expired", _("expired")
    RESIGNED = "resigned", _("resigned")
    ENDED = "ended", _("ended")
    REJECTED = "rejected", _("rejected")


LIVE_STATUSES = (MembershipStatus.PENDING, MembershipStatus.ACTIVE, MembershipStatus.GRACE)
MEMBER_STATUSES = (MembershipStatus.ACTIVE, MembershipStatus.GRACE)


class MembershipQuerySet(models.QuerySet):
    def members(self):
        return self.filter(status__in=MEMBER_STATUSES)


class Membership(TimeStampedModel):
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="memberships")
    association = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    chapter = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("chapter"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    member_type = models.ForeignKey(MemberType, verbose_name=_("member type"), on_delete=models.PROTECT)
    status = models.CharField(
        _("status"), max_length=10, choices=MembershipStatus.choices, default=MembershipStatus.PENDING
    )
    number = models.CharField(_("member number"), max_length=40, blank=True)
    # Lower-case full name, kept by the services: the member list sorts and searches on it with an index.
    sort_name = models.CharField(max_length=150, editable=False)
    statement = models.TextField(_("why you want to join"), blank=True)
    applied_at = models.DateTimeField(_("applied"), default=timezone.now)
    joined_on = models.DateField(_("member since"), null=True, blank=True)
    paid_until = models.DateField(_("dues paid until"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    status_reason = models.CharField(_("reason"), max_length=300, blank=True)
    honorary_decision = models.CharField(_("decision"), max_length=200, blank=True)
    card = models.ForeignKey(
        "credentials.Credential", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["sort_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["association", "number"],
                condition=~models.Q(number=""),
                name="membership_number_unique",
            ),
            models.UniqueConstraint(
                fields=["person", "association"],
                condition=models.Q(status__in=["pending", "active", "grace"]),
                name="membership_one_live_per_association",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "rejected"]) | ~models.Q(number=""),
                name="membership_member_has_number",
            ),
        ]
        indexes = [
            # The member list: scope (association or chapters), optional status, ordered by name.
            # On PostgreSQL, migration 0002 adds a trigram index on sort_name and a pattern index on number.
            models.Index(fields=["sort_name", "id"], name="membership_name_idx"),
            models.Index(fields=["association", "sort_name", "id"], name="membership_assoc_name_idx"),
            models.Index(fields=["association", "status", "sort_name", "id"], name="membership_assoc_st_idx"),
            models.Index(fields=["chapter", "sort_name", "id"], name="membership_chapter_name_idx"),
            models.Index(fields=["chapter", "status", "sort_name", "id"], name="membership_chapter_st_idx"),
            models.Index(fields=["number"], name="membership_number_idx"),
            models.Index(fields=["status", "paid_until"], name="membership_lapse_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.chapter}"

    @property
    def is_member(self) -> bool:
        return self.status in MEMBER_STATUSES


class MembershipEvent(models.Model):
    """One change in a membership's life, with its reason: the history officers and members read."""

    class Kind(models.TextChoices):
        APPLIED = "applied", _("applied")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")
        STATUS = "status", _("status changed")
        RENEWED = "renewed", _("renewed")
        TRANSFERRED = "transferred", _("transferred")
        HONORARY = "honorary", _("honorary membership granted")
        IMPORTED = "imported", _("imported")
        CARD = "card", _("card issued")

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10, blank=True)
    from_chapter = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_chapter = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["membership", "-at"], name="membership_event_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}"


def private_upload_to(instance, filename: str) -> str:
    """Random names under a private folder: never guessable, never served as public media."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"private/associations/{timezone.now():%Y/%m}/{secrets.token_urlsafe(18)}.{extension}"


class ApplicationDocument(models.Model):
    class Kind(models.TextChoices):
        PHOTO = "photo", _("photo")
        IDENTITY = "identity", _("identity card")
        DIPLOMA = "diploma", _("diploma")
        LETTER = "letter", _("employment letter")
        OTHER = "other", _("other")

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.OTHER)
    file = models.FileField(upload_to=private_upload_to)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.original_name


class DuesPayment(models.Model):
    class Kind(models.TextChoices):
        JOINING_FEE = "joining", _("joining fee")
        DUES = "dues", _("annual dues")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("awaiting confirmation")
        CONFIRMED = "confirmed", _("confirmed")
        REJECTED = "rejected", _("rejected")

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="dues")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.DUES)
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("amount (Rp)"), max_digits=12, decimal_places=0)
    paid_on = models.DateField(_("paid on"))
    proof = models.FileField(_("proof of payment"), upload_to=private_upload_to, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-paid_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "kind", "year"],
                condition=~models.Q(status="rejected"),
                name="dues_once_per_year",
            ),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="dues_amount_not_negative"),
            models.CheckConstraint(
                condition=models.Q(year__gte=1950, year__lte=2200), name="dues_year_plausible"
            ),
        ]
        indexes = [models.Index(fields=["status", "membership"], name="dues_status_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}"


class ChapterCount(models.Model):
    """Members of one chapter by status, kept by the services (public pages never count rows)."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="member_count"
    )
    pending = models.IntegerField(default=0)
    active = models.IntegerField(default=0)
    grace = models.IntegerField(default=0)
    expired = models.IntegerField(default=0)
    resigned = models.IntegerField(default=0)
    ended = models.IntegerField(default=0)
    rejected = models.IntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.active} active"

    @property
    def members(self) -> int:
        return self.active + self.grace


class BoardPositionKind(models.TextChoices):
    CHAIR = "chair", _("chair")
    VICE_CHAIR = "vice_chair", _("vice chair")
    SECRETARY = "secretary", _("secretary")
    TREASURER = "treasurer", _("treasurer")
    DIVISION_HEAD = "division_head", _("head of division")
    DIVISION_MEMBER = "division_member", _("division member")
    ADVISOR = "advisor", _("advisor")


POSITION_ORDER = {kind: n for n, kind in enumerate(BoardPositionKind.values)}


class BoardTerm(TimeStampedModel):
    """A board (kepengurusan) of a chapter or association for a term, e.g. 2017-2020."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="board_terms"
    )
    starts_on = models.DateField(_("term starts"))
    ends_on = models.DateField(_("term ends"))
    inaugurated_on = models.DateField(_("inaugurated (pelantikan)"), null=True, blank=True)
    decree = models.CharField(_("decree"), max_length=200, blank=True, help_text=_("e.g. the SK number"))

    class Meta:
        verbose_name = _("board term")
        verbose_name_plural = _("board terms")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")), name="board_term_ordered"
            ),
            models.UniqueConstraint(fields=["organisation", "starts_on"], name="board_term_unique_start"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.label}"

    @property
    def label(self) -> str:
        return f"{self.starts_on.year}-{self.ends_on.year}"

    @property
    def is_current(self) -> bool:
        return self.starts_on <= timezone.localdate() <= self.ends_on


class BoardPosition(models.Model):
    term = models.ForeignKey(BoardTerm, on_delete=models.CASCADE, related_name="positions")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="board_positions")
    position = models.CharField(_("position"), max_length=16, choices=BoardPositionKind.choices)
    division = models.CharField(_("division"), max_length=120, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["term", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "position"], condition=models.Q(position="chair"), name="board_one_chair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_position_display()}: {self.person}"


class Announcement(TimeStampedModel):
    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    subject = models.CharField(_("subject"), max_length=150)
    body = models.TextField(_("message"))
    include_sub_chapters = models.BooleanField(_("also the chapters under it"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    recipients = models.PositiveIntegerField(default=0)
    sent = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.subject


class AnnouncementDelivery(models.Model):
    """The sent log: one row per member an announcement went to (or could not)."""

    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE, related_name="deliveries")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    email = models.CharField(max_length=254, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["announcement", "membership"], name="announcement_delivery_once")
        ]

    def __str__(self) -> str:
        return f"{self.announcement_id} -> {self.email or self.membership_id}"
