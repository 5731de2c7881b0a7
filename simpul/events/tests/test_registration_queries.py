"""The registration's locked part stays small: a bounded number of queries per registration."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from simpul.events import services
from simpul.events.models import Event, Registration, RegistrationStatus

from .factories import make_event, person_with_account

pytestmark = pytest.mark.django_db


def _under_lock(captured) -> int:
    """Queries from the event's row lock to the end of the registration."""
    sqls = [q["sql"] for q in captured.captured_queries]
    return len(sqls) - next(
        i for i, sql in enumerate(sqls) if "FOR UPDATE" in sql or '"events_event"."id" =' in sql and i > 2
    )


def test_a_registration_takes_few_queries_and_waitlist_positions_follow_the_locked_counter(ipi):
    event = make_event(ipi["ntb"], capacity=1)
    people = [person_with_account(f"Peserta {n}") for n in range(3)]
    with CaptureQueriesContext(connection) as captured:
        services.registration_create(actor=None, event=event, person=people[0])
    print("queries per confirmed registration:", len(captured.captured_queries))
    assert len(captured.captured_queries) <= 8  # no probe for an earlier registration: the constraint answers
    print("of which under the lock:", _under_lock(captured))
    assert _under_lock(captured) <= 5  # lock, insert, one UPDATE of counters, audit, savepoint end
    for person in people[1:]:
        with CaptureQueriesContext(connection) as captured:
            services.registration_create(actor=None, event=event, person=person)
        print("waitlisted: queries", len(captured.captured_queries), "under the lock", _under_lock(captured))
        assert _under_lock(captured) <= 5  # the waiting list's sequence moves in the same UPDATE
    positions = list(
        Registration.objects.filter(event=event, status=RegistrationStatus.WAITLISTED)
        .order_by("waitlist_position")
        .values_list("waitlist_position", flat=True)
    )
    assert positions == [1, 2]
    event = Event.objects.get(pk=event.pk)
    assert (event.confirmed_count, event.waitlist_count, event.waitlist_seq) == (1, 2, 2)


def test_the_confirmation_mail_is_sent_by_the_worker_not_the_request(
    ipi, settings, mailoutbox, django_capture_on_commit_callbacks
):
    """The request only queues the e-mail (no QR image drawn, no wait for the mail server); the worker's
    run of the queued task sends it, with the ticket attached. (`simpul worker --batch` itself closes
    the database connection when done, which the test's transaction cannot survive on PostgreSQL.)"""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    event = make_event(ipi["ntb"], capacity=5)
    person = person_with_account("Peserta Surat")
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.registration_create(actor=None, event=event, person=person)
    assert registration.status == RegistrationStatus.CONFIRMED
    assert mailoutbox == []
    queued = DBTaskResult.objects.get()  # what `simpul worker` will pick up
    assert queued.task_path.endswith("registration_mail")
    queued.task.call(*queued.args_kwargs["args"], **queued.args_kwargs["kwargs"])  # as the worker does
    assert len(mailoutbox) == 1
    assert registration.ticket in mailoutbox[0].body
    assert mailoutbox[0].attachments[0][0] == f"tiket-{registration.ticket}.png"


def test_registering_again_returns_the_registration_made_even_when_full_or_closed(ipi):
    """Nobody probes for an earlier registration before deciding: the constraint, or the refusal,
    leads back to it, so a second tap after the event filled up or closed still shows the ticket."""
    event = make_event(ipi["ntb"], capacity=1)
    first, second = person_with_account("Peserta Satu"), person_with_account("Peserta Dua")
    made, created = services.registration_create_or_get(actor=None, event=event, person=first)
    assert created and made.status == RegistrationStatus.CONFIRMED
    services.registration_create(actor=None, event=event, person=second)  # the event is full now
    again, created = services.registration_create_or_get(actor=None, event=event, person=first)
    assert (again.pk, created, again.status) == (made.pk, False, RegistrationStatus.CONFIRMED)
    services.event_update(actor=None, event=event, status="cancelled")  # no longer open at all
    again, created = services.registration_create_or_get(actor=None, event=event, person=first)
    assert (again.pk, created) == (made.pk, False)
    stranger = person_with_account("Peserta Tiga")
    with pytest.raises(services.RegistrationError):
        services.registration_create(actor=None, event=event, person=stranger)
    event.refresh_from_db()
    assert (event.confirmed_count, event.waitlist_count) == (1, 1)
