"""GET /api/v1/regions and /api/v1/regions/{code}: the Kemendagri hierarchy, public and read-only."""

import json
from typing import Literal

from django.conf import settings
from django.http import HttpResponse
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from . import selectors
from .answers import REGIONS
from .codes import normalize_code
from .models import LEVEL_SLUGS, Level, Region

router = Router(tags=["regions"])

SLUG_BY_LEVEL = {level: slug for slug, level in LEVEL_SLUGS.items()}
LevelSlug = Literal["province", "regency", "district", "village"]


class RegionOut(Schema):
    code: str
    name: str
    level: LevelSlug
    parent: str | None
    kind: str
    path: str
    time_zone: str
    postal_code: str | None

    @staticmethod
    def resolve_level(obj: Region) -> str:
        return SLUG_BY_LEVEL[obj.level]

    @staticmethod
    def resolve_parent(obj: Region) -> str | None:
        return obj.parent_id  # the code, without fetching the parent

    @staticmethod
    def resolve_postal_code(obj: Region) -> str | None:
        return obj.postal_code or None


class ErrorOut(Schema):
    detail: str


class RegionPage(Schema):
    items: list[RegionOut]
    count: int


# The columns a list row shows, in RegionOut's order.
_LIST_FIELDS = ("code", "name", "level", "parent_id", "kind", "path", "time_zone", "postal_code")


def _list_body(level: int | None, parent: str | None, q: str, limit: int, offset: int) -> bytes:
    """One page of the list as JSON, built from value tuples (no model objects, no per-row schema work)."""
    found = selectors.regions_list(q=q, level=level, parent=parent).values_list(*_LIST_FIELDS)
    items = [
        {
            "code": code,
            "name": name,
            "level": SLUG_BY_LEVEL[level_value],
            "parent": parent_id,
            "kind": kind,
            "path": path,
            "time_zone": time_zone,
            "postal_code": postal_code or None,
        }
        for code, name, level_value, parent_id, kind, path, time_zone, postal_code in found[
            offset : offset + limit
        ]
    ]
    return json.dumps({"items": items, "count": found.count()}, ensure_ascii=False).encode()


def _checked_list_body(level: str | None, parent: str | None, q: str, limit: int, offset: int) -> bytes:
    """`_list_body` after the checks of the question (an unknown parent: 404; too broad: 422)."""
    level_value = LEVEL_SLUGS[level] if level else None
    parent_code = None
    if parent:
        parent_region = selectors.region_get(parent)
        if parent_region is None:
            raise HttpError(404, f"There is no region with the code {parent}.")
        parent_code = parent_region.code
    text = q.strip()
    if len(text) < 2 and text and parent_code is None and level_value in (None, Level.VILLAGE):
        raise HttpError(422, "The search is too broad: type at least 2 characters, or give a parent region.")
    return _list_body(level_value, parent_code, text, limit, offset)


@router.get(
    "",
    response=RegionPage,
    summary="List or search regions",
    description=(
        "Without `q` and `level`: the direct children of `parent` (the 38 provinces without a parent). "
        "With `level`: the regions at that level inside `parent`. With `q`: regions whose name starts "
        "with, then contains, the text (ignoring case and a leading Kota/Kabupaten), inside `parent` "
        "and at `level` when given. `parent` takes a code with or without dots ('52.71' or '5271'). "
        "Answers may be cached for up to ten minutes by the caller (regions change a few times a year)."
    ),
    openapi_extra={"responses": {404: {"description": "Unknown parent"}, 422: {"description": "Bad input"}}},
)
def regions_list(
    request,
    level: LevelSlug | None = None,
    parent: str | None = None,
    q: str = "",
    limit: int = Query(settings.NINJA_PAGINATION_PER_PAGE, ge=1, le=settings.NINJA_PAGINATION_MAX_LIMIT),
    offset: int = Query(0, ge=0),
):
    # Every caller gets the same answer for the same question until `regions load` changes a region;
    # a typed search is asked again and again (each letter, each person), so the answer is shared.
    key = REGIONS.key(level, parent, q, limit, offset) if REGIONS.enabled() else None
    body = REGIONS.answer(key, lambda: _checked_list_body(level, parent, q, limit, offset))
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Cache-Control"] = "public, max-age=600"
    return response


@router.get(
    "/{code}",
    response={200: RegionOut, 404: ErrorOut},
    summary="One region",
    description="By code ('52.71' or '5271'). A code replaced in the 2022 Papua split gives the region that replaced it.",
)
def region_detail(request, code: str):
    region = selectors.region_resolve_code(code) if normalize_code(code) else None
    if region is None:
        return Status(404, {"detail": f"There is no region with the code {code}."})
    return Status(200, region)
