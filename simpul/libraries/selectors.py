"""Reads of the register: the directory search, one library, counts and statistics.

Every directory filter is an equality on an indexed column kept in name order (region codes per
level, type, status), and the name search uses a trigram index on PostgreSQL. Totals come from the
aggregate table when no text is searched, and are bounded otherwise: no page counts 165,000 rows.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db import connection
from django.db.models import Q, QuerySet

from simpul.organisations.models import Role, RoleAssignment
from simpul.regions.codes import level_of, normalize_code
from simpul.regions.models import Region

from . import npp as npp_format
from .models import PUBLIC_STATUSES, Library, LibraryChange, LibraryStat, LibraryType, Status

SORTS = {
    "name": ("name", "pk"),
    "-name": ("-name", "-pk"),
    "npp": ("npp", "pk"),
    "-updated": ("-data_updated_on", "pk"),
}
REGION_COLUMN = {1: "province_code", 2: "regency_code", 3: "district_code", 4: "region_id"}
# Beyond this many matches of a text search, the page says "more than".
COUNT_LIMIT = 1000


@dataclass
class DirectoryFilter:
    q: str = ""
    region: str = ""  # a normalised code at any level
    library_type: str = ""
    status: str = ""
    sort: str = "name"

    @classmethod
    def from_params(cls, params) -> "DirectoryFilter":
        region = normalize_code(params.get("region", "") or "")
        library_type = params.get("type", "") or ""
        status = params.get("status", "") or ""
        sort = params.get("sort", "") or "name"
        return cls(
            q=" ".join((params.get("q", "") or "").split())[:100],
            region=region,
            library_type=library_type if library_type in LibraryType.values else "",
            status=status if status in PUBLIC_STATUSES else "",
            sort=sort if sort in SORTS else "name",
        )

    def as_params(self) -> dict[str, str]:
        params = {"q": self.q, "region": self.region, "type": self.library_type, "status": self.status}
        if self.sort != "name":
            params["sort"] = self.sort
        return {k: v for k, v in params.items() if v}


def libraries_search(f: DirectoryFilter, base: QuerySet | None = None) -> QuerySet:
    """The public directory's rows for a filter, in the chosen order."""
    qs = base if base is not None else Library.objects.all()
    qs = qs.filter(status=f.status) if f.status else qs.filter(status__in=PUBLIC_STATUSES)
    if f.region:
        qs = qs.filter(**{REGION_COLUMN[level_of(f.region)]: f.region})
    if f.library_type:
        qs = qs.filter(library_type=f.library_type)
    if f.q:
        text = f.q.lower()
        normalized = npp_format.normalize(f.q)
        if npp_format.is_valid(normalized):
            qs = qs.filter(npp=normalized)
        else:
            qs = qs.filter(search_name__contains=text)
    return qs.order_by(*SORTS[f.sort])


def _filter_sql(f: DirectoryFilter, alias: str, *, region_column: bool = True) -> tuple[str, list]:
    """The WHERE clause of a filter without text (status, region, type) over `alias`'s columns."""
    if f.status:
        conditions, params = [f"{alias}.status = %s"], [f.status]
    else:
        marks = ", ".join(["%s"] * len(PUBLIC_STATUSES))
        conditions, params = [f"{alias}.status IN ({marks})"], list(PUBLIC_STATUSES)
    if f.region:
        column = REGION_COLUMN[level_of(f.region)] if region_column else "region_code"
        conditions.append(f"{alias}.{column} = %s")
        params.append(f.region)
    if f.library_type:
        conditions.append(f"{alias}.library_type = %s")
        params.append(f.library_type)
    return " AND ".join(conditions), params


def _fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def libraries_count(f: DirectoryFilter) -> tuple[int, bool]:
    """(count, exact). Without a text search, from the aggregates; with one, counted up to a limit."""
    if not f.q:
        if f.region and level_of(f.region) == 4:  # one village: a few rows
            where, params = _filter_sql(f, "l")
            return _fetch(f"SELECT COUNT(*) FROM {LIBRARY_TABLE} l WHERE {where}", params)[0][0], True  # noqa: S608
        where, params = _filter_sql(f, "s", region_column=False)
        if not f.region:
            where, params = f"{where} AND s.region_code = %s", [*params, ""]
        return _fetch(f"SELECT SUM(s.count) FROM {STAT_TABLE} s WHERE {where}", params)[0][0] or 0, True  # noqa: S608
    n = libraries_search(f).order_by()[: COUNT_LIMIT + 1].count()
    return min(n, COUNT_LIMIT), n <= COUNT_LIMIT


@dataclass
class Page:
    """One page of results with a count that never scans the whole table."""

    object_list: list
    number: int
    per_page: int
    count: int
    exact: bool
    num_pages: int = field(init=False)

    def __post_init__(self):
        self.num_pages = max(1, -(-self.count // self.per_page))

    def has_previous(self) -> bool:
        return self.number > 1

    def has_next(self) -> bool:
        return self.number < self.num_pages

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1

    def __iter__(self):
        return iter(self.object_list)

    @property
    def paginator(self):
        return self  # the shared pagination template reads page_obj.paginator.num_pages

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.object_list else 0


class DirectoryRow(NamedTuple):
    """What a directory row shows, read as a tuple (no model instances for a page of 25)."""

    pk: int
    name: str
    npp: str | None
    library_type: str
    subtype: str
    status: str
    latitude: Decimal | None
    longitude: Decimal | None
    region_path: str


# The directory's two statements are written out here rather than built by the ORM: for a page of 25
# rows, compiling the count and the rows' querysets cost more CPU (1.3-1.9 ms) than PostgreSQL spent
# running them. The conditions are those of `libraries_search`, and the tests run on both databases.
LIBRARY_TABLE = Library._meta.db_table
STAT_TABLE = LibraryStat._meta.db_table
REGION_TABLE = Region._meta.db_table
ROW_COLUMNS_SQL = (
    "l.organisation_id, l.name, l.npp, l.library_type, l.subtype, l.status, l.latitude, l.longitude"
)
ROWS_SQL = f"SELECT {ROW_COLUMNS_SQL}, r.path FROM {LIBRARY_TABLE} l INNER JOIN {REGION_TABLE} r ON r.code = l.region_id"  # noqa: S608, E501
ORDER_SQL = {
    sort: ", ".join(
        f"l.{'organisation_id' if name.lstrip('-') == 'pk' else name.lstrip('-')}"
        + (" DESC" if name.startswith("-") else "")
        for name in fields
    )
    for sort, fields in SORTS.items()
}


def _page_number(page, count: int, per_page: int) -> int:
    try:
        number = max(1, int(page or 1))
    except (TypeError, ValueError):
        number = 1
    return min(number, max(1, -(-count // per_page)))


def libraries_page(f: DirectoryFilter, page: str | int | None, per_page: int = 25) -> Page:
    """One page of the directory and its count.

    Without a text search: the count from the aggregates, then the page's rows (an index in name
    order per filter). With one, the text is matched once: the ids of the first COUNT_LIMIT + 1
    matches in display order give the count (exact up to the limit, as `libraries_count`) and the
    page, whose rows are then read by primary key. Counting and ordering the matches in two
    statements, as before, ran the trigram match twice, and a broad match sorted by walking the name
    index could read 10,000 index entries to fill 25 rows."""
    if f.q:
        where, params = _filter_sql(f, "l")
        normalized = npp_format.normalize(f.q)
        if npp_format.is_valid(normalized):
            where, params = f"{where} AND l.npp = %s", [*params, normalized]
        else:  # as Django's `contains`: the text's own % and _ match themselves
            text = f.q.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            where, params = f"{where} AND l.search_name LIKE %s ESCAPE '\\'", [*params, f"%{text}%"]
        sql = f"SELECT l.organisation_id FROM {LIBRARY_TABLE} l WHERE {where} ORDER BY {ORDER_SQL[f.sort]} LIMIT %s"  # noqa: S608
        ids = [pk for (pk,) in _fetch(sql, [*params, COUNT_LIMIT + 1])]
        count, exact = min(len(ids), COUNT_LIMIT), len(ids) <= COUNT_LIMIT
        number = _page_number(page, count, per_page)
        wanted = ids[(number - 1) * per_page : number * per_page]
        found = {}
        if wanted:
            marks = ", ".join(["%s"] * len(wanted))
            found = {
                row[0]: row for row in _fetch(f"{ROWS_SQL} WHERE l.organisation_id IN ({marks})", wanted)
            }
        rows = [DirectoryRow._make(found[pk]) for pk in wanted if pk in found]
    else:
        count, exact = libraries_count(f)
        number = _page_number(page, count, per_page)
        where, params = _filter_sql(f, "l")
        sql = f"{ROWS_SQL} WHERE {where} ORDER BY {ORDER_SQL[f.sort]} LIMIT %s OFFSET %s"
        rows = list(map(DirectoryRow._make, _fetch(sql, [*params, per_page, (number - 1) * per_page])))
    return Page(rows, number, per_page, count, exact)


def library_get(queryset: QuerySet, pk) -> Library | None:
    return queryset.select_related("organisation", "region", "organisation__parent").filter(pk=pk).first()


def library_by_npp(npp: str) -> Library | None:
    return Library.objects.public().select_related("region").filter(npp=npp_format.normalize(npp)).first()


def library_history(library: Library, limit: int = 50) -> list[LibraryChange]:
    return list(library.changes.select_related("actor__person")[:limit])


def library_managers(library: Library) -> list:
    return [
        a.person
        for a in RoleAssignment.objects.current()
        .filter(role=Role.LIBRARY_MANAGER, organisation_id=library.pk)
        .select_related("person")
    ]


def region_path(code: str) -> str | None:
    """A region's full name ("Kartasura, Kab. Sukoharjo, Jawa Tengah"), or None for an unknown code."""
    return Region.objects.filter(code=code).values_list("path", flat=True).first()


# --- Statistics ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ChildRegion:
    """A region's code and name: all the statistics page shows of a region."""

    code: str
    name: str


@dataclass
class RegionStats:
    region: ChildRegion | None
    ancestors: list[ChildRegion]
    by_type: dict[str, int]  # public libraries (all public statuses) per type
    by_type_status: dict[tuple[str, str], int]
    total: int
    children: list[dict]  # [{region, total, by_type}]
    child_level: int | None


def region_stats(code: str = "") -> RegionStats | None:
    """Counts for the country (no code) or a province/regency/district, with its children's counts.
    Reads only the aggregate table and the region names, in two indexed queries: the region, its
    ancestors and its children; then its own stat rows and its children's (a province's ~40
    regencies have up to ~700) as plain tuples."""
    level = level_of(code) if code else 0
    if code and not 1 <= level <= 3:
        return None
    parts = code.split(".") if code else []
    lineage = [".".join(parts[:i]) for i in range(1, len(parts) + 1)]  # province first, then down to code
    child_level = level + 1 if level < 3 else None
    wanted = Q(code__in=lineage) if lineage else Q(pk__in=[])
    if child_level:
        wanted |= Q(parent_id=code) if code else Q(parent__isnull=True)
    names: dict[str, str] = {}
    child_names: list[tuple[str, str]] = []
    for region_code, name, region_level in (
        Region.objects.filter(wanted).order_by("code").values_list("code", "name", "level")
    ):
        if region_level == child_level:
            child_names.append((region_code, name))
        else:
            names[region_code] = name
    if code and code not in names:
        return None
    rows: dict[str, dict] = {
        c: {"region": ChildRegion(c, name), "total": 0, "by_type": dict.fromkeys(LibraryType.values, 0)}
        for c, name in child_names
    }
    # By the children's codes, not a prefix: the unique (region_code, type, status) index finds them.
    own_and_children = LibraryStat.objects.filter(region_code__in=[code, *rows], count__gt=0)
    by_type_status: dict[tuple[str, str], int] = {}
    for region_code, library_type, status, n in own_and_children.values_list(
        "region_code", "library_type", "status", "count"
    ):
        if region_code == code:
            by_type_status[(library_type, status)] = n
        elif status in PUBLIC_STATUSES and (row := rows.get(region_code)):
            row["by_type"][library_type] += n
            row["total"] += n
    by_type = dict.fromkeys(LibraryType.values, 0)
    for (t, s), n in by_type_status.items():
        if s in PUBLIC_STATUSES:
            by_type[t] += n
    return RegionStats(
        region=ChildRegion(code, names[code]) if code else None,
        ancestors=[ChildRegion(c, names[c]) for c in lineage[:-1] if c in names],
        by_type=by_type,
        by_type_status=by_type_status,
        total=sum(by_type.values()),
        children=list(rows.values()),
        child_level=child_level,
    )


def status_totals(stats: RegionStats) -> dict[str, int]:
    totals = dict.fromkeys(Status.values, 0)
    for (_t, s), n in stats.by_type_status.items():
        totals[s] += n
    return totals
