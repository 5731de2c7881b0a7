"""/api/v1/events: the public calendar (GET), one event (GET), registering (POST, signed in, CSRF).

Certificates verify at /api/v1/credentials/{code} (simpul.credentials)."""

import datetime

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.responses import Status
from ninja.security import django_auth

from simpul.core.pagination import BoundedLimitOffsetPagination
from simpul.people.selectors import person_of

from . import selectors, services
from .models import Category
from .permissions import events_visible_to

router = Router(tags=["events"])


class CategoryOut(Schema):
    id: int
    name: str
    quota: int | None
    confirmed: int
    fee: int

    @staticmethod
    def resolve_confirmed(obj) -> int:
        return obj.confirmed_count


class EventOut(Schema):
    id: int
    slug: str
    kind: str
    title: str
    theme: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    time_zone: str
    venue_name: str
    venue_region: str | None
    online_url: str
    status: str
    capacity: int | None
    confirmed: int
    waitlisted: int
    is_free: bool
    fee: int
    url: str

    @staticmethod
    def resolve_venue_region(obj) -> str | None:
        return obj.venue_region_id

    @staticmethod
    def resolve_confirmed(obj) -> int:
        return obj.confirmed_count

    @staticmethod
    def resolve_waitlisted(obj) -> int:
        return obj.waitlist_count

    @staticmethod
    def resolve_url(obj) -> str:
        return f"/events/{obj.slug}/"


class EventDetailOut(EventOut):
    description: str
    approval: str
    registration_opens_at: datetime.datetime | None
    registration_closes_at: datetime.datetime | None
    organisers: list[str]
    categories: list[CategoryOut]

    @staticmethod
    def resolve_organisers(obj) -> list[str]:
        return [o.name for o in obj.organisers.all()]

    @staticmethod
    def resolve_categories(obj) -> list:
        return list(obj.categories.all())


class RegistrationIn(Schema):
    category_id: int | None = None


class RegistrationOut(Schema):
    id: int
    event_id: int
    status: str
    ticket: str
    name: str
    category_id: int | None
    waitlist_position: int | None


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


@router.get("", response=list[EventOut], summary="Upcoming events (or one month's)", url_name="events_list")
@paginate(BoundedLimitOffsetPagination)
def event_list(request, kind: str = "", region: str = "", organiser: str = "", month: str = "", q: str = ""):
    when = None
    if month:
        try:
            when = datetime.date.fromisoformat(f"{month}-01")
        except ValueError:
            raise HttpError(400, "month is YYYY-MM") from None
    return selectors.calendar(
        request.user, kind=kind, region_code=region, organiser_slug=organiser, month=when, q=q[:100]
    )


@router.get("/{event_id}", response=EventDetailOut, summary="One event", url_name="event_detail")
def event_detail(request, event_id: int):
    return get_object_or_404(events_visible_to(request.user).prefetch_related("organisers"), pk=event_id)


@router.post(
    "/{event_id}/registrations",
    response={201: RegistrationOut, 200: RegistrationOut, 400: ErrorOut},
    auth=django_auth,
    summary="Register the signed-in person (confirmed, waitlisted or pending approval)",
    url_name="event_register",
)
def event_register(request, event_id: int, payload: RegistrationIn):
    event = get_object_or_404(events_visible_to(request.user), pk=event_id)
    person = person_of(request.user)
    category = None
    if payload.category_id is not None:
        category = Category.objects.filter(event=event, pk=payload.category_id).first()
        if category is None:
            return Status(
                400, {"detail": "Unknown category for this event.", "errors": {"category_id": ["unknown"]}}
            )
    try:
        registration, created = services.registration_create_or_get(
            actor=request.user, event=event, person=person, category=category
        )
    except ValidationError as error:
        errors = error.message_dict if hasattr(error, "message_dict") else {"__all__": error.messages}
        return Status(400, {"detail": " ".join(error.messages), "errors": errors})
    return Status(201 if created else 200, registration)
