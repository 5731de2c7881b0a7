"""Writes for credentials: issue (one or many), revoke, reissue, batches. Each is audited.

What callers may rely on:
- numbers come from a counter row locked with SELECT ... FOR UPDATE (and a unique constraint), so
  two issuers at the same moment never get the same number;
- issuing with a `source` that already has an unrevoked credential of that kind returns that one
  (idempotent), held by a partial unique constraint;
- every credential is signed when issued; its signature covers `claims(credential)`.
"""

import datetime
import string

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.core.audit import audit_record, snapshot
from simpul.organisations.models import Organisation
from simpul.people.models import Person

from . import signing
from .models import KIND_ABBREVIATIONS, Credential, CredentialBatch, CredentialKind, NumberSeries
from .tasks import render_batch


def claims(credential: Credential) -> dict:
    """The public claims a signature covers: what a verifier sees, never NIK, phone or e-mail."""
    return {
        "code": credential.code,
        "number": credential.number,
        "kind": credential.kind,
        "title": credential.title,
        "holder": credential.holder_name,
        "issuer": {"id": credential.issuer_id, "name": credential.issuer_name},
        "subject": credential.subject,
        "issued_at": credential.issued_at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "valid_from": credential.valid_from.isoformat(),
        "valid_until": credential.valid_until.isoformat() if credential.valid_until else None,
    }


def signature_is_valid(credential: Credential) -> bool:
    """Does the stored signature match the stored claims (with the current or a retired key)?"""
    key = signing.known_public_keys().get(credential.key_id)
    if key is None:
        return False
    try:
        signature = signing.b64url_decode(credential.signature)
    except ValueError:
        return False
    return signing.verify(key, signature, signing.canonical_json(claims(credential)))


def _sign(credential: Credential) -> None:
    credential.key_id, signature = signing.sign(signing.canonical_json(claims(credential)))
    credential.signature = signing.b64url(signature)


def _check_format(number_format: str) -> None:
    allowed = {"prefix", "kind", "year", "seq"}
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(number_format) if name is not None}
        if not names <= allowed or "seq" not in names:
            raise ValueError
        number_format.format(prefix="X", kind="K", year=2025, seq=1)
    except (ValueError, KeyError, IndexError) as error:
        raise ValidationError(
            {"number_format": _("Use only {prefix}, {kind}, {year} and {seq}; {seq} is required.")}
        ) from error


@transaction.atomic
def number_series_set(
    *, actor, issuer: Organisation, kind: str, number_format: str, prefix: str = ""
) -> NumberSeries:
    """Set how numbers of `issuer`'s credentials of `kind` look. The counter carries on."""
    _check_format(number_format)
    series, _created = NumberSeries.objects.select_for_update().get_or_create(issuer=issuer, kind=kind)
    before = snapshot(series)
    series.number_format, series.prefix = number_format, prefix
    series.full_clean()
    series.save()
    audit_record(actor=actor, action="credential_series.set", instance=series, before=before)
    return series


def _take_numbers(issuer: Organisation, kind: str, count: int, year: int) -> list[str]:
    """`count` consecutive numbers from the issuer's counter, held locked until the transaction ends."""
    NumberSeries.objects.get_or_create(issuer=issuer, kind=kind)
    series = NumberSeries.objects.select_for_update().get(issuer=issuer, kind=kind)
    first = series.last_value + 1
    series.last_value += count
    series.save(update_fields=["last_value"])
    prefix = series.prefix or issuer.short_name or str(issuer.pk)
    abbreviation = KIND_ABBREVIATIONS.get(kind, kind[:3].upper())
    return [
        series.number_format.format(prefix=prefix, kind=abbreviation, year=year, seq=seq)
        for seq in range(first, first + count)
    ]


def _new_credential(
    *, kind, holder, issuer, title, subject, valid_from, valid_until, source, number, issued_at
) -> Credential:
    return Credential(
        kind=kind,
        number=number,
        holder=holder,
        holder_name=holder.display_name,
        issuer=issuer,
        issuer_name=issuer.name,
        title=title,
        subject=subject or {},
        issued_at=issued_at,
        valid_from=valid_from or timezone.localdate(),
        valid_until=valid_until,
        source=source,
    )


@transaction.atomic
def credential_issue(
    *,
    actor,
    kind: str,
    holder: Person,
    issuer: Organisation,
    title: str,
    subject: dict | None = None,
    valid_from: datetime.date | None = None,
    valid_until: datetime.date | None = None,
    source: str = "",
) -> Credential:
    """Issue and sign one credential. With `source`, a second call returns the first credential."""
    if kind not in CredentialKind.values:
        raise ValidationError({"kind": _("Unknown kind of credential.")})
    if source:
        existing = Credential.objects.filter(kind=kind, source=source, revoked_at__isnull=True).first()
        if existing:
            return existing
    now = timezone.now()
    (number,) = _take_numbers(issuer, kind, 1, timezone.localdate(now).year)
    credential = _new_credential(
        kind=kind,
        holder=holder,
        issuer=issuer,
        title=title,
        subject=subject,
        valid_from=valid_from,
        valid_until=valid_until,
        source=source,
        number=number,
        issued_at=now.replace(microsecond=0),
    )
    _sign(credential)
    credential.full_clean(exclude=["code"], validate_constraints=False)
    try:
        with transaction.atomic():
            credential.save()
    except IntegrityError:
        # Another transaction issued for the same source between our check and our insert.
        existing = Credential.objects.filter(kind=kind, source=source, revoked_at__isnull=True).first()
        if source and existing:
            return existing
        raise
    audit_record(actor=actor, action="credential.issue", instance=credential)
    return credential


@transaction.atomic
def credential_issue_many(
    *,
    actor,
    kind: str,
    issuer: Organisation,
    title: str,
    items: list[dict],
    valid_from: datetime.date | None = None,
    valid_until: datetime.date | None = None,
) -> list[Credential]:
    """Issue many credentials of one issuer at once (e.g. a whole event's certificates).

    Each item: {"holder": Person, "subject": dict, "source": str, optional "title", "valid_until"}.
    Items whose source already has a live credential get that one back. One audit entry per batch.
    """
    sources = [item.get("source", "") for item in items if item.get("source")]
    existing = {
        c.source: c for c in Credential.objects.filter(kind=kind, source__in=sources, revoked_at__isnull=True)
    }
    fresh = [item for item in items if not item.get("source") or item["source"] not in existing]
    now = timezone.now().replace(microsecond=0)
    numbers = _take_numbers(issuer, kind, len(fresh), timezone.localdate(now).year) if fresh else []
    created = []
    for item, number in zip(fresh, numbers, strict=True):
        credential = _new_credential(
            kind=kind,
            holder=item["holder"],
            issuer=issuer,
            title=item.get("title", title),
            subject=item.get("subject"),
            valid_from=item.get("valid_from", valid_from),
            valid_until=item.get("valid_until", valid_until),
            source=item.get("source", ""),
            number=number,
            issued_at=now,
        )
        _sign(credential)
        created.append(credential)
    Credential.objects.bulk_create(created, batch_size=1000)
    if created:
        audit_record(
            actor=actor,
            action="credential.issue_many",
            instance=issuer,
            after={"kind": kind, "count": len(created), "first": numbers[0], "last": numbers[-1]},
        )
    by_source = {c.source: c for c in created if c.source}
    return (
        [existing.get(item.get("source")) or by_source.get(item.get("source")) for item in items]
        if sources
        else created
    )


@transaction.atomic
def credential_revoke(*, actor, credential: Credential, reason: str) -> Credential:
    """Revoke with a reason the verification page shows. Revoking twice keeps the first reason."""
    credential = Credential.objects.select_for_update().get(pk=credential.pk)
    if credential.revoked_at:
        return credential
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Say why the credential is revoked: the verification page shows it.")}
        )
    before = snapshot(credential)
    credential.revoked_at = timezone.now()
    credential.revoke_reason = reason[:300]
    credential.revoked_by = actor if getattr(actor, "is_authenticated", False) else None
    credential.save(update_fields=["revoked_at", "revoke_reason", "revoked_by", "updated_at"])
    audit_record(actor=actor, action="credential.revoke", instance=credential, before=before)
    return credential


@transaction.atomic
def credential_reissue(
    *,
    actor,
    credential: Credential,
    reason: str = "",
    title: str | None = None,
    subject: dict | None = None,
    valid_from: datetime.date | None = None,
    valid_until: datetime.date | None = None,
    issuer: Organisation | None = None,
) -> Credential:
    """Replace a credential (new data, a corrected name, a lost card): the old one is revoked with a
    reason pointing at the new number; the new one has a new code and number, same holder and source."""
    old = Credential.objects.select_for_update().get(pk=credential.pk)
    holder = Person.objects.get(pk=old.holder_id)
    if not old.revoked_at:
        credential_revoke(actor=actor, credential=old, reason=reason or _("Replaced by a new credential."))
    new = credential_issue(
        actor=actor,
        kind=old.kind,
        holder=holder,
        issuer=issuer or old.issuer,
        title=title if title is not None else old.title,
        subject=subject if subject is not None else old.subject,
        valid_from=valid_from or timezone.localdate(),
        valid_until=valid_until if valid_until is not None else old.valid_until,
        source=old.source,
    )
    Credential.objects.filter(pk=old.pk).update(replaced_by=new)
    return new


@transaction.atomic
def credential_batch_create(*, actor, issuer: Organisation, label: str, credentials) -> CredentialBatch:
    """Queue the rendering of `credentials` (a queryset, a list of them or of their ids) into one ZIP of PDFs."""
    batch = CredentialBatch(
        issuer=issuer,
        label=label[:200],
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    batch.full_clean()
    batch.save()
    if hasattr(credentials, "values_list"):
        ids = list(credentials.values_list("pk", flat=True))
    else:  # credentials or their ids
        ids = [c if isinstance(c, int) else c.pk for c in credentials]
    through = CredentialBatch.credentials.through
    through.objects.bulk_create(
        [through(credentialbatch_id=batch.pk, credential_id=pk) for pk in ids], batch_size=2000
    )
    batch.total = len(ids)
    batch.save(update_fields=["total"])
    audit_record(
        actor=actor,
        action="credential_batch.create",
        instance=batch,
        after=snapshot(batch, ["issuer", "label", "total", "status"]),
    )
    transaction.on_commit(lambda: render_batch.enqueue(batch.pk))
    return batch
