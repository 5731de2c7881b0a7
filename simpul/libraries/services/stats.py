"""The aggregate counts behind the statistics page, kept current by every register write.

A library counts once at each level of its region: nationally (''), in its province, its
regency/city and its district. Writes add and remove (level, region, type, status) keys; the
changes are applied as `count = count + n` updates, so concurrent writers never lose a count.
"""

from collections import Counter
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Count

from ..answers import register_changed
from ..models import Library, LibraryStat

StatKey = tuple[str, str, str]  # (region_code, library_type, status)


def region_levels(province: str, regency: str, district: str) -> list[str]:
    return [""] + [code for code in (province, regency, district) if code]


def keys_for(library: Library) -> list[StatKey]:
    return [
        (code, library.library_type, library.status)
        for code in region_levels(library.province_code, library.regency_code, library.district_code)
    ]


def _level(code: str) -> int:
    return 0 if not code else code.count(".") + 1


def stats_apply(deltas: Counter) -> None:
    """Add `deltas` ({key: +n/-n}) to the aggregate rows, creating missing rows at zero first."""
    changes = sorted((key, n) for key, n in deltas.items() if n)
    if not changes:
        return
    register_changed()
    table = LibraryStat._meta.db_table
    if connection.vendor != "postgresql":
        LibraryStat.objects.bulk_create(
            [
                LibraryStat(region_code=k[0], level=_level(k[0]), library_type=k[1], status=k[2])
                for k, _ in changes
            ],
            ignore_conflicts=True,
            batch_size=1000,
        )
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {table} SET count = count + %s WHERE region_code = %s AND library_type = %s AND status = %s",  # noqa: S608
                [(n, *key) for key, n in changes],
            )
        return
    # Three statements, however many keys (an import moves thousands).
    codes, types, statuses = ([k[i] for k, _n in changes] for i in range(3))
    deltas_sql = (
        "unnest(%s::int[], %s::text[], %s::text[], %s::text[]) AS d(n, region_code, library_type, status)"
    )
    match = "s.region_code = d.region_code AND s.library_type = d.library_type AND s.status = d.status"
    params = [[n for _k, n in changes], codes, types, statuses]
    with connection.cursor() as cursor:
        cursor.execute(  # the missing rows, at zero
            f"INSERT INTO {table} (region_code, level, library_type, status, count) "  # noqa: S608
            "SELECT *, 0 FROM unnest(%s::text[], %s::int[], %s::text[], %s::text[]) "
            "ON CONFLICT (region_code, library_type, status) DO NOTHING",
            [codes, [_level(c) for c in codes], types, statuses],
        )
        # Rows locked in key order first, as the row-by-row updates did: concurrent writers queue.
        cursor.execute(
            f"SELECT s.id FROM {table} AS s JOIN {deltas_sql} ON {match} "  # noqa: S608
            "ORDER BY s.region_code, s.library_type, s.status FOR UPDATE OF s",
            params,
        )
        update = f"UPDATE {table} AS s SET count = s.count + d.n FROM {deltas_sql} WHERE {match}"  # noqa: S608
        cursor.execute(update, params)


def stats_move(before: Iterable[StatKey], after: Iterable[StatKey]) -> None:
    deltas: Counter = Counter()
    for key in before:
        deltas[key] -= 1
    for key in after:
        deltas[key] += 1
    stats_apply(deltas)


def stats_recount() -> dict[StatKey, int]:
    """The counts as they should be, from the libraries themselves (four grouped scans)."""
    counts: dict[StatKey, int] = {}
    base = Library.objects.order_by()
    for column in (None, "province_code", "regency_code", "district_code"):
        fields = ([column] if column else []) + ["library_type", "status"]
        for row in base.values(*fields).annotate(n=Count("pk")):
            code = row[column] if column else ""
            if column and not code:
                continue
            counts[(code, row["library_type"], row["status"])] = row["n"]
    return counts


def stats_stored() -> dict[StatKey, int]:
    return {
        (s.region_code, s.library_type, s.status): s.count
        for s in LibraryStat.objects.exclude(count=0).only("region_code", "library_type", "status", "count")
    }


def stats_differences() -> dict[StatKey, tuple[int, int]]:
    """{key: (stored, recounted)} where they differ; empty when the aggregates are right."""
    stored, recounted = stats_stored(), stats_recount()
    return {
        key: (stored.get(key, 0), recounted.get(key, 0))
        for key in sorted(set(stored) | set(recounted))
        if stored.get(key, 0) != recounted.get(key, 0)
    }


@transaction.atomic
def stats_rebuild() -> int:
    """Replace the aggregates with a recount (after bulk loads, or to repair). Returns the row count."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # writers wait until the new counts are in
            cursor.execute(f"LOCK TABLE {LibraryStat._meta.db_table} IN EXCLUSIVE MODE")
    register_changed()
    LibraryStat.objects.all().delete()
    rows = [
        LibraryStat(region_code=k[0], level=_level(k[0]), library_type=k[1], status=k[2], count=n)
        for k, n in stats_recount().items()
    ]
    LibraryStat.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
