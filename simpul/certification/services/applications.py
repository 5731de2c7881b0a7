"""FR.APL.01 and FR.APL.02: applying, self-assessment, documents, eligibility, submission, LSP check."""

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.associations.uploads import checked_upload
from simpul.core.audit import audit_record, snapshot
from simpul.organisations.models import Employment
from simpul.people.models import Person

from ..models import (
    EDUCATION_RANK,
    Answer,
    Application,
    Certificate,
    Document,
    DocumentKind,
    Element,
    Purpose,
    Scheme,
    SelfAssessment,
    Status,
)

APL01_FIELDS = [
    "purpose",
    "purpose_other",
    "name_on_diploma",
    "birth_date",
    "education_level",
    "education_major",
    "education_institution",
    "library_science",
    "has_training_certificate",
    "job_title",
    "job_organisation",
    "library_type",
    "years_in_cluster",
]


def _library_type_of(organisation) -> str:
    if organisation is None:
        return ""
    try:
        return organisation.library.library_type
    except ObjectDoesNotExist:
        return ""


def apl01_initial(person: Person) -> dict:
    """FR.APL.01 filled from the profile: name in capitals, highest education, current job."""
    education = sorted(
        person.education.all(), key=lambda e: (EDUCATION_RANK.get(e.level, 0), e.graduation_year or 0)
    )
    best = education[-1] if education else None
    job = (
        Employment.objects.filter(person=person, end_date__isnull=True)
        .select_related("organisation")
        .order_by("-start_date", "-id")
        .first()
    )
    today = timezone.localdate()
    years = 0
    if job and job.start_date:
        years = max(
            0,
            today.year
            - job.start_date.year
            - ((today.month, today.day) < (job.start_date.month, job.start_date.day)),
        )
    return {
        "name_on_diploma": person.display_name.upper(),
        "birth_date": person.birth_date,
        "education_level": best.level if best else "",
        "education_major": best.major if best else "",
        "education_institution": best.institution if best else "",
        "library_science": bool(best and best.is_library_science),
        "job_title": job.position if job else "",
        "job_organisation": (
            job.organisation.name if job and job.organisation else job.organisation_name if job else ""
        ),
        "library_type": _library_type_of(job.organisation if job else None),
        "years_in_cluster": min(years, 60),
    }


def eligibility_check(application: Application) -> tuple[bool, str]:
    """Eligible when any rule of the scheme is met; the reason names the rule met, or what each lacks."""
    rank = EDUCATION_RANK.get(application.education_level, 0)
    gaps = []
    for rule in application.scheme.rules.all():
        missing = []
        if rank < EDUCATION_RANK[rule.min_education]:
            missing.append(_("education at least %(level)s") % {"level": rule.min_education})
        if rule.library_science_required and not application.library_science:
            missing.append(_("a degree in library science"))
        if rule.training_certificate_required and not application.has_training_certificate:
            missing.append(_("a competency-based library training certificate"))
        if application.years_in_cluster < rule.min_years_in_cluster:
            missing.append(
                _("%(n)s years of continuous work in the cluster") % {"n": rule.min_years_in_cluster}
            )
        if not missing:
            return True, _("Eligible: %(rule)s.") % {"rule": rule.description}
        gaps.append(
            _("%(rule)s needs %(missing)s") % {"rule": rule.description, "missing": ", ".join(missing)}
        )
    if not gaps:
        return False, _("The scheme has no eligibility rule yet; the LSP must add one.")
    return False, _("Not eligible under any path. %(gaps)s.") % {"gaps": "; ".join(gaps)}


def _province_of(person: Person) -> str:
    return person.region_id.split(".")[0] if person.region_id else ""


def _clean_fields(fields: dict) -> dict:
    unknown = set(fields) - set(APL01_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    if "name_on_diploma" in fields:
        fields["name_on_diploma"] = " ".join(fields["name_on_diploma"].split()).upper()
    return fields


@transaction.atomic
def application_start(
    *, actor, person: Person, scheme: Scheme, previous_certificate: Certificate | None = None, **fields
) -> Application:
    """A draft FR.APL.01 (profile values unless given). One open application per person and scheme."""
    if not scheme.is_active:
        raise ValidationError({"scheme": _("This scheme is not open for applications.")})
    values = apl01_initial(person)
    values.update(_clean_fields(fields))
    if previous_certificate is not None:
        if previous_certificate.person_id != person.pk:
            raise ValidationError({"previous_certificate": _("That certificate belongs to someone else.")})
        values.setdefault("purpose", Purpose.RCC)
    application = Application(
        person=person,
        scheme=scheme,
        lsp_id=scheme.lsp_id,
        province_code=_province_of(person),
        previous_certificate=previous_certificate,
        **values,
    )
    application.full_clean(exclude=["person", "scheme", "lsp"], validate_constraints=False)
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as error:
        raise ValidationError(
            _("You already have an application for this scheme in progress; continue that one.")
        ) from error
    audit_record(actor=actor, action="certification.application.start", instance=application)
    return application


def _lock(application: Application) -> Application:
    return Application.objects.select_for_update(of=("self",)).select_related("scheme").get(pk=application.pk)


@transaction.atomic
def application_update(*, actor, application: Application, **fields) -> Application:
    application = _lock(application)
    if not application.is_editable_by_applicant:
        raise ValidationError(_("The application is with the LSP and can no longer be changed."))
    before = snapshot(application)
    for name, value in _clean_fields(fields).items():
        setattr(application, name, value)
    application.full_clean(exclude=["person", "scheme", "lsp"], validate_constraints=False)
    application.save()
    audit_record(actor=actor, action="certification.application.update", instance=application, before=before)
    return application


@transaction.atomic
def self_assessment_save(*, actor, application: Application, answers: dict[int, tuple[str, str]]) -> int:
    """FR.APL.02: `answers` maps element id to (K or BK, evidence note). Returns how many were saved."""
    application = _lock(application)
    if not application.is_editable_by_applicant:
        raise ValidationError(_("The application is with the LSP and can no longer be changed."))
    allowed = set(Element.objects.filter(unit__schemes=application.scheme_id).values_list("pk", flat=True))
    saved = 0
    for element_id, (answer, note) in answers.items():
        if element_id not in allowed:
            raise ValidationError(_("An answer refers to an element outside the scheme."))
        if answer not in Answer.values:
            raise ValidationError(_("Answer K or BK for every element."))
        SelfAssessment.objects.update_or_create(
            application=application,
            element_id=element_id,
            defaults={"answer": answer, "evidence_note": note[:300]},
        )
        saved += 1
    audit_record(
        actor=actor, action="certification.apl02.save", instance=application, after={"answers": saved}
    )
    return saved


@transaction.atomic
def document_add(*, actor, application: Application, kind: str, upload, unit=None) -> Document:
    """Store an upload checked by content (PDF, JPEG, PNG) and size; one per kind, except evidence."""
    application = _lock(application)
    if not application.is_editable_by_applicant:
        raise ValidationError(_("The application is with the LSP and can no longer be changed."))
    if kind not in DocumentKind.values:
        raise ValidationError(_("Unknown kind of document."))
    content_type = checked_upload(upload)
    if kind != DocumentKind.EVIDENCE:
        for old in application.documents.filter(kind=kind):
            old.file.delete(save=False)
            old.delete()
    document = Document.objects.create(
        application=application,
        kind=kind,
        unit=unit,
        file=upload,
        original_name=upload.name[:200],
        content_type=content_type,
        size=upload.size,
    )
    audit_record(
        actor=actor,
        action="certification.document.add",
        instance=application,
        after={"document": document.original_name, "kind": kind},
    )
    return document


def missing_items(application: Application) -> list[str]:
    """What keeps the application from being complete, in words the applicant understands."""
    missing = []
    elements = Element.objects.filter(unit__schemes=application.scheme_id).count()
    answered = application.self_assessments.count()
    if answered < elements:
        missing.append(
            _("FR.APL.02: %(n)s of %(total)s elements still need an answer.")
            % {"n": elements - answered, "total": elements}
        )
    have = set(application.documents.values_list("kind", flat=True))
    for required in application.scheme.required_documents.filter(mandatory=True):
        if required.kind not in have:
            missing.append(_("Document missing: %(doc)s.") % {"doc": required.get_kind_display()})
    if application.purpose == Purpose.OTHER and not application.purpose_other.strip():
        missing.append(_("Say what the other purpose is."))
    return missing


def application_submit(*, actor, application: Application) -> Application:
    """Submit to the LSP: complete and eligible, or a ValidationError saying what is missing or why not.

    An ineligible result is kept on the application (the page shows its reason) before the error is raised."""
    application, refusal = _submit(actor=actor, application=application)
    if refusal:
        raise ValidationError(refusal)
    return application


@transaction.atomic
def _submit(*, actor, application: Application) -> tuple[Application, str]:
    application = _lock(application)
    if application.status not in (Status.DRAFT, Status.RETURNED):
        return application, ""  # a second click changes nothing
    missing = missing_items(application)
    if missing:
        raise ValidationError(missing)
    eligible, reason = eligibility_check(application)
    before = snapshot(application)
    application.eligible, application.eligibility_reason = eligible, reason[:300]
    if not eligible:
        application.save(update_fields=["eligible", "eligibility_reason", "updated_at"])
        return application, reason
    application.status = Status.SUBMITTED
    application.submitted_at = application.submitted_at or timezone.now()
    application.save()
    audit_record(actor=actor, action="certification.application.submit", instance=application, before=before)
    return application, ""


@transaction.atomic
def application_accept(*, actor, application: Application) -> Application:
    """The LSP's completeness check passed. The eligibility is checked again, never assumed."""
    application = _lock(application)
    if application.status != Status.SUBMITTED:
        raise ValidationError(_("Only a submitted application can be accepted."))
    missing = missing_items(application)
    eligible, reason = eligibility_check(application)
    if missing or not eligible:
        raise ValidationError(missing + ([] if eligible else [reason]))
    before = snapshot(application)
    application.status, application.accepted_at = Status.ACCEPTED, timezone.now()
    application.eligible, application.eligibility_reason = True, reason[:300]
    application.save()
    audit_record(actor=actor, action="certification.application.accept", instance=application, before=before)
    return application


@transaction.atomic
def application_return(*, actor, application: Application, reason: str) -> Application:
    application = _lock(application)
    if application.status not in (Status.SUBMITTED, Status.ACCEPTED):
        raise ValidationError(_("Only a submitted or accepted application can be returned."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the application is returned: the applicant reads it.")})
    before = snapshot(application)
    application.status, application.return_reason = Status.RETURNED, reason.strip()
    application.save()
    audit_record(actor=actor, action="certification.application.return", instance=application, before=before)
    return application


@transaction.atomic
def application_withdraw(*, actor, application: Application) -> Application:
    application = _lock(application)
    if application.status not in (Status.DRAFT, Status.RETURNED, Status.SUBMITTED):
        raise ValidationError(_("Once accepted, ask the LSP to withdraw the application."))
    before = snapshot(application)
    application.status = Status.WITHDRAWN
    application.save()
    audit_record(
        actor=actor, action="certification.application.withdraw", instance=application, before=before
    )
    return application
