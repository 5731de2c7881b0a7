"""The calendar, event pages, iCalendar feeds, and a participant's own registrations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from simpul.core.pagination import paginate, paginate_page, querystring_without_page
from simpul.organisations.models import Organisation
from simpul.people.selectors import person_of

from .. import ical, selectors, services
from ..answers import CALENDAR
from ..forms import CalendarFilterForm, FeedbackForm, RegisterForm
from ..mailing import ticket_svg
from ..models import Document, RegistrationStatus
from ..permissions import can_manage_event, can_staff_event, sees_public_events_only
from ._common import errors_to_form, file_response


@require_GET
def index(request):
    """The public calendar with filters (kind, region, organiser, month). What visitors and people who
    organise nothing see is the same for the same question, so its rows are cached until an event is
    written (`answers.CALENDAR`); organisers, who also see their drafts, take the live path."""
    form = CalendarFilterForm(request.GET or None)
    valid = form.is_valid()
    filters = form.cleaned_data if valid else {}
    query = querystring_without_page(request)
    page = request.GET.get("page", "")
    cache_key = None
    # The whole page parameter is in the key ("123456789" is the last page, "12345678x" the first);
    # longer ones, which no link makes, are answered live rather than filling the cache.
    shared = (valid or not request.GET) and len(page) <= 8 and sees_public_events_only(request.user)
    if shared and CALENDAR.enabled():
        cache_key = CALENDAR.key(query, page)
    rows = CALENDAR.answer(
        cache_key, lambda: _calendar_rows(request.user, filters, query, request.GET.get("page"))
    )
    context = {"form": form, "rows": rows}
    return render(request, "events/index.html", context)


def _calendar_rows(user, filters: dict, query: str, page: str | None) -> str:
    """The calendar's heading, one page of rows and the links to the other pages, as HTML."""
    region = filters.get("region")
    organiser = None
    if filters.get("organiser"):
        organiser = Organisation.objects.filter(slug=filters["organiser"]).first()
    events = selectors.calendar(
        user,
        kind=filters.get("kind", ""),
        region_code=region.code if region else "",
        organiser_slug=filters.get("organiser", ""),
        month=filters.get("month"),
        q=filters.get("q", ""),
    ).only(*selectors.CALENDAR_ROW_FIELDS)
    page_obj = paginate_page(events, page, per_page=20)
    for event in page_obj.object_list:
        event.when = selectors.when_text(event)
    context = {"page_obj": page_obj, "query": query, "organiser": organiser, "month": filters.get("month")}
    return render_to_string("events/_calendar_rows.html", context)


@require_GET
def detail(request, slug: str):
    event = selectors.event_for_page_or_404(request.user, slug)
    person = person_of(request.user) if request.user.is_authenticated else None
    registration = selectors.registration_of(person, event)
    context = {
        "event": event,
        "organisers": list(event.organisers.all()),
        "sessions": selectors.agenda(event),
        "categories": selectors.categories_with_room(event),
        "documents": event.documents.all(),
        "places_left": selectors.places_left(event),
        "registration": registration,
        "register_form": RegisterForm(event=event),
        "may_manage": can_manage_event(request.user, event),
        "may_check_in": can_staff_event(request.user, event),
        "now": timezone.now(),
    }
    return render(request, "events/detail.html", context)


@require_GET
def event_ics(request, slug: str):
    event = selectors.event_for_page_or_404(request.user, slug)
    return _ics_response(ical.calendar_of([event], request), f"{event.slug}.ics")


@require_GET
def feed_ics(request):
    return _ics_response(ical.calendar_of(selectors.ical_events(), request), "simpul-events.ics")


def _ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
def document(request, slug: str, pk: int):
    event = selectors.event_for_page_or_404(request.user, slug)
    found = get_object_or_404(Document, event=event, pk=pk)
    name = found.file.name.rsplit("/", 1)[-1]
    return file_response(found.file, name)


@login_required
@require_http_methods(["GET", "POST"])
def register(request, slug: str):
    event = selectors.event_for_page_or_404(request.user, slug)
    person = person_of(request.user)
    existing = selectors.registration_of(person, event)
    if existing and existing.status in (
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITLISTED,
        RegistrationStatus.PENDING,
    ):
        messages.info(request, _("You are already registered for this event."))
        return redirect("events:ticket", pk=existing.pk)
    has_categories = event.categories.exists()
    form = RegisterForm(request.POST if request.method == "POST" else None, event=event)
    if not has_categories:
        form.fields.pop("category")
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.registration_create(
                actor=request.user, event=event, person=person, category=form.cleaned_data.get("category")
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _status_message(registration.status))
            return redirect("events:ticket", pk=registration.pk)
    context = {
        "event": event,
        "form": form,
        "person": person,
        "categories": selectors.categories_with_room(event),
        "places_left": selectors.places_left(event),
    }
    return render(request, "events/register.html", context)


def _status_message(status: str) -> str:
    return {
        RegistrationStatus.CONFIRMED: _("You are registered: your place is confirmed. Your ticket is below."),
        RegistrationStatus.WAITLISTED: _("The event is full: you are on the waiting list."),
        RegistrationStatus.PENDING: _("Your registration was sent; the organisers will review it."),
    }.get(status, _("Registration saved."))


@login_required
@require_GET
def my_registrations(request):
    page = paginate(request, selectors.registrations_of_user(request.user), per_page=25)
    return render(request, "events/me.html", {"page_obj": page, "now": timezone.now()})


@login_required
@require_GET
def ticket(request, pk: int):
    registration = selectors.registration_of_user_or_404(request.user, pk)
    context = {
        "registration": registration,
        "event": registration.event,
        "qr": ticket_svg(registration.ticket) if registration.status == RegistrationStatus.CONFIRMED else "",
        "now": timezone.now(),
        "has_feedback": hasattr(registration, "feedback"),
    }
    return render(request, "events/ticket.html", context)


@login_required
@require_POST
def cancel(request, pk: int):
    registration = selectors.registration_of_user_or_404(request.user, pk)
    try:
        services.registration_cancel(actor=request.user, registration=registration)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your registration was cancelled."))
    return redirect("events:ticket", pk=registration.pk)


@login_required
@require_http_methods(["GET", "POST"])
def feedback(request, pk: int):
    registration = selectors.registration_of_user_or_404(request.user, pk)
    if registration.status != RegistrationStatus.CONFIRMED:
        raise Http404
    current = getattr(registration, "feedback", None)
    initial = (
        {
            "rating": current.rating,
            "content_rating": current.content_rating,
            "organisation_rating": current.organisation_rating,
            "comments": current.comments,
        }
        if current
        else None
    )
    form = FeedbackForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_submit(actor=request.user, registration=registration, **form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Thank you for your feedback."))
            return redirect("events:ticket", pk=registration.pk)
    return render(request, "events/feedback.html", {"form": form, "registration": registration})
