"""Registration: confirm, waitlist, approve, reject, cancel, promote.

The guarantee "never more confirmed than the capacity or a category's quota" is held by the
database: every write here first locks the event's row (SELECT ... FOR UPDATE), so registrations
of one event run one after another, and the counters it keeps are bounded by check constraints
(`event_within_capacity`, `event_category_within_quota`) that refuse an overbooking even if a
future code path forgot the lock.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.core.audit import audit_record
from simpul.organisations.models import Employment
from simpul.people.models import Person

from ..models import (
    ACTIVE_STATUSES,
    ApprovalMode,
    Category,
    Event,
    EventStatus,
    Registration,
    RegistrationStatus,
)
from . import notify


class RegistrationError(ValidationError):
    """A registration refused for a reason the person should read."""


# What deciding a registration reads from the locked event row (not its long texts).
_DECIDING = (
    "status",
    "approval",
    "capacity",
    "confirmed_count",
    "waitlist_count",
    "pending_count",
    "waitlist_seq",
    "registration_opens_at",
    "registration_closes_at",
    "starts_at",
    "ends_at",
)


def _locked_event(event_id: int) -> Event:
    return Event.objects.select_for_update().get(pk=event_id)


def _locked_event_to_decide(event_id: int) -> Event:
    """The event's row, locked, with only what a new registration's decision reads."""
    return Event.objects.select_for_update().only(*_DECIDING).get(pk=event_id)


def _has_room(event: Event, category: Category | None) -> bool:
    if event.capacity is not None and event.confirmed_count >= event.capacity:
        return False
    return category is None or category.quota is None or category.confirmed_count < category.quota


def _count(
    event: Event, category_id: int | None, status: str, delta: int, next_in_line: bool = False
) -> None:
    """Move the event's (and the category's) counter of `status` by `delta`, in one UPDATE of the
    event's row; `next_in_line` also advances the waiting list's sequence (the caller has already put
    its new value on `event`)."""
    field = {
        RegistrationStatus.CONFIRMED: "confirmed_count",
        RegistrationStatus.WAITLISTED: "waitlist_count",
        RegistrationStatus.PENDING: "pending_count",
    }.get(status)
    if field is None:
        return
    changes = {field: F(field) + delta}
    if next_in_line:
        changes["waitlist_seq"] = F("waitlist_seq") + 1
    Event.objects.filter(pk=event.pk).update(**changes)
    setattr(event, field, getattr(event, field) + delta)
    if field == "confirmed_count" and category_id:
        Category.objects.filter(pk=category_id).update(confirmed_count=F("confirmed_count") + delta)


def _frozen_profile(person: Person) -> dict:
    """What the report needs, as it was on the day of registration (the current job and its library's
    type in one query)."""
    job = (
        Employment.objects.filter(person=person, end_date__isnull=True)
        .order_by("-start_date", "-id")
        .values_list(
            "organisation_id",
            "organisation__name",
            "organisation_name",
            "organisation__library__library_type",
        )
        .first()
    )
    organisation_id, organisation, typed_name, library_type = job or (None, "", "", "")
    return {
        "name": person.display_name,
        "province_code": (person.region_id or "")[:2],
        "gender": person.gender or "",
        "library_type": library_type or "",
        "organisation_name": (organisation if organisation_id else typed_name) or "",
    }


def _window_error(event: Event) -> str | None:
    now = timezone.now()
    if event.status != EventStatus.PUBLISHED:
        return _("This event is not open for registration.")
    if event.registration_opens_at and now < event.registration_opens_at:
        return _("Registration has not opened yet.")
    closes = event.registration_closes_at or event.ends_at
    if now > closes:
        return _("Registration for this event has closed.")
    return None


def _active(event: Event, person: Person):
    """The person's active registration for the event (at most one: a database constraint holds it)."""
    return Registration.objects.filter(event=event, person=person, status__in=ACTIVE_STATUSES)


def registration_create(
    *, actor, event: Event, person: Person, category: Category | None = None
) -> Registration:
    """Register `person`: confirmed if a place is free (or pending when organisers approve), waitlisted
    otherwise. Registering again returns the registration already made (a double submit does not double)."""
    return registration_create_or_get(actor=actor, event=event, person=person, category=category)[0]


def registration_create_or_get(
    *, actor, event: Event, person: Person, category: Category | None = None
) -> tuple[Registration, bool]:
    """`registration_create`, also saying whether this call made the registration (False: one was
    already there)."""
    try:
        return _register(actor=actor, event=event, person=person, category=category)
    except (IntegrityError, RegistrationError):
        # Registering again (a double submit, a second tap, a retry): the unique "one active
        # registration per person" constraint refused the new row, or a check refused the attempt
        # (the event filled up or closed since). The attempt was rolled back whole; the registration
        # already made is the answer. Most registrations are new, so none looks for one first.
        found = _active(event, person).first()
        if found:
            return found, False
        raise


@transaction.atomic
def _register(*, actor, event: Event, person: Person, category: Category | None) -> tuple[Registration, bool]:
    # Read what the row needs before taking the event's lock: the lock is held only to decide and
    # write (lock, insert, counters, audit entry, commit: no savepoint, one UPDATE of the event's row).
    profile = _frozen_profile(person)
    if category is not None:
        category = Category.objects.filter(pk=category.pk, event_id=event.pk).first()
        if category is None:
            raise RegistrationError({"category": _("Choose one of this event's categories.")})
    elif Category.objects.filter(event_id=event.pk).exists():
        raise RegistrationError({"category": _("Choose a participant category.")})
    event = _locked_event_to_decide(event.pk)
    error = _window_error(event)
    if error:
        raise RegistrationError({"__all__": error})
    if category is not None and category.quota is not None:
        # fresh counter, under the event's lock (a category without a quota needs no second read)
        category = Category.objects.filter(pk=category.pk).first()
        if category is None:
            raise RegistrationError({"category": _("Choose one of this event's categories.")})
    if event.approval == ApprovalMode.ORGANISER:
        status = RegistrationStatus.PENDING
    elif _has_room(event, category):
        status = RegistrationStatus.CONFIRMED
    else:
        status = RegistrationStatus.WAITLISTED
    registration = Registration(event=event, person=person, category=category, status=status, **profile)
    if status == RegistrationStatus.WAITLISTED:
        # the event row is locked and was read under the lock: its sequence is current, no re-read needed
        event.waitlist_seq += 1
        registration.waitlist_position = event.waitlist_seq
    registration.save()
    _count(event, registration.category_id, status, +1, next_in_line=status == RegistrationStatus.WAITLISTED)
    audit_record(actor=actor, action="event.registration_create", instance=registration)
    notify.on_commit(registration, status)
    return registration, True


def _promote(event: Event, actor) -> list[Registration]:
    """Fill free places from the waiting list, in the order people joined it (event row locked)."""
    promoted = []
    waiting = (
        Registration.objects.filter(event=event, status=RegistrationStatus.WAITLISTED)
        .select_related("category")
        .order_by("waitlist_position", "id")
    )
    for registration in waiting.iterator(chunk_size=200):
        if event.capacity is not None and event.confirmed_count >= event.capacity:
            break
        category = Category.objects.get(pk=registration.category_id) if registration.category_id else None
        if not _has_room(event, category):
            continue  # that category is full; the next person in line may fit another
        Registration.objects.filter(pk=registration.pk).update(
            status=RegistrationStatus.CONFIRMED, waitlist_position=None, decided_at=timezone.now()
        )
        registration.status = RegistrationStatus.CONFIRMED
        _count(event, registration.category_id, RegistrationStatus.WAITLISTED, -1)
        _count(event, registration.category_id, RegistrationStatus.CONFIRMED, +1)
        audit_record(actor=actor, action="event.registration_promote", instance=registration)
        notify.on_commit(registration, "promoted")
        promoted.append(registration)
    return promoted


def _locked_registration(registration: Registration) -> tuple[Event, Registration]:
    event = _locked_event(registration.event_id)
    return event, Registration.objects.select_for_update().get(pk=registration.pk)


@transaction.atomic
def registration_cancel(*, actor, registration: Registration) -> Registration:
    """Cancel (by the participant or an organiser); a freed place goes to the waiting list. Idempotent."""
    event, registration = _locked_registration(registration)
    if registration.status not in ACTIVE_STATUSES:
        return registration
    if timezone.now() > event.ends_at:
        raise RegistrationError(
            {"__all__": _("The event is over: the registration can no longer be cancelled.")}
        )
    old = registration.status
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.waitlist_position = None
    registration.save(update_fields=["status", "cancelled_at", "waitlist_position", "updated_at"])
    _count(event, registration.category_id, old, -1)
    audit_record(actor=actor, action="event.registration_cancel", instance=registration)
    if old == RegistrationStatus.CONFIRMED:
        _promote(event, actor)
    return registration


@transaction.atomic
def registration_approve(*, actor, registration: Registration) -> Registration:
    """Approve a pending registration: confirmed if a place is free, waitlisted otherwise."""
    event, registration = _locked_registration(registration)
    if registration.status != RegistrationStatus.PENDING:
        return registration
    category = Category.objects.get(pk=registration.category_id) if registration.category_id else None
    new = RegistrationStatus.CONFIRMED if _has_room(event, category) else RegistrationStatus.WAITLISTED
    registration.status = new
    registration.decided_at = timezone.now()
    if new == RegistrationStatus.WAITLISTED:
        # the event row is locked and was read under the lock: its sequence is current, no re-read needed
        event.waitlist_seq += 1
        registration.waitlist_position = event.waitlist_seq
    registration.save(update_fields=["status", "decided_at", "waitlist_position", "updated_at"])
    _count(event, registration.category_id, RegistrationStatus.PENDING, -1)
    _count(event, registration.category_id, new, +1, next_in_line=new == RegistrationStatus.WAITLISTED)
    audit_record(actor=actor, action="event.registration_approve", instance=registration)
    notify.on_commit(registration, new)
    return registration


@transaction.atomic
def registration_reject(*, actor, registration: Registration) -> Registration:
    event, registration = _locked_registration(registration)
    if registration.status not in (RegistrationStatus.PENDING, RegistrationStatus.WAITLISTED):
        return registration
    old = registration.status
    registration.status = RegistrationStatus.REJECTED
    registration.decided_at = timezone.now()
    registration.waitlist_position = None
    registration.save(update_fields=["status", "decided_at", "waitlist_position", "updated_at"])
    _count(event, registration.category_id, old, -1)
    audit_record(actor=actor, action="event.registration_reject", instance=registration)
    notify.on_commit(registration, RegistrationStatus.REJECTED)
    return registration


@transaction.atomic
def registrations_import(
    *, actor, event: Event, people: list[Person], category: Category | None = None
) -> list[Registration]:
    """Register many people at once as confirmed (an organiser's import, the demo): all or nothing.

    Same guarantee as one by one: the event's row is locked, and a batch that does not fit the
    capacity or the category's quota is refused whole. People already registered are skipped.
    """
    event = _locked_event(event.pk)
    taken = set(
        Registration.objects.filter(event=event, status__in=ACTIVE_STATUSES, person__in=people).values_list(
            "person_id", flat=True
        )
    )
    fresh = [p for p in people if p.pk not in taken]
    if category is not None:
        category = Category.objects.get(pk=category.pk, event=event)
    n = len(fresh)
    over_capacity = event.capacity is not None and event.confirmed_count + n > event.capacity
    over_quota = (
        category is not None and category.quota is not None and category.confirmed_count + n > category.quota
    )
    if over_capacity or over_quota:
        raise RegistrationError({"__all__": _("Not enough places left for %(n)s people.") % {"n": n}})
    now = timezone.now()
    rows = [
        Registration(
            event=event,
            person=p,
            category=category,
            status=RegistrationStatus.CONFIRMED,
            decided_at=now,
            name=p.display_name,
            province_code=(p.region_id or "")[:2],
            gender=p.gender or "",
        )
        for p in fresh
    ]
    Registration.objects.bulk_create(rows, batch_size=1000)
    if n:
        Event.objects.filter(pk=event.pk).update(confirmed_count=F("confirmed_count") + n)
        if category is not None:
            Category.objects.filter(pk=category.pk).update(confirmed_count=F("confirmed_count") + n)
        audit_record(actor=actor, action="event.registrations_import", instance=event, after={"count": n})
    return rows
