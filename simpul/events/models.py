"""Events and trainings: the core an event has, whoever organises it.

Certification sessions (simpul.certification) and forums (simpul.programs) are events too: they point
here and create their event through `simpul.events.services.event_create`.
"""

from django.conf import settings
from django.db import models
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

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["status", "starts_at"], name="event_status_start_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")), name="event_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title
