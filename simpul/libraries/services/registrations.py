"""Registration: a person applies to register a new library or to claim a listed one; the library
office of the library's regency/city verifies, then approves (issuing the NPP) or rejects with a reason."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.core.audit import audit_record, snapshot

from ..models import Application, Library, Status
from .libraries import library_create, library_manager_add, library_set_status


def _regency_of(library: Library) -> str:
    return library.regency_code or library.province_code


def _application_create(
    *, actor, kind: str, library: Library, applicant, position: str, evidence: str
) -> Application:
    application = Application(
        kind=kind,
        library=library,
        applicant=applicant,
        regency_code=_regency_of(library),
        position=position,
        evidence=evidence,
    )
    application.full_clean(exclude=["library", "applicant"], validate_constraints=False)
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as exc:
        raise ValidationError(
            _("You have already applied for this library; the office is looking at it.")
        ) from exc
    audit_record(actor=actor, action=f"library_application.{kind}", instance=application)
    return application


@transaction.atomic
def application_register(
    *, actor, applicant, position: str, evidence: str = "", **library_fields
) -> Application:
    """A new library, awaiting verification (not in the public directory yet), and its application."""
    library = library_create(actor=actor, status=Status.PENDING, **library_fields)
    return _application_create(
        actor=actor, kind=Application.Kind.REGISTER, library=library, applicant=applicant,
        position=position, evidence=evidence,
    )  # fmt: skip


@transaction.atomic
def application_claim(
    *, actor, applicant, library: Library, position: str, evidence: str = ""
) -> Application:
    """A request to become the manager of a library already listed in the directory."""
    if library.status not in (Status.REGISTERED, Status.LISTED):
        raise ValidationError(_("Only a library listed in the directory can be claimed."))
    return _application_create(
        actor=actor, kind=Application.Kind.CLAIM, library=library, applicant=applicant,
        position=position, evidence=evidence,
    )  # fmt: skip


def _locked_open(application: Application) -> Application:
    application = (
        Application.objects.select_for_update().select_related("library", "applicant").get(pk=application.pk)
    )
    if not application.is_open:
        raise ValidationError(_("This application has already been decided."))
    return application


@transaction.atomic
def application_verify(*, actor, application: Application, note: str = "") -> Application:
    """The office has checked the data (for example on a visit); approval can follow."""
    application = _locked_open(application)
    before = snapshot(application)
    application.state = Application.State.VERIFIED
    application.save(update_fields=["state", "updated_at"])
    audit_record(
        actor=actor, action="library_application.verify", instance=application, before=before, note=note
    )
    return application


@transaction.atomic
def application_approve(*, actor, application: Application) -> Application:
    """Approve: the library becomes registered with the next NPP (if it has none) and the applicant
    becomes one of its managers. Safe under concurrent approvals (row locks, unique NPP)."""
    application = _locked_open(application)
    before = snapshot(application)
    library = application.library
    if library.status != Status.REGISTERED:
        library = library_set_status(
            actor=actor, library=library, status=Status.REGISTERED, note=_("Application approved")
        )
    library_manager_add(actor=actor, library=library, person=application.applicant)
    application.state = Application.State.APPROVED
    application.decided_by = actor
    application.decided_at = timezone.now()
    application.save(update_fields=["state", "decided_by", "decided_at", "updated_at"])
    audit_record(actor=actor, action="library_application.approve", instance=application, before=before)
    return application


@transaction.atomic
def application_reject(*, actor, application: Application, reason: str) -> Application:
    """Reject with a reason the applicant sees. A rejected new library leaves the queue (status rejected)."""
    if not (reason or "").strip():
        raise ValidationError(
            {"reason": _("Say why the application is rejected: the applicant will read it.")}
        )
    application = _locked_open(application)
    before = snapshot(application)
    application.state = Application.State.REJECTED
    application.reason = reason.strip()
    application.decided_by = actor
    application.decided_at = timezone.now()
    application.save(update_fields=["state", "reason", "decided_by", "decided_at", "updated_at"])
    if application.kind == Application.Kind.REGISTER and application.library.status == Status.PENDING:
        library_set_status(
            actor=actor, library=application.library, status=Status.REJECTED, note=reason.strip()
        )
    audit_record(actor=actor, action="library_application.reject", instance=application, before=before)
    return application
