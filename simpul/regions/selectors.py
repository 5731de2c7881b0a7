"""Reads of the region hierarchy. Every function runs a fixed number of queries (no N+1).

Search over 83,762 villages stays on indexes: names are matched by prefix first (a B-tree range on
SQLite, `varchar_pattern_ops` on PostgreSQL), then by "contains" (the pg_trgm GIN index on
PostgreSQL; a scan on SQLite). Prefix matches always come before contains matches.
"""

from collections.abc import Sequence
from functools import cached_property

from django.db import connection
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Collate

from .codes import NAME_PREFIXES, level_of, normalize_code
from .models import Level, Region, RegionCodeChange

# Beyond any character a name holds, so [q, q + _TOP) is "starts with q" as a B-tree range.
_TOP = chr(0x10FFFF)
# Trigram indexes help only from three characters on; shorter queries match name starts only.
CONTAINS_MIN_LENGTH = 3
# Typed words that say which kind of regency/city is meant ("kota bogor" vs "kabupaten bogor").
_KIND_HINTS = {
    "kota administrasi ": "kota",
    "kota ": "kota",
    "kabupaten administrasi ": "kabupaten",
    "kabupaten ": "kabupaten",
    "kab. ": "kabupaten",
    "kab ": "kabupaten",
}


def _prefix_q(field: str, prefix: str) -> Q:
    # SQLite's LIKE ignores our (binary) indexes; a range uses them. PostgreSQL has pattern_ops indexes.
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__startswith": prefix})
    return Q(**{f"{field}__gte": prefix, f"{field}__lt": prefix + _TOP})


def _within(queryset: QuerySet, code: str) -> QuerySet:
    """Regions strictly below `code`."""
    return queryset.filter(_prefix_q("code", f"{code}."))


def region_get(code: str) -> Region | None:
    """The region with this code ('52.71' or '5271'), or None."""
    code = normalize_code(code)
    return Region.objects.filter(code=code).first() if code else None


def region_resolve_code(code: str) -> Region | None:
    """The current region for a code, old or new: '91.01' (Merauke before the 2022 Papua split) -> 93.01.

    A current code gives its region. An old code listed in RegionCodeChange gives the region that
    replaced it. A code below an old one (a district of a moved regency) gives the new regency: its
    own new code is not known, and the coarser answer is still right. Otherwise None. Two queries at most.
    """
    code = normalize_code(code)
    if not code:
        return None
    parts = code.split(".")
    candidates = [".".join(parts[:i]) for i in range(len(parts), 0, -1)]  # the code, then its ancestors
    region = Region.objects.filter(code=code).first()
    if region is not None:
        return region
    changes = {
        c.old_code: c.new_code
        for c in RegionCodeChange.objects.filter(old_code__in=candidates).select_related("new_code")
    }
    return next((changes[c] for c in candidates if c in changes), None)


def region_children(code: str | None = None) -> QuerySet:
    """The direct children of a region, by code; the provinces without a code."""
    if code is None:
        return Region.objects.filter(parent__isnull=True)  # the provinces, through the parent index
    return Region.objects.filter(parent_id=code)


def region_children_with_counts(code: str | None = None) -> QuerySet:
    """Direct children, each with `child_count` (the number of regions directly under it)."""
    return region_children(code).annotate(child_count=Count("children")).order_by("code")


def region_counts_by_level() -> dict[int, int]:
    return dict(
        Region.objects.order_by().values_list("level").annotate(n=Count("code")).values_list("level", "n")
    )


def region_code_change_count() -> int:
    return RegionCodeChange.objects.count()


def region_postal_codes(region: Region) -> list[str]:
    """The postal codes used inside a region (its own for a village)."""
    if region.level == Level.VILLAGE:
        return [region.postal_code] if region.postal_code else []
    rows = _within(Region.objects.filter(level=Level.VILLAGE), region.code).exclude(postal_code="")
    return sorted(set(rows.values_list("postal_code", flat=True)))


def _clean_query(q: str) -> tuple[str, str | None]:
    """('kota mat', ...) -> ('mat', 'kota'): the text to match in search_name, and a kind hint."""
    text = " ".join((q or "").lower().split())
    for prefix, kind in _KIND_HINTS.items():
        if text.startswith(prefix) and len(text) > len(prefix):
            return text.removeprefix(prefix), kind
    for prefix in NAME_PREFIXES:
        text = text.removeprefix(prefix)
    return text, None


class RegionSearch(Sequence):
    """Search results: prefix matches, then contains matches. Sliceable and countable, so django-ninja's
    limit/offset pagination and Django's Paginator take it like a queryset; every slice is 1-2 queries."""

    def __init__(self, prefix: QuerySet, rest: QuerySet | None, matches: QuerySet | None = None):
        # `matches`: every row of prefix and rest (the "contains" rows hold the prefix ones), so that
        # the total is one count instead of two.
        self.prefix, self.rest, self.matches = prefix, rest, matches

    @cached_property
    def _prefix_count(self) -> int:
        return self.prefix.count()

    @cached_property
    def _count(self) -> int:
        if self.rest is None:
            return self._prefix_count
        if self.matches is not None:
            return self.matches.count()
        return self._prefix_count + self.rest.count()

    def count(self) -> int:
        return self._count

    def values_list(self, *fields: str) -> "RegionSearch":
        """The same search giving tuples of `fields` instead of Region objects (cheaper to serialise)."""
        rest = self.rest.values_list(*fields) if self.rest is not None else None
        return RegionSearch(self.prefix.values_list(*fields), rest, self.matches)

    def all(self) -> "RegionSearch":
        return self

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            items = self[index : index + 1]
            if not items:
                raise IndexError(index)
            return items[0]
        start, stop = index.start or 0, index.stop
        if stop is None or start < 0 or stop < 0 or index.step not in (None, 1):
            raise ValueError("RegionSearch takes bounded, forward slices only.")
        items = list(self.prefix[start:stop])
        if len(items) == stop - start or self.rest is None:
            return items
        prefix_total = start + len(items) if items else self._prefix_count
        rest_start = max(0, start - prefix_total)
        items += list(self.rest[rest_start : stop - prefix_total])
        return items


def regions_search(
    q: str, level: int | None = None, parent: str | None = None, max_level: int | None = None
) -> RegionSearch:
    """Regions whose name matches `q`, optionally at one level, below a level, or inside `parent`.

    Matching ignores case and a leading "kota"/"kabupaten" (which, when typed, keeps only that kind).
    Names that start with `q` come first, then names that contain it (from three characters on);
    within each group, larger regions first, then by name. Each row carries `path` to tell apart
    the many villages that share a name.
    """
    text, kind = _clean_query(q)
    base = Region.objects.all()
    if level is not None:
        base = base.filter(level=level)
    if max_level is not None:
        base = base.filter(level__lte=max_level)
    if parent:
        base = _within(base, parent)
    if kind:
        base = base.filter(kind=kind)
    if not text:
        return RegionSearch(base.none(), None)
    # Byte order ("C") on PostgreSQL: the collation-ordered (level, search_name) index cannot serve a
    # LIKE prefix, and letting the planner walk it in order for a common prefix costs tens of ms.
    name = Collate("search_name", "C") if connection.vendor == "postgresql" else F("search_name")
    order = [name, "code"] if level is not None else ["level", name, "code"]
    starts = _prefix_q("search_name", text)
    prefix = base.filter(starts).order_by(*order)
    if len(text) < CONTAINS_MIN_LENGTH:
        return RegionSearch(prefix, None)
    matches = base.filter(search_name__contains=text)
    return RegionSearch(prefix, matches.exclude(starts).order_by(*order), matches.order_by())


def regions_list(
    *, q: str = "", level: int | None = None, parent: str | None = None
) -> QuerySet | RegionSearch:
    """The API's list: a name search when `q` is given; otherwise regions at `level` inside `parent`,
    or, without a level, the direct children of `parent` (the provinces without a parent). By code."""
    if q.strip():
        return regions_search(q, level=level, parent=parent)
    if level is None:
        return region_children(parent).order_by("code")
    queryset = Region.objects.filter(level=level)
    if parent:
        if level == level_of(parent) + 1:
            queryset = queryset.filter(parent_id=parent)
        else:
            queryset = _within(queryset, parent)
    return queryset.order_by("code")
