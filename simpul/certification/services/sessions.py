"""Assessment sessions at a TUK (each an events.Event) and who assesses whom."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from simpul.core.audit import audit_record, snapshot
from simpul.events.models import EventKind
from simpul.events.services import event_create

from ..models import Application, AssessmentSession, Assessor, Scheme, Status, Tuk


@transaction.atomic
def session_create(
    *,
    actor,
    tuk: Tuk,
    schemes: list[Scheme],
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    capacity: int,
) -> AssessmentSession:
    """A session is an event of kind certification_session organised by the LSP at an active TUK."""
    if not schemes:
        raise ValidationError({"schemes": _("Choose at least one scheme.")})
    if not tuk.is_active:
        raise ValidationError({"tuk": _("%(tuk)s is retired; choose an active TUK.") % {"tuk": tuk.name}})
    if any(scheme.lsp_id != tuk.lsp_id for scheme in schemes):
        raise ValidationError(_("The TUK and the scheme belong to different LSPs."))
    if ends_at < starts_at:
        raise ValidationError({"ends_at": _("The session ends before it starts.")})
    if capacity < 1:
        raise ValidationError({"capacity": _("The capacity must be at least 1.")})
    event = event_create(
        actor=actor,
        kind=EventKind.CERTIFICATION_SESSION,
        title=title,
        organisers=[tuk.lsp],
        starts_at=starts_at,
        ends_at=ends_at,
        venue_name=tuk.name,
        venue_region=tuk.region,
        capacity=capacity,
    )
    session = AssessmentSession.objects.create(event=event, lsp=tuk.lsp, tuk=tuk, capacity=capacity)
    session.schemes.set(schemes)
    audit_record(actor=actor, action="certification.session.create", instance=session)
    return session


@transaction.atomic
def session_add_applications(*, actor, session: AssessmentSession, applications: list[Application]) -> int:
    """Schedule accepted applications of the session's schemes; the session row is locked so two
    schedulers at once never pass its capacity. Returns how many were added."""
    session = AssessmentSession.objects.select_for_update().get(pk=session.pk)
    ids = [a.pk for a in applications]
    rows = list(Application.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    seated = Application.objects.filter(session=session).count()
    fresh = [a for a in rows if a.session_id != session.pk]
    scheme_ids = set(session.schemes.values_list("pk", flat=True))
    for application in fresh:
        if application.status != Status.ACCEPTED:
            raise ValidationError(
                _("%(name)s is not accepted yet and cannot be scheduled.")
                % {"name": application.name_on_diploma}
            )
        if application.scheme_id not in scheme_ids:
            raise ValidationError(
                _("%(name)s applied for a scheme this session does not assess.")
                % {"name": application.name_on_diploma}
            )
    if seated + len(fresh) > session.capacity:
        raise ValidationError(
            _("The session has %(free)s free places; %(n)s were chosen.")
            % {"free": max(0, session.capacity - seated), "n": len(fresh)}
        )
    for application in fresh:
        application.session, application.status = session, Status.SCHEDULED
        application.save(update_fields=["session", "status", "updated_at"])
    if fresh:
        audit_record(
            actor=actor,
            action="certification.session.schedule",
            instance=session,
            after={"added": len(fresh)},
        )
    return len(fresh)


@transaction.atomic
def assessor_assign(*, actor, application: Application, assessor: Assessor) -> Application:
    """Only an active assessor of the scheme, and no more assessees in one session than their maximum load.

    The assessor's row is locked, so two administrators assigning at once cannot overload them."""
    assessor = Assessor.objects.select_for_update().get(pk=assessor.pk)
    application = Application.objects.select_for_update(of=("self",)).get(pk=application.pk)
    if application.session_id is None or application.status != Status.SCHEDULED:
        raise ValidationError(_("Schedule the application into a session before assigning an assessor."))
    if application.assessor_id == assessor.pk:
        return application
    if not assessor.is_active:
        raise ValidationError(
            _("%(name)s is retired and takes no new assessees.") % {"name": assessor.person.display_name}
        )
    if not assessor.schemes.filter(pk=application.scheme_id).exists():
        raise ValidationError(_("This assessor may not assess this scheme."))
    if assessor.lsp_id != application.lsp_id:
        raise ValidationError(_("This assessor belongs to another LSP."))
    load = Application.objects.filter(session_id=application.session_id, assessor=assessor).count()
    if load >= assessor.max_load:
        raise ValidationError(
            _("%(name)s already has %(n)s assessees in this session, the most allowed.")
            % {"name": assessor.person.display_name, "n": load}
        )
    before = snapshot(application)
    application.assessor = assessor
    application.save(update_fields=["assessor", "updated_at"])
    audit_record(actor=actor, action="certification.assessor.assign", instance=application, before=before)
    return application
