"""The assessor's workspace: consent (FR.AK.01), results per unit (FR.AK.02/03), appeals (FR.AK.04)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.core.audit import audit_record, snapshot

from ..models import (
    DECIDED_STATUSES,
    Answer,
    Appeal,
    AppealDecision,
    Application,
    Method,
    Status,
    UnitResult,
)


def _lock(application: Application) -> Application:
    return Application.objects.select_for_update(of=("self",)).get(pk=application.pk)


@transaction.atomic
def consent_record(*, actor, application: Application) -> Application:
    """FR.AK.01: the assessee agrees to the assessment plan; recorded once by the assessee or their assessor."""
    application = _lock(application)
    if application.status != Status.SCHEDULED or application.assessor_id is None:
        raise ValidationError(_("Consent is recorded once the application is scheduled with an assessor."))
    if application.consent_at:
        return application
    before = snapshot(application)
    application.consent_at = timezone.now()
    application.save(update_fields=["consent_at", "updated_at"])
    audit_record(actor=actor, action="certification.consent", instance=application, before=before)
    return application


@transaction.atomic
def unit_result_save(
    *,
    actor,
    application: Application,
    unit,
    methods: list[str],
    recommendation: str,
    notes: str = "",
    feedback: str = "",
) -> UnitResult:
    """The assessor's methods and K/BK recommendation for one unit, before the decision only."""
    application = _lock(application)
    if application.status not in (Status.SCHEDULED, Status.ASSESSED):
        raise ValidationError(
            _("The result can no longer change: the LSP has decided. Ask for a correction.")
        )
    if not application.consent_at:
        raise ValidationError(_("Record the assessee's consent (FR.AK.01) first."))
    if not application.scheme.scheme_units.filter(unit=unit).exists():
        raise ValidationError(_("This unit is not part of the scheme."))
    if recommendation not in Answer.values:
        raise ValidationError({"recommendation": _("Choose K or BK.")})
    if not methods or not set(methods) <= set(Method.values):
        raise ValidationError({"methods": _("Choose at least one assessment method.")})
    result, _created = UnitResult.objects.update_or_create(
        application=application,
        unit=unit,
        defaults={
            "methods": list(methods),
            "recommendation": recommendation,
            "notes": notes,
            "feedback": feedback,
        },
    )
    audit_record(
        actor=actor,
        action="certification.result.save",
        instance=application,
        after={"unit": unit.code, "recommendation": recommendation, "methods": list(methods)},
    )
    return result


@transaction.atomic
def assessment_complete(*, actor, application: Application) -> Application:
    """Hand the assessment to the LSP: every unit of the scheme has a recommendation."""
    application = _lock(application)
    if application.status == Status.ASSESSED:
        return application
    if application.status != Status.SCHEDULED:
        raise ValidationError(_("Only a scheduled assessment can be completed."))
    units = set(application.scheme.scheme_units.values_list("unit_id", flat=True))
    done = set(application.results.values_list("unit_id", flat=True))
    if units - done:
        raise ValidationError(_("%(n)s units still need a recommendation.") % {"n": len(units - done)})
    before = snapshot(application)
    application.status, application.assessed_at = Status.ASSESSED, timezone.now()
    application.save(update_fields=["status", "assessed_at", "updated_at"])
    audit_record(actor=actor, action="certification.assessment.complete", instance=application, before=before)
    return application


@transaction.atomic
def result_correct(*, actor, application: Application, unit, recommendation: str, reason: str) -> UnitResult:
    """After the decision a result changes only by this audited correction (the certificate is not touched:
    the LSP revokes or decides again as a separate step)."""
    application = _lock(application)
    if application.status not in DECIDED_STATUSES:
        raise ValidationError(_("Before the decision the assessor edits the result directly."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the result is corrected.")})
    if recommendation not in Answer.values:
        raise ValidationError({"recommendation": _("Choose K or BK.")})
    result = UnitResult.objects.select_for_update().get(application=application, unit=unit)
    before = snapshot(result)
    result.recommendation = recommendation
    result.save(update_fields=["recommendation"])
    audit_record(
        actor=actor,
        action="certification.result.correct",
        instance=result,
        before=before,
        note=reason.strip(),
    )
    return result


@transaction.atomic
def appeal_submit(*, actor, application: Application, reason: str) -> Appeal:
    """FR.AK.04 by the assessee, after the assessment; one appeal per application."""
    application = _lock(application)
    if application.status not in (Status.ASSESSED, Status.NOT_COMPETENT):
        raise ValidationError(_("An appeal is possible after the assessment."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say what the appeal is about.")})
    if Appeal.objects.filter(application=application).exists():
        raise ValidationError(_("An appeal was already submitted for this application."))
    appeal = Appeal.objects.create(application=application, reason=reason.strip())
    audit_record(actor=actor, action="certification.appeal.submit", instance=appeal)
    return appeal


@transaction.atomic
def appeal_decide(*, actor, appeal: Appeal, decision: str, note: str) -> Appeal:
    """Upheld: the application returns to its assessor for reassessment. Rejected: the result stands."""
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if appeal.decision != AppealDecision.PENDING:
        return appeal
    if decision not in (AppealDecision.UPHELD, AppealDecision.REJECTED):
        raise ValidationError({"decision": _("Uphold or reject the appeal.")})
    if not note.strip():
        raise ValidationError({"note": _("Explain the decision on the appeal.")})
    before = snapshot(appeal)
    appeal.decision, appeal.decision_note, appeal.decided_at = decision, note.strip(), timezone.now()
    appeal.save()
    if decision == AppealDecision.UPHELD:
        application = _lock(appeal.application)
        application.status, application.decided_at = Status.SCHEDULED, None
        application.save(update_fields=["status", "decided_at", "updated_at"])
    audit_record(actor=actor, action="certification.appeal.decide", instance=appeal, before=before)
    return appeal
