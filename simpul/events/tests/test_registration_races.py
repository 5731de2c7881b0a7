"""Never more confirmed than the capacity or a quota, under parallel registrations (PostgreSQL)."""

import threading

import pytest
from django.db import connection, connections

from simpul.events import services
from simpul.events.models import Category, Event, Registration, RegistrationStatus

from .factories import make_event, person_with_account

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has one writer at a time, so it cannot race; this test needs PostgreSQL (DATABASE_URL)",
)
def test_forty_parallel_registrations_for_ten_places_confirm_exactly_ten(ipi):
    event = make_event(ipi["ntb"], capacity=10)
    students = services.category_save(actor=None, event=event, name="Mahasiswa", quota=4)
    people = [person_with_account(f"Peserta {n}") for n in range(40)]
    barrier = threading.Barrier(20)
    errors = []

    # Categories: people with odd pk choose the student category (quota 4); the rest none.
    # registration_create requires a category when an event has some: give the rest a second one.
    others = services.category_save(actor=None, event=event, name="Umum", quota=None)
    for person in people:
        person.category = students if person.pk % 2 else others

    def register_with_category(chunk):
        try:
            barrier.wait(timeout=30)
            for person in chunk:
                for _ in range(2):
                    services.registration_create(
                        actor=None, event=event, person=person, category=person.category
                    )
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register_with_category, args=(people[i::20],)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    rows = Registration.objects.filter(event=event)
    assert rows.count() == 40
    assert rows.filter(status=RegistrationStatus.CONFIRMED).count() == 10
    assert rows.filter(status=RegistrationStatus.CONFIRMED, category=students).count() <= 4
    assert rows.filter(status=RegistrationStatus.WAITLISTED).count() == 30
    event = Event.objects.get(pk=event.pk)
    assert (event.confirmed_count, event.waitlist_count) == (10, 30)
    assert (
        Category.objects.get(pk=students.pk).confirmed_count
        == rows.filter(status=RegistrationStatus.CONFIRMED, category=students).count()
    )
    positions = sorted(
        rows.filter(status=RegistrationStatus.WAITLISTED).values_list("waitlist_position", flat=True)
    )
    assert positions == list(range(1, 31))


def test_the_database_refuses_more_confirmed_than_capacity_even_without_the_service(ipi):
    from django.db import IntegrityError, transaction

    event = make_event(ipi["ntb"], capacity=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(confirmed_count=2)
