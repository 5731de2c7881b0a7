"""The door: scan a QR ticket (BarcodeDetector), type its code, or find a name; per day or session."""

import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from .. import selectors, services
from ..forms import CheckInForm
from ..models import Registration
from ._common import error_text


def _today_in(event) -> datetime.date:
    days = selectors.event_days(event)
    today = timezone.now().astimezone(ZoneInfo(event.time_zone)).date()
    return today if today in days else days[0]


@login_required
@require_http_methods(["GET", "POST"])
def checkin(request, slug: str):
    event = selectors.staffed_event_or_404(request.user, slug)
    initial = {"day": _today_in(event)}
    form = CheckInForm(request.POST or None, event=event, initial=initial)
    result, error = None, None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        data["day"] = data.get("day") or initial["day"]
        registration = None
        if data.get("registration"):
            # chosen from this event's search results: another event's registration is not found here
            registration = get_object_or_404(
                Registration.objects.filter(event=event), pk=data["registration"]
            )
        try:
            result = services.checkin_record(
                actor=request.user,
                event=event,
                day=data["day"],
                code=data.get("code") or "",
                registration=registration,
                session=data.get("session"),
            )
        except ValidationError as exc:
            error = error_text(exc)
        # A fresh form keeps the chosen day and session for the next scan.
        form = CheckInForm(event=event, initial={"day": data["day"], "session": data.get("session")})
    day = form["day"].value() or initial["day"]
    if isinstance(day, str):
        try:
            day = datetime.date.fromisoformat(day)
        except ValueError:
            day = initial["day"]
    session_id = form["session"].value()
    session = event.sessions.filter(pk=session_id).first() if session_id else None
    context = {
        "event": event,
        "form": form,
        "result": result,
        "error": error,
        "day": day,
        "session": session,
        "count": selectors.checkin_count(event, day, session),
    }
    if request.htmx:
        return render(request, "events/checkin/_result.html", context, status=200)
    return render(request, "events/checkin/page.html", context)


@login_required
@require_GET
def checkin_count(request, slug: str):
    event = selectors.staffed_event_or_404(request.user, slug)
    try:
        day = datetime.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        day = _today_in(event)
    session_id = request.GET.get("session") or None
    session = event.sessions.filter(pk=session_id).first() if session_id and session_id.isdigit() else None
    context = {
        "event": event,
        "day": day,
        "session": session,
        "count": selectors.checkin_count(event, day, session),
    }
    return render(request, "events/checkin/_count.html", context)


@login_required
@require_GET
def checkin_search(request, slug: str):
    event = selectors.staffed_event_or_404(request.user, slug)
    rows = selectors.checkin_search(event, request.GET.get("q", ""))
    return render(
        request, "events/checkin/_search.html", {"event": event, "rows": rows, "q": request.GET.get("q", "")}
    )
