import datetime

import pytest
from django.utils import timezone

from simpul.events.models import CheckIn, EventKind, EventStatus, Registration, RegistrationStatus
from simpul.events.selectors import attended_events
from simpul.events.services import event_create
from simpul.testing.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _event(ipi, days_from_now, title):
    start = timezone.now() + datetime.timedelta(days=days_from_now)
    return event_create(
        actor=None,
        kind=EventKind.SEMINAR,
        title=title,
        organisers=[ipi["central"]],
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        status=EventStatus.PUBLISHED,
    )


def test_attended_events_counts_check_ins_and_confirmed_past_events_newest_first(ipi):
    person, other = PersonFactory(), PersonFactory()
    old = _event(ipi, -60, "Old, no check-in used")
    recent = _event(ipi, -10, "Recent, checked in")
    missed = _event(ipi, -5, "Check-in used, person absent")
    future = _event(ipi, 10, "Not yet")
    for event in (old, recent, missed, future):
        Registration.objects.create(event=event, person=person, status=RegistrationStatus.CONFIRMED, name="x")
    Registration.objects.create(event=old, person=other, status=RegistrationStatus.CONFIRMED, name="y")
    CheckIn.objects.create(registration=recent.registrations.get(person=person), day=recent.starts_at.date())
    someone = Registration.objects.create(
        event=missed, person=other, status=RegistrationStatus.CONFIRMED, name="z"
    )
    CheckIn.objects.create(registration=someone, day=missed.starts_at.date())

    assert list(attended_events(person)) == [recent, old]
    assert list(attended_events(other)) == [missed, old]
