"""Check-in at the door: by ticket code (QR or typed) or by a registration found by name. Idempotent."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, OuterRef, Subquery
from django.utils.translation import gettext as _

from simpul.core.audit import audit_record

from .. import selectors
from ..models import CheckIn, Event, Registration, RegistrationStatus, Session


@dataclass
class CheckInResult:
    registration: Registration
    check_in: CheckIn
    created: bool  # False: this person was already checked in for this day or session


def _normalise(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


@transaction.atomic
def checkin_record(
    *,
    actor,
    event: Event,
    day: datetime.date,
    code: str = "",
    registration: Registration | None = None,
    session: Session | None = None,
) -> CheckInResult:
    """Record that a participant is present on `day` (or at `session`). A second scan changes nothing.

    A ticket of another event, an unknown code, or a registration that is not confirmed is refused
    with a message the door staff can read out.
    """
    if registration is None:
        ticket = _normalise(code)
        if not ticket:
            raise ValidationError({"code": _("Type or scan a ticket code.")})
        registration = Registration.objects.select_related("event").filter(ticket=ticket).first()
        if registration is None:
            raise ValidationError({"code": _("No ticket has the code %(code)s.") % {"code": ticket}})
    if registration.event_id != event.pk:
        raise ValidationError(
            {
                "code": _("This ticket is for another event: %(title)s. It is not valid here.")
                % {"title": registration.event.title}
            }
        )
    if registration.status != RegistrationStatus.CONFIRMED:
        raise ValidationError(
            {
                "code": _("%(name)s's registration is %(status)s, not confirmed.")
                % {"name": registration.name, "status": registration.get_status_display()}
            }
        )
    if session is not None and session.event_id != event.pk:
        raise ValidationError({"session": _("This session belongs to another event.")})
    days = selectors.event_days(event)  # in the venue's time zone, as the door page shows them
    if not (days[0] - datetime.timedelta(days=1) <= day <= days[-1] + datetime.timedelta(days=1)):
        raise ValidationError({"day": _("The event does not take place on this day.")})
    lookup = {"registration": registration, "session": session}
    if session is None:
        lookup["day"] = day
    existing = CheckIn.objects.filter(**lookup).first()
    if existing:
        return CheckInResult(registration, existing, False)
    try:
        with transaction.atomic():
            check_in = CheckIn.objects.create(
                registration=registration,
                day=day,
                session=session,
                by=actor if getattr(actor, "is_authenticated", False) else None,
            )
    except IntegrityError:  # the same ticket scanned at two doors at once
        return CheckInResult(registration, CheckIn.objects.get(**lookup), False)
    days = CheckIn.objects.filter(registration=registration).values("day").distinct().count()
    first_ever = not CheckIn.objects.filter(registration=registration).exclude(pk=check_in.pk).exists()
    Registration.objects.filter(pk=registration.pk).update(days_attended=days)
    registration.days_attended = days
    if first_ever:
        Event.objects.filter(pk=event.pk).update(checked_in_count=F("checked_in_count") + 1)
    audit_record(
        actor=actor,
        action="event.check_in",
        instance=registration,
        after={"day": day.isoformat(), "session": session.pk if session else None},
    )
    return CheckInResult(registration, check_in, True)


@transaction.atomic
def checkin_many(*, actor, event: Event, day: datetime.date, registrations: list[Registration]) -> int:
    """Mark many confirmed participants present on `day` (an attendance sheet typed in after the
    event, the demo). Already present ones are skipped; returns how many were added."""
    ids = list(
        Registration.objects.filter(
            event=event, status=RegistrationStatus.CONFIRMED, pk__in=[r.pk for r in registrations]
        ).values_list("pk", flat=True)
    )
    present = set(
        CheckIn.objects.filter(registration_id__in=ids, day=day, session__isnull=True).values_list(
            "registration_id", flat=True
        )
    )
    before_any = set(
        CheckIn.objects.filter(registration_id__in=ids).values_list("registration_id", flat=True)
    )
    by = actor if getattr(actor, "is_authenticated", False) else None
    new = [CheckIn(registration_id=pk, day=day, by=by) for pk in ids if pk not in present]
    CheckIn.objects.bulk_create(new, batch_size=1000)
    days = (
        CheckIn.objects.filter(registration=OuterRef("pk"))
        .values("registration")
        .annotate(n=Count("day", distinct=True))
        .values("n")
    )
    Registration.objects.filter(pk__in={c.registration_id for c in new}).update(days_attended=Subquery(days))
    first_time = len({c.registration_id for c in new} - before_any)
    if first_time:
        Event.objects.filter(pk=event.pk).update(checked_in_count=F("checked_in_count") + first_time)
    if new:
        audit_record(
            actor=actor,
            action="event.check_in_many",
            instance=event,
            after={"day": day.isoformat(), "count": len(new)},
        )
    return len(new)
