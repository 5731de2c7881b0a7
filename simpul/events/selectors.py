"""Reads of simpul.events. Other apps read events through these functions."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from .models import CheckIn, Event, Registration, RegistrationStatus


def attended_events(person) -> QuerySet[Event]:
    """Events `person` attended, newest first.

    Attended means checked in at least once; for a past event where nobody was checked in at all
    (check-in not used), a confirmed registration counts.
    """
    if person is None or getattr(person, "pk", None) is None:
        return Event.objects.none()
    mine = Registration.objects.filter(event=OuterRef("pk"), person=person)
    checked_in = CheckIn.objects.filter(registration__event=OuterRef("pk"), registration__person=person)
    anyone_checked_in = CheckIn.objects.filter(registration__event=OuterRef("pk"))
    return (
        Event.objects.alias(
            checked=Exists(checked_in),
            confirmed=Exists(mine.filter(status=RegistrationStatus.CONFIRMED)),
            any_check_in=Exists(anyone_checked_in),
        )
        .filter(
            Q(checked=True)
            | Q(confirmed=True, any_check_in=False, checked_in_count=0, ends_at__lt=timezone.now())
        )
        .order_by("-starts_at", "-id")
    )
