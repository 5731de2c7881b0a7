"""Writes of events and what they announce: categories, agenda, committee, documents.

Other apps create their events through `event_create` only.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from simpul.core.audit import audit_record, snapshot
from simpul.organisations.models import Organisation
from simpul.people.models import Person
from simpul.regions.models import Region, TimeZone

from ..answers import CALENDAR
from ..models import Category, CommitteeMember, Document, Event, EventStatus, Session, SessionRole


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
    CALENDAR.changed()
    audit_record(actor=actor, action="event.create", instance=event)
    return event


EDITABLE_FIELDS = (
    "kind",
    "title",
    "theme",
    "description",
    "venue_name",
    "venue_region",
    "online_url",
    "starts_at",
    "ends_at",
    "capacity",
    "status",
    "is_free",
    "fee",
    "registration_opens_at",
    "registration_closes_at",
    "approval",
    "attendance_rule",
    "programme",
)


@transaction.atomic
def event_update(*, actor, event: Event, organisers: list[Organisation] | None = None, **fields) -> Event:
    """Change an event's announced details. Capacity never drops below the places already confirmed."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    before = snapshot(event)
    for name, value in fields.items():
        if name not in EDITABLE_FIELDS:
            raise TypeError(f"event_update: {name} is not editable")
        setattr(event, name, value)
    if "venue_region" in fields:
        event.time_zone = _zone_of(event.venue_region)
    if event.capacity is not None and event.capacity < event.confirmed_count:
        raise ValidationError(
            {
                "capacity": _("%(n)s places are already confirmed: the capacity cannot be smaller.")
                % {"n": event.confirmed_count}
            }
        )
    event.full_clean(exclude=["slug", "organisers"])
    event.save()
    if organisers is not None:
        event.organisers.set(organisers)
    CALENDAR.changed()
    audit_record(actor=actor, action="event.update", instance=event, before=before)
    return event


@transaction.atomic
def category_save(
    *,
    actor,
    event: Event,
    name: str,
    quota: int | None = None,
    fee: int = 0,
    category: Category | None = None,
) -> Category:
    """Add a participant category, or change one; a quota never drops below its confirmed places."""
    if category is None:
        category = Category(event=event, position=event.categories.count())
    else:
        category = Category.objects.select_for_update().get(pk=category.pk, event=event)
    category.name, category.quota, category.fee = name.strip(), quota, fee
    if quota is not None and quota < category.confirmed_count:
        raise ValidationError(
            {
                "quota": _("%(n)s places are already confirmed in this category.")
                % {"n": category.confirmed_count}
            }
        )
    category.full_clean(validate_constraints=False)
    if Category.objects.filter(event=event, name__iexact=category.name).exclude(pk=category.pk).exists():
        raise ValidationError({"name": _("This event already has a category with this name.")})
    category.save()
    audit_record(actor=actor, action="event.category_save", instance=category)
    return category


@transaction.atomic
def session_add(
    *,
    actor,
    event: Event,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    room: str = "",
    description: str = "",
) -> Session:
    session = Session(
        event=event, title=title, starts_at=starts_at, ends_at=ends_at, room=room, description=description
    )
    if ends_at < starts_at:
        raise ValidationError({"ends_at": _("A session cannot end before it starts.")})
    if starts_at < event.starts_at or ends_at > event.ends_at:
        raise ValidationError({"starts_at": _("A session must fall within the event's dates and times.")})
    session.full_clean()
    session.save()
    audit_record(actor=actor, action="event.session_add", instance=session)
    return session


@transaction.atomic
def session_person_add(*, actor, session: Session, person: Person, role: str) -> SessionRole:
    entry, created = SessionRole.objects.get_or_create(session=session, person=person, role=role)
    if created:
        audit_record(actor=actor, action="event.session_person_add", instance=entry)
    return entry


@transaction.atomic
def committee_add(*, actor, event: Event, person: Person, role: str = "Panitia") -> CommitteeMember:
    member, created = CommitteeMember.objects.get_or_create(
        event=event, person=person, defaults={"role": role}
    )
    if created:
        audit_record(actor=actor, action="event.committee_add", instance=member)
    return member


MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
DOCUMENT_EXTENSIONS = (".pdf", ".docx", ".xlsx", ".pptx", ".odt", ".jpg", ".jpeg", ".png")


@transaction.atomic
def document_add(*, actor, event: Event, title: str, file) -> Document:
    name = (getattr(file, "name", "") or "").lower()
    if not name.endswith(DOCUMENT_EXTENSIONS):
        raise ValidationError({"file": _("Attach a PDF, office document or image.")})
    if file.size > MAX_DOCUMENT_BYTES:
        raise ValidationError({"file": _("The file is larger than 10 MB.")})
    document = Document(event=event, title=title.strip() or name, file=file)
    document.full_clean()
    document.save()
    audit_record(
        actor=actor,
        action="event.document_add",
        instance=document,
        after=snapshot(document, ["event", "title"]),
    )
    return document
