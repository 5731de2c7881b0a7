"""The aggregate table behind every dashboard, kept current by the reporting services.

A counted report (submitted and on) adds its figures once at each level (national '', province,
regency/city, the library 'L<id>'), for its month and for the whole year (month 0), per activity
category and for all categories (category 0). Returning or reopening a report takes them away.
Changes are `col = col + n` updates, so concurrent writers never lose a count.
"""

from collections import Counter, defaultdict

from django.db import connection, transaction
from django.db.models import Count, F, Sum

from ..models import (
    COUNTED,
    STAT_FIELDS,
    Activity,
    Beneficiary,
    ItemKind,
    Programme,
    ProgrammeStat,
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


def figures_changed(programme_id: int) -> None:
    """Mark the programme's figures as changed: cached dashboard parts are keyed by this generation.
    Called inside the writer's transaction, so the new generation becomes visible with the new figures."""
    Programme.objects.filter(pk=programme_id).update(figures_generation=F("figures_generation") + 1)


def stats_apply(programme_id: int, deltas: dict[Key, Counter]) -> None:
    """Add `deltas` to the stored rows (missing rows start at zero): one upsert statement per batch,
    `col = col + n`, so concurrent writers never lose a count. Bumps the programme's figures generation."""
    # One global order for every writer (no deadlocks), most specific rows first: the national rows,
    # which every submission touches, are locked last and so held for the shortest time.
    changes = sorted(
        ((key, c) for key, c in deltas.items() if any(c.values())),
        key=lambda kc: (-level_of(kc[0][0]), kc[0]),
    )
    if not changes:
        return
    table = ProgrammeStat._meta.db_table
    names = sorted({name for _, c in changes for name in c})
    columns = ["programme_id", "region_code", "level", "year", "month", "category", *STAT_FIELDS]
    sets = ", ".join(f"{n} = {table}.{n} + excluded.{n}" for n in names)
    bump_inline = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        for start in range(0, len(changes), UPSERT_BATCH):
            batch = changes[start : start + UPSERT_BATCH]
            # The numbers go into the statement as int() literals (nothing else can pass int());
            # only the region code is a parameter: hundreds of placeholders cost the driver more
            # than the statement costs the database.
            values = ", ".join(
                f"({int(programme_id)}, %s, {level_of(code)}, {int(year)}, {int(month)}, {int(category)}, "
                + ", ".join(str(int(c.get(n, 0))) for n in STAT_FIELDS)
                + ")"
                for (code, year, month, category), c in batch
            )
            # On PostgreSQL the last statement also bumps the generation (a CTE, run after the
            # upsert): the shared national rows are then held only until the commit that follows.
            bump = ""
            if bump_inline and start + UPSERT_BATCH >= len(changes):
                bump = (
                    f"WITH bump AS (UPDATE {Programme._meta.db_table} SET figures_generation = "  # noqa: S608
                    f"figures_generation + 1 WHERE id = {int(programme_id)}) "
                )
            cursor.execute(
                f"{bump}INSERT INTO {table} ({', '.join(columns)}) VALUES {values} "  # noqa: S608
                f"ON CONFLICT (programme_id, region_code, year, month, category) DO UPDATE SET {sets}",
                [code for (code, _y, _m, _c), _ in batch],
            )
    if not bump_inline:
        figures_changed(programme_id)


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
    stored: dict[Key, Counter] = {}
    for s in ProgrammeStat.objects.filter(programme_id=programme_id).iterator(chunk_size=5000):
        c = Counter({n: getattr(s, n) for n in STAT_FIELDS if getattr(s, n)})
        if c:
            stored[(s.region_code, s.year, s.month, s.category)] = c
    return stored


def stats_differences(programme_id: int) -> dict[Key, tuple[dict, dict]]:
    """{key: (stored, recounted)} where they differ; empty when the aggregates are right."""
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
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {ProgrammeStat._meta.db_table} IN EXCLUSIVE MODE")
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
