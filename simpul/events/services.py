"""Writes of simpul.events. Other apps create their events through `event_create` only."""

import datetime

from django.db import transaction
from django.utils.text import slugify

from simpul.core.audit import audit_record
from simpul.organisations.models import Organisation
from simpul.regions.models import Region, TimeZone

from .models import Event, EventStatus


def _unique_slug(title: str, starts_at: datetime.datetime) -> str:
    base = slugify(f"{title} {starts_at:%Y}")[:70] or "event"
    slug, n = base, 1
    while Event.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _zone_of(region: Region | None) -> str:
    if region is None:
        return TimeZone.WIB
    return region.time_zone or Region.objects.get(code=region.province_code).time_zone


@transaction.atomic
def event_create(
    *,
    actor,
    kind: str,
    title: str,
    organisers: list[Organisation],
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    venue_name: str = "",
    venue_region: Region | None = None,
    online_url: str = "",
    capacity: int | None = None,
    status: str = EventStatus.DRAFT,
    **fields,
) -> Event:
    """Create an event with its organisers; the time zone follows the venue's province."""
    event = Event.objects.create(
        kind=kind,
        title=title,
        slug=fields.pop("slug", None) or _unique_slug(title, starts_at),
        starts_at=starts_at,
        ends_at=ends_at,
        venue_name=venue_name,
        venue_region=venue_region,
        online_url=online_url,
        time_zone=_zone_of(venue_region),
        capacity=capacity,
        status=status,
        created_by=getattr(actor, "pk", None) and actor,
        **fields,
    )
    event.organisers.set(organisers)
    audit_record(actor=actor, action="event.create", instance=event)
    return event
