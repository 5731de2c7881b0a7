"""Reads of simpul.events. Other apps read events through these functions."""

import datetime
from zoneinfo import ZoneInfo

from django.db.models import Case, Exists, OuterRef, Prefetch, Q, QuerySet, When
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import date_format

from .models import (
    ACTIVE_STATUSES,
    Category,
    CheckIn,
    Event,
    EventKind,
    EventStatus,
    Registration,
    RegistrationStatus,
    Session,
    SessionRole,
)
from .permissions import events_manageable_by, events_staffed_by, events_visible_to


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


# --- Calendar and event pages -----------------------------------------------------------------


def calendar(
    user,
    *,
    kind: str = "",
    region_code: str = "",
    organiser_slug: str = "",
    month: datetime.date | None = None,
    q: str = "",
) -> QuerySet[Event]:
    """The public calendar: upcoming events soonest first, or one month's events, filtered."""
    events = events_visible_to(user).exclude(kind=EventKind.CERTIFICATION_SESSION)
    if kind:
        events = events.filter(kind=kind)
    if region_code:
        events = events.filter(
            Q(venue_region_id=region_code) | Q(venue_region__code__startswith=f"{region_code}.")
        )
    if organiser_slug:
        events = events.filter(
            pk__in=Event.organisers.through.objects.filter(organisation__slug=organiser_slug).values(
                "event_id"
            )
        )
    if q:
        events = events.filter(title__icontains=q)
    if month:
        start = datetime.datetime(month.year, month.month, 1, tzinfo=datetime.UTC)
        end = datetime.datetime(
            month.year + (month.month == 12), month.month % 12 + 1, 1, tzinfo=datetime.UTC
        )
        events = events.filter(starts_at__lt=end, ends_at__gte=start)
    else:
        events = events.filter(ends_at__gte=timezone.now())
    # The region of the 20 rows shown is read after them: joined, it was read for every matching row
    # before the sort could keep 20 (3 ms of 6 for the first page of 3,400 coming events).
    return events.prefetch_related("venue_region").order_by("starts_at", "id")


# What a calendar row shows (simpul/events/templates/events/index.html and when_text), not the long texts.
CALENDAR_ROW_FIELDS = (
    "kind",
    "title",
    "slug",
    "status",
    "starts_at",
    "ends_at",
    "time_zone",
    "venue_name",
    "online_url",
    "venue_region__name",
)


def event_for_page_or_404(user, slug: str) -> Event:
    return get_object_or_404(
        events_visible_to(user).select_related("venue_region", "programme").prefetch_related("organisers"),
        slug=slug,
    )


def agenda(event: Event) -> QuerySet[Session]:
    return event.sessions.prefetch_related(
        Prefetch("people", queryset=SessionRole.objects.select_related("person").order_by("role", "id"))
    )


def categories_with_room(event: Event) -> list[Category]:
    categories = list(event.categories.all())
    for c in categories:
        c.remaining = None if c.quota is None else max(0, c.quota - c.confirmed_count)
    return categories


def places_left(event: Event) -> int | None:
    return None if event.capacity is None else max(0, event.capacity - event.confirmed_count)


def registration_of(person, event: Event) -> Registration | None:
    if person is None:
        return None
    return (
        Registration.objects.filter(event=event, person=person)
        .select_related("category")
        .order_by(
            # an active registration first, then the newest
            Case(When(status__in=ACTIVE_STATUSES, then=0), default=1),
            "-created_at",
        )
        .first()
    )


def registrations_of_user(user) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(person__user=user)
        .select_related("event", "category")
        .order_by("-event__starts_at", "-id")
    )


def registration_of_user_or_404(user, pk: int) -> Registration:
    return get_object_or_404(registrations_of_user(user), pk=pk)


def ical_events() -> QuerySet[Event]:
    since = timezone.now() - datetime.timedelta(days=90)
    return (
        Event.objects.filter(status=EventStatus.PUBLISHED, ends_at__gte=since)
        .exclude(kind=EventKind.CERTIFICATION_SESSION)
        .select_related("venue_region")
        .order_by("starts_at", "id")[:1000]
    )


# --- Organisers ---------------------------------------------------------------------------------


def managed_event_or_404(user, slug: str) -> Event:
    return get_object_or_404(events_manageable_by(user).select_related("venue_region"), slug=slug)


def staffed_event_or_404(user, slug: str) -> Event:
    return get_object_or_404(events_staffed_by(user).select_related("venue_region"), slug=slug)


def managed_events(user) -> QuerySet[Event]:
    return events_manageable_by(user).order_by("-starts_at", "-id")


def registrations_for_organisers(event: Event, *, status: str = "", q: str = "") -> QuerySet[Registration]:
    rows = Registration.objects.filter(event=event).select_related("category")
    if status:
        rows = rows.filter(status=status)
    if q:
        rows = rows.filter(Q(name__icontains=q) | Q(ticket=q.strip().upper()))
    return rows.order_by("status", "waitlist_position", "name", "id")


def checkin_search(event: Event, q: str, limit: int = 10) -> list[Registration]:
    q = (q or "").strip()
    if len(q) < 2:
        return []
    return list(
        Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED)
        .filter(Q(name__icontains=q) | Q(ticket=q.upper()))
        .order_by("name", "id")[:limit]
    )


def checkin_count(event: Event, day: datetime.date, session: Session | None = None) -> int:
    rows = CheckIn.objects.filter(registration__event=event)
    rows = rows.filter(session=session) if session else rows.filter(day=day, session__isnull=True)
    return rows.count()


def event_days(event: Event) -> list[datetime.date]:
    zone = ZoneInfo(event.time_zone)
    first, last = event.starts_at.astimezone(zone).date(), event.ends_at.astimezone(zone).date()
    return [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]


def when_text(event: Event) -> str:
    """'2 Dec 2026, 14:12–22:12 WITA' in the venue's zone, formatted once in Python (list pages)."""
    zone = ZoneInfo(event.time_zone)
    start, end = event.starts_at.astimezone(zone), event.ends_at.astimezone(zone)
    label = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}.get(event.time_zone, "")
    first = f"{start.day} {date_format(start, 'M Y')}, {start:%H:%M}"
    if start.date() == end.date():
        return f"{first}–{end:%H:%M} {label}"
    return f"{first} – {end.day} {date_format(end, 'M Y')}, {end:%H:%M} {label}"
