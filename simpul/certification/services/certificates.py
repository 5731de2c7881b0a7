"""The LSP's decision, certificates through simpul.credentials, revocation, expiry reminders, report rows."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.core.audit import audit_record, snapshot
from simpul.credentials.models import CredentialKind
from simpul.credentials.services import credential_issue, credential_revoke

from ..answers import REGISTER
from ..models import (
    Answer,
    AppealDecision,
    Application,
    Certificate,
    StatRow,
    Status,
)


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def certificate_subject(application: Application) -> dict:
    """What the certificate prints and the verification page shows: scheme, units, KKNI level."""
    scheme = application.scheme
    units = scheme.ordered_units()
    fields = [
        {"label": "Skema", "value": f"{scheme.code} {scheme.title}"},
        {"label": "Unit kompetensi", "value": "; ".join(f"{u.code} {u.title}" for u in units)},
    ]
    if scheme.kkni_level:
        fields.append({"label": "Jenjang KKNI", "value": str(scheme.kkni_level)})
    return {
        "fields": fields,
        "scheme": {"code": scheme.code, "title": scheme.title},
        "units": [u.code for u in units],
        "kkni_level": scheme.kkni_level,
    }


@transaction.atomic
def application_decide(
    *, actor, application: Application, note: str = "", decided_on: datetime.date | None = None
) -> Application:
    """The LSP decides on an assessed application: competent when every unit is K.

    Competent issues one COMPETENCY_CERTIFICATE (idempotent by source) valid for the scheme's years, and its
    register row; a renewal links the new certificate to the one it renews. `decided_on` records a past
    decision (an import or the demo): the certificate is valid from that day, though signed now."""
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("scheme", "person")
        .get(pk=application.pk)
    )
    if application.status in (Status.COMPETENT, Status.NOT_COMPETENT):
        return application  # decided already: a second click changes nothing
    if application.status != Status.ASSESSED:
        raise ValidationError(_("Only an assessed application can be decided."))
    appeal = getattr(application, "appeal", None)
    if appeal is not None and appeal.decision == AppealDecision.PENDING:
        raise ValidationError(_("An appeal is pending: decide on it first."))
    results = list(application.results.all())
    units = set(application.scheme.scheme_units.values_list("unit_id", flat=True))
    if units - {r.unit_id for r in results}:
        raise ValidationError(_("Some units have no recommendation."))
    competent = all(r.recommendation == Answer.K for r in results if r.unit_id in units)
    before = snapshot(application)
    now = timezone.now()
    application.status = Status.COMPETENT if competent else Status.NOT_COMPETENT
    application.decided_at, application.decided_by = (
        now,
        actor if getattr(actor, "is_authenticated", False) else None,
    )
    application.decision_note = note
    application.save()
    if competent:
        issued_on = decided_on or timezone.localdate(now)
        valid_until = add_years(issued_on, application.scheme.validity_years)
        credential = credential_issue(
            actor=actor,
            kind=CredentialKind.COMPETENCY_CERTIFICATE,
            holder=application.person,
            issuer=application.lsp,
            title=f"Sertifikat Kompetensi — {application.scheme.title}",
            subject=certificate_subject(application),
            valid_from=issued_on,
            valid_until=valid_until,
            source=f"certification.application:{application.pk}",
        )
        Certificate.objects.create(
            application=application,
            credential=credential,
            scheme=application.scheme,
            person=application.person,
            number=credential.number,
            holder_name=credential.holder_name,
            issued_on=issued_on,
            valid_until=valid_until,
            province_code=application.province_code,
            renews=application.previous_certificate,
        )
        REGISTER.changed()
    audit_record(actor=actor, action="certification.application.decide", instance=application, before=before)
    return application


@transaction.atomic
def certificate_revoke(*, actor, certificate: Certificate, reason: str) -> Certificate:
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    credential_revoke(actor=actor, credential=certificate.credential, reason=reason)
    if not certificate.revoked:
        certificate.revoked = True
        certificate.save(update_fields=["revoked"])
        REGISTER.changed()
        audit_record(
            actor=actor, action="certification.certificate.revoke", instance=certificate, note=reason[:300]
        )
    return certificate


def expiry_reminders_send(*, days: int = 90, today: datetime.date | None = None) -> int:
    """E-mail holders whose valid certificate ends within `days` and who were not reminded yet.

    Each certificate is claimed with an atomic update before its mail is sent, so two runs never send twice."""
    today = today or timezone.localdate()
    due = Certificate.objects.filter(
        revoked=False,
        reminded_at__isnull=True,
        valid_until__gte=today,
        valid_until__lte=today + datetime.timedelta(days=days),
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(due[:5000]):
        claimed = Certificate.objects.filter(pk=pk, reminded_at__isnull=True).update(
            reminded_at=timezone.now()
        )
        if not claimed:
            continue
        certificate = Certificate.objects.select_related("scheme", "person__user").get(pk=pk)
        user = certificate.person.user
        if user is None or not user.email:
            continue
        send_mail(
            subject=_("Your competency certificate expires on %(date)s")
            % {"date": certificate.valid_until.strftime("%d-%m-%Y")},
            message=_(
                "Dear %(name)s,\n\nyour certificate %(number)s (%(scheme)s) is valid until %(date)s. "
                "Apply for re-certification (RCC) in Simpul, under Competency certification, before it ends.\n"
            )
            % {
                "name": certificate.holder_name,
                "number": certificate.number,
                "scheme": certificate.scheme.title,
                "date": certificate.valid_until.strftime("%d-%m-%Y"),
            },
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[user.email],
        )
        sent += 1
    return sent


@transaction.atomic
def stats_refresh() -> int:
    """Rebuild the report rows from the applications (two grouped reads); returns the number of rows."""
    key_fields = ("year", "scheme_id", "session__tuk_id", "province_code", "library_type")
    base = Application.objects.exclude(status__in=[Status.DRAFT, Status.WITHDRAWN]).annotate(
        year=ExtractYear("created_at")
    )
    rows = base.values(*key_fields).annotate(
        applicants=Count("id"),
        decided=Count("id", filter=Q(status__in=[Status.COMPETENT, Status.NOT_COMPETENT])),
        competent=Count("id", filter=Q(status=Status.COMPETENT)),
        certified=Count("certificate"),
    )
    days: dict[tuple, int] = {}
    for values in base.filter(certificate__isnull=False).values_list(
        *key_fields, "created_at", "certificate__issued_on"
    ):
        key, created_at, issued_on = values[:5], values[5], values[6]
        days[key] = days.get(key, 0) + max(0, (issued_on - timezone.localdate(created_at)).days)
    StatRow.objects.all().delete()
    objects = [
        StatRow(
            year=row["year"],
            scheme_id=row["scheme_id"],
            tuk_id=row["session__tuk_id"],
            province_code=row["province_code"],
            library_type=row["library_type"],
            applicants=row["applicants"],
            decided=row["decided"],
            competent=row["competent"],
            certified=row["certified"],
            days_to_certificate=days.get(tuple(row[k] for k in key_fields), 0),
        )
        for row in rows
    ]
    StatRow.objects.bulk_create(objects, batch_size=2000)
    return len(objects)
