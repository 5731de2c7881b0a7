"""Credentials: every card and certificate Simpul issues, with its number, public code and signature.

The engine knows nothing of memberships, events or certification schemes: callers pass the holder
(a Person), the issuer (an Organisation), a title and the subject data to print. A `source` string
("associations.membership:42") lets a caller find again what it issued and makes issuing idempotent.
"""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simpul.core.models import TimeStampedModel


class CredentialKind(models.TextChoices):
    MEMBERSHIP_CARD = "membership_card", _("membership card")
    EVENT_CERTIFICATE = "event_certificate", _("event certificate")
    COMPETENCY_CERTIFICATE = "competency_certificate", _("competency certificate")


# Which printed layout each kind uses; a new kind only adds a line here (and to CredentialKind).
LAYOUT_BY_KIND = {
    CredentialKind.MEMBERSHIP_CARD: "card",
    CredentialKind.EVENT_CERTIFICATE: "certificate",
    CredentialKind.COMPETENCY_CERTIFICATE: "certificate",
}


class Status(models.TextChoices):
    VALID = "valid", _("valid")
    REVOKED = "revoked", _("revoked")
    EXPIRED = "expired", _("expired")
    NOT_YET_VALID = "not_yet_valid", _("not yet valid")


def new_code() -> str:
    """The public code in /verify/<code>: 128 random bits, URL-safe (22 characters)."""
    return secrets.token_urlsafe(16)


DEFAULT_NUMBER_FORMAT = "{prefix}/{kind}/{year}/{seq:06d}"
KIND_ABBREVIATIONS = {
    CredentialKind.MEMBERSHIP_CARD: "KTA",
    CredentialKind.EVENT_CERTIFICATE: "SRT",
    CredentialKind.COMPETENCY_CERTIFICATE: "SKK",
}


class NumberSeries(models.Model):
    """The counter behind credential numbers of one issuer and kind, locked row by row when issuing.

    `number_format` placeholders: {prefix} (the issuer's short name or id), {kind} (KTA, SRT, SKK),
    {year} (the year of issue), {seq} (the counter; format spec allowed, e.g. {seq:06d}).
    """

    issuer = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=32, choices=CredentialKind.choices)
    number_format = models.CharField(_("number format"), max_length=80, default=DEFAULT_NUMBER_FORMAT)
    prefix = models.CharField(_("prefix"), max_length=20, blank=True)
    last_value = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("number series")
        verbose_name_plural = _("number series")
        constraints = [models.UniqueConstraint(fields=["issuer", "kind"], name="credential_series_unique")]

    def __str__(self) -> str:
        return f"{self.issuer_id} {self.kind} {self.last_value}"


class CredentialQuerySet(models.QuerySet):
    def currently_valid(self):
        today = timezone.localdate()
        return self.filter(revoked_at__isnull=True, valid_from__lte=today).filter(
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=today)
        )

    def of_source(self, source: str):
        return self.filter(source=source)


class Credential(TimeStampedModel):
    kind = models.CharField(_("kind"), max_length=32, choices=CredentialKind.choices)
    code = models.CharField(
        _("verification code"), max_length=32, unique=True, default=new_code, editable=False
    )
    number = models.CharField(_("number"), max_length=80)
    holder = models.ForeignKey(
        "people.Person", verbose_name=_("holder"), on_delete=models.PROTECT, related_name="credentials"
    )
    # The name exactly as printed (with titles), frozen at issue: a later rename needs a reissue.
    holder_name = models.CharField(_("name as printed"), max_length=250)
    issuer = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("issuer"), on_delete=models.PROTECT, related_name="+"
    )
    issuer_name = models.CharField(_("issuer as printed"), max_length=200)
    title = models.CharField(_("title"), max_length=200)
    # What is printed and shown on the verification page: {"fields": [{"label", "value"}...], ...}.
    subject = models.JSONField(_("subject"), default=dict, blank=True)
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoke_reason = models.CharField(_("reason for revocation"), max_length=300, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    replaced_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaces"
    )
    # Who asked for it, as "<app>.<model>:<id>"; at most one unrevoked credential per kind and source.
    source = models.CharField(max_length=80, blank=True, db_index=True)
    key_id = models.CharField(max_length=16)
    signature = models.CharField(max_length=100)

    objects = CredentialQuerySet.as_manager()

    class Meta:
        verbose_name = _("credential")
        verbose_name_plural = _("credentials")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "kind", "number"], name="credential_number_unique"),
            models.UniqueConstraint(
                fields=["kind", "source"],
                condition=models.Q(revoked_at__isnull=True) & ~models.Q(source=""),
                name="credential_one_live_per_source",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="credential_validity_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(revoked_at__isnull=True) | ~models.Q(revoke_reason=""),
                name="credential_revocation_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["holder", "kind"], name="credential_holder_idx")]

    def __str__(self) -> str:
        return f"{self.number} — {self.holder_name}"

    def get_absolute_url(self) -> str:
        return reverse("credentials:verify", kwargs={"code": self.code})

    @property
    def status(self) -> str:
        if self.revoked_at:
            return Status.REVOKED
        today = timezone.localdate()
        if self.valid_until and self.valid_until < today:
            return Status.EXPIRED
        if self.valid_from > today:
            return Status.NOT_YET_VALID
        return Status.VALID

    def get_status_display(self) -> str:
        return Status(self.status).label

    @property
    def layout(self) -> str:
        return LAYOUT_BY_KIND.get(self.kind, "certificate")

    @property
    def fields(self) -> list[dict]:
        return list(self.subject.get("fields", []))


class BatchStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class CredentialBatch(TimeStampedModel):
    """Many credentials rendered in the background into one ZIP of PDFs, with progress."""

    issuer = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    label = models.CharField(_("label"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    credentials = models.ManyToManyField(Credential, related_name="batches")
    status = models.CharField(
        _("status"), max_length=10, choices=BatchStatus.choices, default=BatchStatus.QUEUED
    )
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    archive = models.FileField(upload_to="credentials/batches/", blank=True)
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("credential batch")
        verbose_name_plural = _("credential batches")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.label

    @property
    def percent(self) -> int:
        return int(self.done * 100 / self.total) if self.total else 100
