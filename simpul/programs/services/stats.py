"""The aggregate table behind every dashboard, kept current by the reporting services.

A counted report (submitted and on) adds its figures once at each level (national '', province,
regency/city, the library 'L<id>'), for its month and for the whole year (month 0), per activity
category and for all categories (category 0). Returning or reopening a report takes them away.
Changes are `col = col + n` updates, so concurrent writers never lose a count.
"""

from collections import Counter, defaultdict

from django.db import connection, transaction
from django.db.models import Count, Sum

from ..models import COUNTED, STAT_FIELDS, Activity, Beneficiary, ItemKind, ProgrammeStat, Report, ReportItem

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
    for code in regions:
        for m in (month, 0):
            for c in {category, 0}:
                bucket = deltas[(code, year, m, c)]
                for name, n in figures.items():
                    bucket[name] += n


def report_figures(report: Report, sign: int = 1) -> dict[Key, Counter]:
    """What `report` adds to the aggregates (sign=-1: what it takes away)."""
    deltas: dict[Key, Counter] = defaultdict(Counter)
    regions = levels(report.province_code, report.regency_code, report.library_id)
    head = {"reports": sign, "visits": sign * report.visits}
    for item in report.items.all().only("kind"):
        field = ITEM_FIELD[item.kind]
        head[field] = head.get(field, 0) + sign
    _spread(deltas, regions, report.year, report.month, 0, head)
    for a in report.activities.all().only("category_id", *PEOPLE):
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


def stats_apply(programme_id: int, deltas: dict[Key, Counter]) -> None:
    """Add `deltas` to the stored rows, creating missing rows at zero first."""
    changes = sorted((key, c) for key, c in deltas.items() if any(c.values()))
    if not changes:
        return
    ProgrammeStat.objects.bulk_create(
        [
            ProgrammeStat(
                programme_id=programme_id,
                region_code=k[0],
                level=level_of(k[0]),
                year=k[1],
                month=k[2],
                category=k[3],
            )
            for k, _ in changes
        ],
        ignore_conflicts=True,
        batch_size=1000,
    )
    table = ProgrammeStat._meta.db_table
    names = sorted({name for _, c in changes for name in c})
    sets = ", ".join(f"{n} = {n} + %s" for n in names)
    sql = (
        f"UPDATE {table} SET {sets} WHERE programme_id = %s AND region_code = %s "  # noqa: S608
        "AND year = %s AND month = %s AND category = %s"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(*[c.get(n, 0) for n in names], programme_id, *key) for key, c in changes])


def stats_recount(programme_id: int) -> dict[Key, Counter]:
    """The figures as they should be, from the reports themselves (grouped scans, rolled up here)."""
    deltas: dict[Key, Counter] = defaultdict(Counter)
    counted = Report.objects.filter(programme_id=programme_id, status__in=COUNTED).order_by()
    for r in counted.values("province_code", "regency_code", "library_id", "year", "month").annotate(
        n=Count("pk"), v=Sum("visits")
    ):
        regions = levels(r["province_code"], r["regency_code"], r["library_id"])
        _spread(deltas, regions, r["year"], r["month"], 0, {"reports": r["n"], "visits": r["v"] or 0})
    items = ReportItem.objects.filter(report__in=counted).order_by()
    for r in items.values(
        "report__province_code",
        "report__regency_code",
        "report__library_id",
        "report__year",
        "report__month",
        "kind",
    ).annotate(n=Count("pk")):
        regions = levels(r["report__province_code"], r["report__regency_code"], r["report__library_id"])
        _spread(deltas, regions, r["report__year"], r["report__month"], 0, {ITEM_FIELD[r["kind"]]: r["n"]})
    acts = Activity.objects.filter(report__programme_id=programme_id, report__status__in=COUNTED).order_by()
    for r in acts.values(
        "report__province_code",
        "report__regency_code",
        "report__library_id",
        "report__year",
        "report__month",
        "category_id",
    ).annotate(n=Count("pk"), **{f"s_{p}": Sum(p) for p in PEOPLE}):
        regions = levels(r["report__province_code"], r["report__regency_code"], r["report__library_id"])
        figures = {p: r[f"s_{p}"] or 0 for p in PEOPLE}
        figures["activities"] = r["n"]
        figures["participants"] = figures["male"] + figures["female"]
        _spread(deltas, regions, r["report__year"], r["report__month"], r["category_id"], figures)
    for r in (
        Beneficiary.objects.filter(programme_id=programme_id)
        .order_by()
        .values("province_code", "regency_code", "library_id", "year")
        .annotate(n=Count("pk"))
    ):
        for code in levels(r["province_code"], r["regency_code"], r["library_id"]):
            deltas[(code, r["year"], 0, 0)]["beneficiaries"] += r["n"]
    return {k: c for k, c in deltas.items() if any(c.values())}


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
    return len(rows)
