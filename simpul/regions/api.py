"""GET /api/v1/regions and /api/v1/regions/{code}: the Kemendagri hierarchy, public and read-only."""

from typing import Literal

from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.responses import Status

from . import selectors
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


@router.get(
    "",
    response=list[RegionOut],
    summary="List or search regions",
    description=(
        "Without `q` and `level`: the direct children of `parent` (the 38 provinces without a parent). "
        "With `level`: the regions at that level inside `parent`. With `q`: regions whose name starts "
        "with, then contains, the text (ignoring case and a leading Kota/Kabupaten), inside `parent` "
        "and at `level` when given. `parent` takes a code with or without dots ('52.71' or '5271')."
    ),
    openapi_extra={"responses": {404: {"description": "Unknown parent"}, 422: {"description": "Bad input"}}},
)
@paginate(LimitOffsetPagination)
def regions_list(request, level: LevelSlug | None = None, parent: str | None = None, q: str = ""):
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
    return selectors.regions_list(q=text, level=level_value, parent=parent_code)


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
