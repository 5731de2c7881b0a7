"""iCalendar (RFC 5545) for calendar programs: one event or the public feed."""

from collections.abc import Iterable
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from .models import Event, EventStatus


def _vevent(event: Event) -> icalendar.Event:
    zone = ZoneInfo(event.time_zone)
    entry = icalendar.Event()
    entry.add("uid", f"event-{event.pk}@simpul")
    entry.add("dtstamp", timezone.now())
    entry.add("dtstart", event.starts_at.astimezone(zone))
    entry.add("dtend", event.ends_at.astimezone(zone))
    entry.add("summary", event.title)
    url = settings.SIMPUL_PUBLIC_URL.rstrip("/") + reverse("events:detail", kwargs={"slug": event.slug})
    entry.add("url", url)
    description = "\n\n".join(part for part in (event.theme, event.description, url) if part)
    entry.add("description", description)
    location = ", ".join(
        part for part in (event.venue_name, event.venue_region.name if event.venue_region_id else "") if part
    )
    if location or event.online_url:
        entry.add("location", location or event.online_url)
    entry.add("status", "CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED")
    entry.add("last-modified", event.updated_at)
    return entry


def calendar_of(events: Iterable[Event], request=None) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Simpul//Kegiatan//ID")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Simpul")
    for event in events:
        cal.add_component(_vevent(event))
    cal.add_missing_timezones()
    return cal.to_ical()
