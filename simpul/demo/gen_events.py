"""Synthetic data for simpul.events at a scale ("demo" or "national"); removable by recorded id ranges.

National: 20,000 events and 2,000,000 registrations over the generated people and organisations
(the issue's numbers). Demo: 200 events and 5,000 registrations (seconds). Deterministic per seed.
Rows are written with bulk_create in batches; counters on events and categories are set from the
rows, as the registration services would have kept them.
"""

import datetime
import random
import time
from collections.abc import Callable

from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from simpul.demo.models import Generation
from simpul.events.answers import CALENDAR
from simpul.events.models import (
    Category,
    CheckIn,
    Event,
    EventKind,
    EventStatus,
    Feedback,
    Registration,
    RegistrationStatus,
)
from simpul.organisations.models import Kind, Organisation
from simpul.people.models import Person
from simpul.regions.models import Level, Region

SCALE = "events"
BATCH = 5000
SIZES = {"demo": (200, 5_000), "national": (20_000, 2_000_000)}
KINDS = [
    (EventKind.SEMINAR, 30),
    (EventKind.WORKSHOP, 20),
    (EventKind.WEBINAR, 25),
    (EventKind.TECHNICAL_TRAINING, 15),
    (EventKind.WORK_MEETING, 5),
    (EventKind.FORUM, 5),
]
TOPICS = [
    "Literasi Digital",
    "Inklusi Sosial",
    "Pelestarian Naskah",
    "Katalogisasi RDA",
    "Perpustakaan Desa",
    "Layanan Referensi",
    "Manajemen Koleksi",
    "Repositori Institusi",
    "Literasi Informasi",
    "Otomasi SLiMS",
]
STATUS_WEIGHTS = [
    (RegistrationStatus.CONFIRMED, 86),
    (RegistrationStatus.WAITLISTED, 5),
    (RegistrationStatus.CANCELLED, 6),
    (RegistrationStatus.PENDING, 3),
]


def _next_id(model) -> int:
    return (model.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1


def _reset_sequences(models) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def generate_events(*, scale: str, seed: int = 20250626, log: Callable[[str], None] = print) -> dict:
    """Generate the events rows for `scale`; returns counts by kind."""
    if scale not in SIZES:
        raise ValueError(f"Unknown scale {scale!r}")
    if Generation.objects.filter(scale=SCALE).exists():
        raise ValueError("Event data were already generated; remove them first.")
    started = time.monotonic()
    n_events, n_registrations = SIZES[scale]
    rng = random.Random(seed)
    people = list(Person.objects.order_by("id").values_list("pk", "full_name", "region_id", "gender"))
    if not people:
        log("  events: no people to register; skipped")
        return {}
    organisers = list(
        Organisation.objects.filter(
            kind__in=[
                Kind.ASSOCIATION,
                Kind.CHAPTER,
                Kind.LIBRARY_OFFICE,
                Kind.NATIONAL_LIBRARY,
                Kind.UNIVERSITY,
            ]
        ).values_list("pk", flat=True)
    ) or list(Organisation.objects.values_list("pk", flat=True)[:100])
    zones = dict(Region.objects.filter(level=Level.PROVINCE).values_list("code", "time_zone"))
    venues = list(Region.objects.filter(level=Level.REGENCY).values_list("code", flat=True)) or list(zones)
    kinds, weights = zip(*KINDS, strict=True)
    statuses, status_weights = zip(*STATUS_WEIGHTS, strict=True)
    # Event sizes: skewed (many small, a few large), scaled so they add up to the total exactly.
    raw = [rng.triangular(0.2, 3.0, 0.8) for _ in range(n_events)]
    factor = n_registrations / sum(raw)
    sizes = [max(1, min(len(people), int(x * factor))) for x in raw]
    short = n_registrations - sum(sizes)
    for i in range(n_events):
        if short <= 0:
            break
        room = len(people) - sizes[i]
        add = min(room, short)
        sizes[i] += add
        short -= add
    first_event = _next_id(Event)
    first_category = _next_id(Category)
    first_registration = _next_id(Registration)
    now = timezone.now().replace(microsecond=0)
    events, through, categories, registrations = [], [], [], []
    reg_id, category_id_next = first_registration, first_category  # running ids: _flush empties the lists
    with transaction.atomic():
        for i in range(n_events):
            event_id = first_event + i
            kind = rng.choices(kinds, weights)[0]
            venue = rng.choice(venues)
            start = now + datetime.timedelta(days=rng.randint(-2000, 400), hours=rng.randint(0, 10))
            start = start.replace(minute=0, second=0)
            days = rng.choice([1, 1, 1, 2, 3])
            size = sizes[i]
            capacity = max(1, int(size * rng.uniform(0.85, 1.2)))
            events.append(
                Event(
                    id=event_id,
                    kind=kind,
                    title=f"{kind.label.split(' (')[0].title()} {rng.choice(TOPICS)} #{event_id}",
                    slug=f"gen-{event_id}",
                    venue_name="Aula",
                    venue_region_id=venue,
                    time_zone=zones.get(venue[:2], "Asia/Jakarta"),
                    starts_at=start,
                    ends_at=start + datetime.timedelta(days=days - 1, hours=8),
                    capacity=capacity,
                    status=EventStatus.PUBLISHED if rng.random() < 0.97 else EventStatus.CANCELLED,
                )
            )
            through.append(
                Event.organisers.through(event_id=event_id, organisation_id=rng.choice(organisers))
            )
            category_ids = []
            for c, name in enumerate(("Anggota", "Umum")):
                category_ids.append(category_id_next)
                categories.append(Category(id=category_id_next, event_id=event_id, name=name, position=c))
                category_id_next += 1
            offset = rng.randrange(len(people))
            confirmed = waitlisted = pending = 0
            by_category = dict.fromkeys(category_ids, 0)
            for k in range(size):
                pk, name, region, gender = people[(offset + k) % len(people)]
                status = rng.choices(statuses, status_weights)[0]
                if status == RegistrationStatus.CONFIRMED and confirmed >= capacity:
                    status = RegistrationStatus.WAITLISTED
                category_id = category_ids[0] if rng.random() < 0.6 else category_ids[1]
                position = None
                if status == RegistrationStatus.CONFIRMED:
                    confirmed += 1
                    by_category[category_id] += 1
                elif status == RegistrationStatus.WAITLISTED:
                    waitlisted += 1
                    position = waitlisted
                elif status == RegistrationStatus.PENDING:
                    pending += 1
                registrations.append(
                    Registration(
                        id=reg_id,
                        event_id=event_id,
                        person_id=pk,
                        category_id=category_id,
                        status=status,
                        ticket=f"G{reg_id:011X}",
                        name=name,
                        province_code=(region or "")[:2],
                        gender=gender or "",
                        waitlist_position=position,
                        days_attended=rng.randint(0, days) if status == RegistrationStatus.CONFIRMED else 0,
                    )
                )
                reg_id += 1
            ev = events[-1]
            ev.confirmed_count, ev.waitlist_count, ev.pending_count, ev.waitlist_seq = (
                confirmed,
                waitlisted,
                pending,
                waitlisted,
            )
            for category in categories[-2:]:
                category.confirmed_count = by_category[category.id]
            if len(registrations) >= BATCH * 4:
                _flush(events, through, categories, registrations)
        _flush(events, through, categories, registrations)
        _reset_sequences([Event, Category, Registration])
        last_registration = reg_id - 1
        counts = {"events": n_events, "registrations": last_registration - first_registration + 1}
        Generation.objects.create(
            scale=SCALE,
            seed=seed,
            id_ranges={
                "events.event": [first_event, first_event + n_events - 1],
                "events.category": [first_category, first_category + 2 * n_events - 1],
                "events.registration": [first_registration, last_registration],
            },
            counts=counts,
            seconds=round(time.monotonic() - started, 2),
        )
    log(
        f"  events: {counts['events']:,} events, {counts['registrations']:,} registrations "
        f"in {time.monotonic() - started:.1f} s"
    )
    return counts


def _flush(events, through, categories, registrations) -> None:
    CALENDAR.changed()  # written around the services: anonymous visitors see the new events at once
    Event.objects.bulk_create(events, batch_size=BATCH)
    Event.organisers.through.objects.bulk_create(through, batch_size=BATCH)
    Category.objects.bulk_create(categories, batch_size=BATCH)
    Registration.objects.bulk_create(registrations, batch_size=BATCH)
    events.clear()
    through.clear()
    categories.clear()
    registrations.clear()


def remove_generated_events(log: Callable[[str], None] = print) -> int:
    """Delete what generate_events created; returns the number of rows removed."""
    removed = 0
    with transaction.atomic():
        for generation in Generation.objects.filter(scale=SCALE):
            span = generation.id_ranges.get("events.event")
            if span:
                low, high = span
                for start in range(low, high + 1, 2_000):
                    events = (start, min(high, start + 1_999))
                    # raw deletes in slices: no cascade collection over millions of rows; children first.
                    # Check-ins and feedback go by their registration id (a plain IN over the registration
                    # table's event index), not by a join of the child table with itself.
                    registrations = Registration.objects.filter(event__id__range=events).values("pk")
                    for model, lookup, value in (
                        (CheckIn, "registration__in", registrations),
                        (Feedback, "registration__in", registrations),
                        (Registration, "event__id__range", events),
                        (Category, "event__id__range", events),
                        (Event.organisers.through, "event__id__range", events),
                        (Event, "id__range", events),
                    ):
                        removed += model.objects.filter(**{lookup: value})._raw_delete(connection.alias)
            generation.delete()
        CALENDAR.changed()
    log(f"Removed {removed:,} generated event rows.")
    return removed
