"""/api/v1/programs: indicators by region and period (public aggregates) and monthly report
submission for integrations (authenticated: HTTP Basic with the account's e-mail and password, or
the browser session)."""

import datetime

from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status
from ninja.security import HttpBasicAuth, django_auth

from . import permissions, selectors
from .cache import part_key, parts
from .models import ItemKind, Programme
from .services.reports import report_submit_complete

router = Router(tags=["programs"])


class BasicAuth(HttpBasicAuth):
    def authenticate(self, request, username, password):
        user = authenticate(request, username=username, password=password)
        if user is not None and user.is_active:
            request.user = user
            return user
        return None


class IndicatorOut(Schema):
    code: str
    name: str
    measure: str
    target: int | None
    achieved: int


class IndicatorsOut(Schema):
    programme: int
    region: str
    year: int
    month: int
    indicators: list[IndicatorOut]


def _period(period: str, programme: Programme) -> tuple[int, int]:
    """'2023' (the year) or '2023-05' (a month); empty means the current or last programme year."""
    if not period:
        year = min(max(datetime.date.today().year, programme.start_year), programme.end_year)
        return year, 0
    try:
        if len(period) == 4:
            year, month = int(period), 0
        else:
            year, month = int(period[:4]), int(period[5:7])
            if period[4] != "-" or not 1 <= month <= 12:
                raise ValueError
    except (ValueError, IndexError) as e:
        raise HttpError(422, "period must be YYYY or YYYY-MM") from e
    if year not in programme.years:
        raise HttpError(
            422, f"period is outside the programme's years {programme.start_year}-{programme.end_year}"
        )
    return year, month


@router.get(
    "/{programme_id}/indicators",
    response=IndicatorsOut,
    summary="Each indicator's target and achievement for a region (province or regency/city code) and period",
    url_name="programs_indicators",
)
def indicators(request, programme_id: int, region: str = "", period: str = ""):
    programme = selectors.programme_with_figures_state(programme_id)
    if programme is None:
        raise HttpError(404, "Not Found")
    region = region.strip()
    key = part_key("indicators", programme, region, period)
    answer = parts.get(key) if key else None
    if answer is None:
        if region and selectors.place_get(region) is None:
            raise HttpError(404, "unknown region")
        year, month = _period(period, programme)
        answer = {
            "programme": programme.pk,
            "region": region,
            "year": year,
            "month": month,
            "indicators": selectors.indicators(programme, region, year, month),
        }
        if key:
            parts.set(key, answer)
    return answer


class ActivityIn(Schema):
    date: datetime.date
    category: str
    title: str
    partners: str = ""
    male: int
    female: int
    children: int
    youth: int
    adults: int
    elderly: int
    disabled: int = 0
    outcomes: str = ""


class ItemIn(Schema):
    kind: str
    date: datetime.date
    title: str
    counterpart: str = ""
    valid_until: datetime.date | None = None
    result: str = ""


class ReportIn(Schema):
    library: int
    year: int
    month: int
    visits: int
    innovations: str = ""
    problems: str = ""
    activities: list[ActivityIn] = []
    items: list[ItemIn] = []


class ReportOut(Schema):
    id: int
    library: int
    year: int
    month: int
    status: str
    activities: int


@router.post(
    "/{programme_id}/reports",
    response={200: ReportOut, 422: dict},
    auth=[BasicAuth(), django_auth],
    summary="Submit one library's whole monthly report (a repeated call stores one report)",
    url_name="programs_report_submit",
)
def report_submit(request, programme_id: int, payload: ReportIn):
    programme = selectors.programme_with_figures_state(programme_id)
    if programme is None:
        raise HttpError(404, "Not Found")
    user = request.auth
    library = permissions.library_reportable_by(user, payload.library)
    if library is None:
        raise HttpError(404, "library not found among the libraries you report for")
    cats = selectors.active_categories(programme)
    activities = []
    for i, a in enumerate(payload.activities):
        data = a.dict()
        category = cats.get(data.pop("category").strip().lower())
        if category is None:
            return Status(422, {"detail": {f"activities[{i}]": ["unknown category"]}})
        activities.append({**data, "category_id": category})
    for i, item in enumerate(payload.items):
        if item.kind not in ItemKind.values:
            return Status(
                422, {"detail": {f"items[{i}]": [f"kind must be one of {', '.join(ItemKind.values)}"]}}
            )
    try:
        report = report_submit_complete(
            actor=user, programme=programme, library=library, year=payload.year, month=payload.month,
            visits=payload.visits, innovations=payload.innovations, problems=payload.problems,
            activities=activities, items=[i.dict() for i in payload.items],
        )  # fmt: skip
    except ValidationError as e:
        detail = e.message_dict if hasattr(e, "error_dict") else {"report": e.messages}
        return Status(422, {"detail": detail})
    return {
        "id": report.pk,
        "library": report.library_id,
        "year": report.year,
        "month": report.month,
        "status": report.status,
        # Counted only when the call found the month already submitted (it then changed nothing).
        "activities": getattr(report, "activity_count", None) or report.activities.count(),
    }
