"""Events and trainings: the core an event has, whoever organises it.

Certification sessions (simpul.certification) and forums (simpul.programs) are events too: they point
here and create their event through `simpul.events.services.event_create`.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from simpul.core.models import TimeStampedModel
from simpul.regions.models import TimeZone


class EventKind(models.TextChoices):
    SEMINAR = "seminar", _("seminar")
    WORK_MEETING = "work_meeting", _("work meeting (Rakerpus)")
    TECHNICAL_TRAINING = "technical_training", _("technical training (Bimtek)")
    WORKSHOP = "workshop", _("workshop")
    WEBINAR = "webinar", _("webinar")
    FORUM = "forum", _("forum (rembuk)")
    CERTIFICATION_SESSION = "certification_session", _("certification session")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    CANCELLED = "cancelled", _("cancelled")


class ApprovalMode(models.TextChoices):
    AUTOMATIC = "automatic", _("automatic")
    ORGANISER = "organiser", _("approved by the organisers")


class Event(TimeStampedModel):
    kind = models.CharField(_("kind"), max_length=24, choices=EventKind.choices, db_index=True)
    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("address name"), max_length=80, unique=True)
    theme = models.CharField(_("theme"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    organisers = models.ManyToManyField(
        "organisations.Organisation", verbose_name=_("organisers"), related_name="organised_events"
    )
    venue_name = models.CharField(_("venue"), max_length=250, blank=True)
    venue_region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("venue region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    online_url = models.URLField(_("online link"), blank=True)
    # The venue's zone (from its province); times are shown in it. Online-only events use WIB.
    time_zone = models.CharField(
        _("time zone"), max_length=16, choices=TimeZone.choices, default=TimeZone.WIB
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=EventStatus.choices, default=EventStatus.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Added in 0002 (all with defaults): what announced events need beyond the core.
    is_free = models.BooleanField(_("free of charge"), default=True)
    fee = models.PositiveIntegerField(_("fee (rupiah)"), default=0)
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    approval = models.CharField(
        _("approval of registrations"),
        max_length=12,
        choices=ApprovalMode.choices,
        default=ApprovalMode.AUTOMATIC,
    )
    attendance_rule = models.PositiveSmallIntegerField(
        _("attendance needed for a certificate (%)"),
        default=100,
        help_text=_("Share of the event's days a participant must be checked in on."),
    )
    programme = models.ForeignKey(
        "events.Programme",
        verbose_name=_("training programme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="batches",
    )
    # Counters kept by the registration services under the event's row lock (pre-aggregated).
    confirmed_count = models.PositiveIntegerField(default=0)
    waitlist_count = models.PositiveIntegerField(default=0)
    pending_count = models.PositiveIntegerField(default=0)
    checked_in_count = models.PositiveIntegerField(default=0)
    waitlist_seq = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_at", "-id"]
        indexes = [
            models.Index(fields=["status", "starts_at"], name="event_status_start_idx"),
            # The calendar's "not ended yet" (and a month's "ends after its first day"): a range of
            # a few thousand rows among 20,000+ events instead of reading them all.
            models.Index(fields=["ends_at"], name="event_ends_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(attendance_rule__lte=100), name="event_attendance_rule_percent"
            ),
            models.CheckConstraint(
                condition=models.Q(registration_closes_at__isnull=True)
                | models.Q(registration_opens_at__isnull=True)
                | models.Q(registration_closes_at__gte=models.F("registration_opens_at")),
                name="event_registration_window_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__isnull=True)
                | models.Q(confirmed_count__lte=models.F("capacity")),
                name="event_within_capacity",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Category(models.Model):
    """A participant category (e.g. member, non-member, student) with an optional quota."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(_("name"), max_length=120)
    quota = models.PositiveIntegerField(_("quota"), null=True, blank=True)
    fee = models.PositiveIntegerField(_("fee (rupiah)"), default=0)
    position = models.PositiveSmallIntegerField(default=0)
    confirmed_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("participant category")
        verbose_name_plural = _("participant categories")
        ordering = ["event", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "name"], name="event_category_name_unique"),
            models.CheckConstraint(
                condition=models.Q(quota__isnull=True) | models.Q(confirmed_count__lte=models.F("quota")),
                name="event_category_within_quota",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Session(models.Model):
    """One item of the agenda."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=250)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    room = models.CharField(_("room"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("agenda")
        ordering = ["event", "starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")), name="event_session_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title


class SessionRoleKind(models.TextChoices):
    SPEAKER = "speaker", _("speaker")
    MODERATOR = "moderator", _("moderator")


class SessionRole(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="people")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=12, choices=SessionRoleKind.choices)

    class Meta:
        verbose_name = _("speaker or moderator")
        verbose_name_plural = _("speakers and moderators")
        ordering = ["session", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "person", "role"], name="event_session_role_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class CommitteeMember(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="committee")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role in the committee"), max_length=120, default="Panitia")

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee")
        ordering = ["event", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="event_committee_person_unique")
        ]

    def __str__(self) -> str:
        return str(self.person)


class Document(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="events/documents/%Y/")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["event", "id"]

    def __str__(self) -> str:
        return self.title


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("awaiting approval")
    CONFIRMED = "confirmed", _("confirmed")
    WAITLISTED = "waitlisted", _("on the waiting list")
    CANCELLED = "cancelled", _("cancelled")
    REJECTED = "rejected", _("rejected")


ACTIVE_STATUSES = (RegistrationStatus.PENDING, RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)


def new_ticket() -> str:
    """The code on a QR ticket: 48 random bits, upper-case hex (easy to type at the door)."""
    return secrets.token_hex(6).upper()


class Registration(TimeStampedModel):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="event_registrations")
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=12, choices=RegistrationStatus.choices)
    ticket = models.CharField(
        _("ticket code"), max_length=16, unique=True, default=new_ticket, editable=False
    )
    # The name exactly as registered (with titles): printed on the certificate.
    name = models.CharField(_("name as registered"), max_length=250)
    # Frozen at registration for the report: the province, the library type and gender then.
    province_code = models.CharField(max_length=2, blank=True)
    library_type = models.CharField(max_length=40, blank=True)
    gender = models.CharField(max_length=1, blank=True)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    waitlist_position = models.PositiveIntegerField(null=True, blank=True)
    days_attended = models.PositiveSmallIntegerField(default=0)
    decided_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event", "created_at", "id"]
        indexes = [
            models.Index(fields=["event", "status", "waitlist_position"], name="event_reg_status_idx"),
            models.Index(fields=["person", "status"], name="event_reg_person_idx"),
            models.Index(Lower("name"), "event", name="event_reg_name_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person"],
                condition=models.Q(status__in=["pending", "confirmed", "waitlisted"]),
                name="event_registration_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.event_id}"


class CheckIn(models.Model):
    """A participant present on a day (session empty) or at one session. Idempotent by constraint."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="check_ins")
    day = models.DateField(_("day"))
    session = models.ForeignKey(Session, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(_("checked in"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "day"],
                condition=models.Q(session__isnull=True),
                name="event_checkin_day_once",
            ),
            models.UniqueConstraint(
                fields=["registration", "session"],
                condition=models.Q(session__isnull=False),
                name="event_checkin_session_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} {self.day}"


class Feedback(models.Model):
    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="feedback")
    rating = models.PositiveSmallIntegerField(_("overall rating (1-5)"))
    content_rating = models.PositiveSmallIntegerField(_("content (1-5)"))
    organisation_rating = models.PositiveSmallIntegerField(_("organisation (1-5)"))
    comments = models.TextField(_("comments"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5)
                & models.Q(content_rating__gte=1, content_rating__lte=5)
                & models.Q(organisation_rating__gte=1, organisation_rating__lte=5),
                name="event_feedback_ratings_1_5",
            )
        ]

    def __str__(self) -> str:
        return str(self.registration_id)


class Programme(TimeStampedModel):
    """A training programme (e.g. Bimtek 2022) run as many batches, each an event."""

    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("address name"), max_length=80, unique=True)
    organiser = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("organiser"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("training programme")
        verbose_name_plural = _("training programmes")
        ordering = ["-year", "title", "id"]

    def __str__(self) -> str:
        return self.title


class ProvinceQuota(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="quotas")
    province = models.ForeignKey(
        "regions.Region", verbose_name=_("province"), on_delete=models.PROTECT, related_name="+"
    )
    quota = models.PositiveIntegerField(_("quota"))
    approved_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("province quota")
        verbose_name_plural = _("province quotas")
        ordering = ["programme", "province"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "province"], name="event_programme_province_unique"),
            models.CheckConstraint(
                condition=models.Q(approved_count__lte=models.F("quota")), name="event_province_within_quota"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme_id} {self.province_id}"


class NominationStatus(models.TextChoices):
    NOMINATED = "nominated", _("nominated")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


class Nomination(TimeStampedModel):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="nominations")
    batch = models.ForeignKey(
        Event,
        verbose_name=_("batch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="nominations",
    )
    person = models.ForeignKey(
        "people.Person", verbose_name=_("participant"), on_delete=models.PROTECT, related_name="+"
    )
    province = models.ForeignKey(
        "regions.Region", verbose_name=_("province"), on_delete=models.PROTECT, related_name="+"
    )
    nominated_by = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("nominated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=NominationStatus.choices, default=NominationStatus.NOMINATED
    )
    pre_test = models.DecimalField(_("pre-test score"), max_digits=5, decimal_places=2, null=True, blank=True)
    post_test = models.DecimalField(
        _("post-test score"), max_digits=5, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["programme", "province", "id"]
        indexes = [models.Index(fields=["programme", "status", "province"], name="event_nomination_idx")]
        constraints = [
            models.UniqueConstraint(fields=["programme", "person"], name="event_nomination_once"),
            models.CheckConstraint(
                condition=(models.Q(pre_test__isnull=True) | models.Q(pre_test__gte=0, pre_test__lte=100))
                & (models.Q(post_test__isnull=True) | models.Q(post_test__gte=0, post_test__lte=100)),
                name="event_nomination_scores_0_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} in {self.programme_id}"
