"""Test helpers for simpul.events: events made through the services, as the pages make them."""

import datetime

from django.utils import timezone

from simpul.events import services
from simpul.events.models import EventKind, EventStatus
from simpul.testing.factories import PersonFactory, grant


def make_event(organiser, *, days_from_now: float = 10, hours: float = 8, **fields):
    start = (timezone.now() + datetime.timedelta(days=days_from_now)).replace(microsecond=0)
    values = {
        "kind": EventKind.SEMINAR,
        "title": "Seminar Nasional Perpustakaan",
        "venue_name": "Hotel Lombok Raya",
        "status": EventStatus.PUBLISHED,
    }
    values.update(fields)
    return services.event_create(
        actor=None,
        organisers=[organiser],
        starts_at=fields.pop("starts_at", start),
        ends_at=fields.pop("ends_at", start + datetime.timedelta(hours=hours)),
        **{k: v for k, v in values.items() if k not in ("starts_at", "ends_at")},
    )


def person_with_account(name: str, email: str | None = None, **fields):
    person = PersonFactory(full_name=name, **fields)
    if email:
        person.user.email = email
        person.user.save(update_fields=["email"])
    return person


def organiser_of(organisation, role, name="Panitia Acara"):
    person = PersonFactory(full_name=name)
    grant(person, role, organisation=organisation)
    return person.user
