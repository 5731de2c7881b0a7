"""The aggregate table behind every dashboard, kept current by the reporting services.

A counted report (submitted and on) adds its figures once at each level (national '', province,
regency/city, the library 'L<id>'), for its month and for the whole year (month 0), per activity
category and for all categories (category 0). Returning or reopening a report takes them away.

Writers only append their changes to ProgrammeStatDelta: no shared row is touched, so concurrent
submissions never queue on the national and province rows. `stats_fold` moves the pending changes into
ProgrammeStat in batches (`col = col + n` upserts, one fold at a time), and every read adds the changes
still pending (`figure_rows`), so the figures are exact at once.
"""

from collections import Counter, defaultdict

from django.db import connection, transaction
from django.db.models import Count, F, Q, Sum

from ..models import (
    COUNTED,
    STAT_FIELDS,
    Activity,
    Beneficiary,
    ItemKind,
    Programme,
    ProgrammeStat,
    ProgrammeStatDelta,
    Report,
    ReportItem,
)

ITEM_FIELD = {
    ItemKind.ADVOCACY: "advocacy",
    ItemKind.PARTNERSHIP: "partnerships",
    ItemKind.REGULATION: "regulations",
    ItemKind.AID_PHYSICAL: "aid",
    ItemKind.AID_OTHER: "aid",
}
PEOPLE = ("male", "female", "children", "youth", "adults", "elderly", "disabled")

Key = tuple[str, int, int, int]  # (region_code, year, month, category)


def levels(province: str, regency: str, library_id: int) -> list[str]:
    return ["", *(code for code in (province, regency) if code), f"L{library_id}"]


def level_of(code: str) -> int:
    if not code:
        return 0
    if code.startswith("L"):
        return 3
    return code.count(".") + 1


def _spread(deltas, regions, year, month, category, figures: dict) -> None:
    """Add `figures` at every level, for the month and the year, for the category and all.
    A library's own rows are not split by category (the dashboards never ask; it keeps the table small)."""
    for code in regions:
        for m in (month, 0):
            for c in {category, 0} if not code.startswith("L") else (0,):
                bucket = deltas[(code, year, m, c)]
                for name, n in figures.items():
                    bucket[name] += n


def report_figures(report: Report, sign: int = 1, *, activities=None, items=None) -> dict[Key, Counter]:
    """What `report` adds to the aggregates (sign=-1: what it takes away). `activities` and `items`,
    when the caller has them in hand, save reading them back."""
    deltas: dict[Key, Counter] = defaultdict(Counter)
    regions = levels(report.province_code, report.regency_code, report.library_id)
    head = {"reports": sign, "visits": sign * report.visits}
    for item in items if items is not None else report.items.all().only("kind"):
        field = ITEM_FIELD[item.kind]
        head[field] = head.get(field, 0) + sign
    _spread(deltas, regions, report.year, report.month, 0, head)
    for a in activities if activities is not None else report.activities.all().only("category_id", *PEOPLE):
        figures = {name: sign * getattr(a, name) for name in PEOPLE}
        figures["activities"] = sign
        figures["participants"] = sign * (a.male + a.female)
        _spread(deltas, regions, report.year, report.month, a.category_id, figures)
    return deltas


def beneficiary_figures(b: Beneficiary, sign: int = 1) -> dict[Key, Counter]:
    deltas: dict[Key, Counter] = defaultdict(Counter)
    for code in levels(b.province_code, b.regency_code, b.library_id):
        deltas[(code, b.year, 0, 0)]["beneficiaries"] += sign
    return deltas


UPSERT_BATCH = 500  # rows per statement
# A writer whose pending rows take an id that is a multiple of this folds every pending row after its
# commit: one writer in about FOLD_EVERY / 14 submissions (a month with one category adds 14 rows).
FOLD_EVERY = 512
FOLD_LOCK = 7_000_001  # the PostgreSQL advisory lock held by the one fold that runs at a time
KEY_FIELDS = ("region_code", "year", "month", "category")


def figures_changed(programme_id: int) -> None:
    """Mark the programme's figures (or what is shown beside them: targets, categories, beneficiary
    names) as changed: cached dashboard parts and lookups are keyed by this generation. Called inside
    the writer's transaction, so the new generation becomes visible with the change."""
    Programme.objects.filter(pk=programme_id).update(figures_generation=F("figures_generation") + 1)


COLUMNS = ("programme_id", "region_code", "level", "year", "month", "category", *STAT_FIELDS)


def _insert(cursor, table: str, programme_id: int, batch: list[tuple[Key, dict]], tail: str = "") -> None:
    """One multi-row insert of `batch` ((key, figures) pairs) into `table`, then `tail`. The numbers go
    into the statement as int() literals (nothing else can pass int()); only the region code is a
    parameter: hundreds of placeholders cost the driver more than the statement costs the database."""
    pid = int(programme_id)
    values = ", ".join(
        f"({pid}, %s, {level_of(code)}, {int(year)}, {int(month)}, {int(category)}, "
        + ", ".join(str(int(c.get(n, 0))) for n in STAT_FIELDS)
        + ")"
        for (code, year, month, category), c in batch
    )
    cursor.execute(
        f"INSERT INTO {table} ({', '.join(COLUMNS)}) VALUES {values} {tail}",  # noqa: S608 - see above
        [code for (code, _y, _m, _c), _ in batch],
    )


def stats_apply(programme_id: int, deltas: dict[Key, Counter]) -> None:
    """Record `deltas` as pending changes of the aggregates: one insert into an append-only table, so
    concurrent writers never wait for one another (no shared row is touched) and a rolled-back writer
    leaves nothing. Every read of the figures adds what is pending, so they are exact at once; after
    the commit, about one writer in FOLD_EVERY / 14 folds the pending rows into the aggregates."""
    changes = [(key, c) for key, c in deltas.items() if any(c.values())]
    fold = False
    with connection.cursor() as cursor:
        for start in range(0, len(changes), UPSERT_BATCH):
            batch = changes[start : start + UPSERT_BATCH]
            _insert(cursor, ProgrammeStatDelta._meta.db_table, programme_id, batch, "RETURNING id")
            fold = any(row[0] % FOLD_EVERY == 0 for row in cursor.fetchall()) or fold
    if fold:
        transaction.on_commit(stats_fold, robust=True)  # a failed fold leaves them pending: still exact


def _upsert(programme_id: int, changes: list[tuple[Key, dict]]) -> None:
    """Add `changes` to the stored aggregate rows (missing rows start at zero), `col = col + n`."""
    # One global order for every writer of these rows (the fold, one at a time, and a rebuild).
    changes = sorted(changes, key=lambda kc: (-level_of(kc[0][0]), kc[0]))
    table = ProgrammeStat._meta.db_table
    sets = ", ".join(f"{n} = {table}.{n} + excluded.{n}" for n in STAT_FIELDS)
    with connection.cursor() as cursor:
        for start in range(0, len(changes), UPSERT_BATCH):
            _insert(
                cursor, table, programme_id, changes[start : start + UPSERT_BATCH],
                f"ON CONFLICT (programme_id, region_code, year, month, category) DO UPDATE SET {sets}",
            )  # fmt: skip


def stats_fold() -> int:
    """Move every pending change into the aggregate rows, in one transaction that also renews each
    changed programme's figures generation; returns how many pending rows it folded.

    One fold runs at a time (on PostgreSQL a second one returns 0 at once, without waiting), and even
    folds that overlap fold each pending row once: a row is summed only by the fold whose
    `DELETE ... RETURNING` removed it. The figures read before and after are the same."""
    delta = ProgrammeStatDelta._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [FOLD_LOCK])
            if not cursor.fetchone()[0]:
                return 0
        cursor.execute(
            f"DELETE FROM {delta} RETURNING programme_id, {', '.join(KEY_FIELDS)}, {', '.join(STAT_FIELDS)}"  # noqa: S608
        )
        rows = cursor.fetchall()
        sums: dict[int, dict[Key, list[int]]] = defaultdict(dict)
        for row in rows:
            key = row[1:5]
            have = sums[row[0]].get(key)
            if have is None:
                sums[row[0]][key] = list(row[5:])
            else:
                for i, n in enumerate(row[5:]):
                    have[i] += n
        for programme_id in sorted(sums):
            changes = [
                (k, dict(zip(STAT_FIELDS, v, strict=True))) for k, v in sums[programme_id].items() if any(v)
            ]
            _upsert(programme_id, changes)
            figures_changed(programme_id)
    return len(rows)


def figure_rows(programme_id: int, condition: Q, fields=STAT_FIELDS, *, pending: bool = True) -> list[dict]:
    """The aggregate rows of `programme_id` that match `condition` (with their key and `fields`), each
    with its pending changes added, in one statement: a fold that commits meanwhile can neither hide
    a change nor count it twice. `pending=False` when the caller knows that nothing is pending."""
    stored = ProgrammeStat.objects.filter(condition, programme_id=programme_id).values(*KEY_FIELDS, *fields)
    if not pending:
        return list(stored)
    changes = ProgrammeStatDelta.objects.filter(condition, programme_id=programme_id).values(
        *KEY_FIELDS, *fields
    )
    merged: dict[tuple, dict] = {}
    for r in stored.union(changes, all=True):
        key = (r["region_code"], r["year"], r["month"], r["category"])
        have = merged.get(key)
        if have is None:
            merged[key] = r
        else:
            for name in fields:
                have[name] += r[name]
    return list(merged.values())


# How each level groups: the columns that name the region, and how a row's values make its code.
_LEVELS = (
    ((), lambda r, p: ""),
    (("province_code",), lambda r, p: r[f"{p}province_code"]),
    (("regency_code",), lambda r, p: r[f"{p}regency_code"]),
    (("library_id",), lambda r, p: f"L{r[f'{p}library_id']}"),
)


def _grouped(
    queryset,
    prefix: str,
    extra: tuple[str, ...],
    aggregates: dict,
    *,
    categories: str | None = None,
    months=True,
):
    """Yield (key, row) per level, month (and whole year) and category (and all), grouped in the database."""
    for depth, (columns, code_of) in enumerate(_LEVELS):
        for by_month in (True, False) if months else (False,):
            for by_category in (True, False) if categories and depth < 3 else (False,):
                fields = [f"{prefix}{c}" for c in columns] + [f"{prefix}year"]
                fields += [f"{prefix}month"] if by_month else []
                fields += [categories] if by_category else []
                qs = queryset.values(*fields, *extra).annotate(**aggregates).order_by()
                if columns and columns[0] == "regency_code":
                    qs = qs.exclude(**{f"{prefix}regency_code": ""})
                for r in qs:
                    key = (
                        code_of(r, prefix),
                        r[f"{prefix}year"],
                        r[f"{prefix}month"] if by_month else 0,
                        r[categories] if by_category else 0,
                    )
                    yield key, r


def stats_recount(programme_id: int) -> dict[Key, Counter]:
    """The figures as they should be, from the reports themselves: grouped in the database, one
    query per level and period (a few dozen grouped scans, whatever the number of rows)."""
    figures: dict[Key, Counter] = defaultdict(Counter)
    counted = Report.objects.filter(programme_id=programme_id, status__in=COUNTED)
    for key, r in _grouped(counted, "", (), {"n": Count("pk"), "v": Sum("visits")}):
        figures[key]["reports"] += r["n"]
        figures[key]["visits"] += r["v"] or 0
    items = ReportItem.objects.filter(report__programme_id=programme_id, report__status__in=COUNTED)
    for key, r in _grouped(items, "report__", ("kind",), {"n": Count("pk")}):
        figures[key][ITEM_FIELD[r["kind"]]] += r["n"]
    acts = Activity.objects.filter(report__programme_id=programme_id, report__status__in=COUNTED)
    sums = {f"s_{p}": Sum(p) for p in PEOPLE}
    for key, r in _grouped(acts, "report__", (), {"n": Count("pk"), **sums}, categories="category_id"):
        c = figures[key]
        c["activities"] += r["n"]
        for p in PEOPLE:
            c[p] += r[f"s_{p}"] or 0
        c["participants"] += (r["s_male"] or 0) + (r["s_female"] or 0)
    benef = Beneficiary.objects.filter(programme_id=programme_id)
    for key, r in _grouped(benef, "", (), {"n": Count("pk")}, months=False):
        figures[key]["beneficiaries"] += r["n"]
    return {k: c for k, c in figures.items() if any(c.values())}


def stats_stored(programme_id: int) -> dict[Key, Counter]:
    """The figures as the dashboards read them: the aggregate rows plus their pending changes."""
    stored: dict[Key, Counter] = {}
    for r in figure_rows(programme_id, Q()):
        c = Counter({n: r[n] for n in STAT_FIELDS if r[n]})
        if c:
            stored[(r["region_code"], r["year"], r["month"], r["category"])] = c
    return stored


def stats_differences(programme_id: int) -> dict[Key, tuple[dict, dict]]:
    """{key: (stored, recounted)} where they differ; empty when the aggregates are right. On PostgreSQL,
    outside a transaction, both are read from one snapshot, so writers running meanwhile do not show
    up as differences."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        stored, recounted = stats_stored(programme_id), stats_recount(programme_id)
    out = {}
    for key in sorted(set(stored) | set(recounted)):
        a, b = stored.get(key, Counter()), recounted.get(key, Counter())
        if +a != +b:
            out[key] = (dict(a), dict(b))
    return out


@transaction.atomic
def stats_rebuild(programme_id: int) -> int:
    """Replace a programme's aggregates with a recount (after bulk loads, or to repair)."""
    if connection.vendor == "postgresql":
        # Writers wait until the recount commits (their pending rows would otherwise count twice or
        # not at all); the pending table first, as a fold takes them.
        with connection.cursor() as cursor:
            for model in (ProgrammeStatDelta, ProgrammeStat):
                cursor.execute(f"LOCK TABLE {model._meta.db_table} IN EXCLUSIVE MODE")
    ProgrammeStatDelta.objects.filter(programme_id=programme_id).delete()
    ProgrammeStat.objects.filter(programme_id=programme_id).delete()
    rows = [
        ProgrammeStat(
            programme_id=programme_id,
            region_code=k[0],
            level=level_of(k[0]),
            year=k[1],
            month=k[2],
            category=k[3],
            **dict(c),
        )
        for k, c in stats_recount(programme_id).items()
    ]
    ProgrammeStat.objects.bulk_create(rows, batch_size=2000)
    figures_changed(programme_id)
    return len(rows)
