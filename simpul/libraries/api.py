"""GET /api/v1/libraries and /api/v1/libraries/{npp}: the public directory, read-only."""

import datetime
from decimal import Decimal

from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from simpul.regions.codes import normalize_code

from . import selectors
from .models import PUBLIC_STATUSES, LibraryType

router = Router(tags=["libraries"])
MAX_LIMIT = 200


class LibraryOut(Schema):
    id: int = Field(..., alias="pk")
    npp: str | None
    name: str
    type: str = Field(..., alias="library_type")
    subtype: str
    status: str
    ownership: str
    region: str = Field(..., alias="region_id")
    address: str
    latitude: Decimal | None
    longitude: Decimal | None
    data_updated_on: datetime.date | None


class LibraryDetailOut(LibraryOut):
    parent_institution: str
    opening_hours: str
    phone: str
    email: str
    website: str
    services: list[str]
    funding: str
    collection_titles: int
    collection_copies: int
    staff_total: int
    seats: int
    computers: int
    internet: bool


class LibraryPage(Schema):
    count: int
    count_is_exact: bool
    limit: int
    offset: int
    items: list[LibraryOut]


class ErrorOut(Schema):
    detail: str


@router.get(
    "",
    response={200: LibraryPage, 422: ErrorOut},
    summary="Search the library directory",
    description=(
        "Registered, listed and closed libraries. `q` matches the name (or an exact NPP); `region` is a "
        "Kemendagri code at any level ('33', '33.11', '33.11.12' or a village); `type` one of "
        f"{', '.join(LibraryType.values)}; `status` one of {', '.join(PUBLIC_STATUSES)}. Sorted by name. "
        f"`count` is exact without `q`; with `q` it stops at {selectors.COUNT_LIMIT} (`count_is_exact` false)."
    ),
)
def libraries_list(
    request, q: str = "", region: str = "", type: str = "", status: str = "", limit: int = 50, offset: int = 0
):
    if region and not normalize_code(region):
        raise HttpError(422, f"{region!r} is not a region code.")
    if type and type not in LibraryType.values:
        raise HttpError(422, f"Unknown type {type!r}.")
    if status and status not in PUBLIC_STATUSES:
        raise HttpError(422, f"Unknown status {status!r}.")
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, offset)
    f = selectors.DirectoryFilter.from_params({"q": q, "region": region, "type": type, "status": status})
    count, exact = selectors.libraries_count(f)
    items = list(selectors.libraries_search(f)[offset : offset + limit])
    return {"count": count, "count_is_exact": exact, "limit": limit, "offset": offset, "items": items}


@router.get("/{npp}", response={200: LibraryDetailOut, 404: ErrorOut}, summary="One library, by NPP")
def library_detail(request, npp: str):
    library = selectors.library_by_npp(npp)
    if library is None:
        return Status(404, {"detail": f"No library with NPP {npp}."})
    return Status(200, library)
