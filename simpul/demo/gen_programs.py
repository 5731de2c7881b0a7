"""Synthetic programme monitoring data: a TPBIS-like programme (2018-2023) over generated public
libraries, with a report per beneficiary library per month and the activity rows in them.

- "national": 2,000 beneficiary libraries, 1,000,000 activities with ~25,000,000 participants.
- "demo": 60 libraries and 3,000 activities (seconds).

Like the rest of the generator it bypasses the services (bulk inserts, no audit entries) and keeps
their rules by construction (participants add up, dates inside their month, one report per library
and month); the aggregate table is then rebuilt from the rows in bulk (`stats_rebuild`). Everything
hangs off one generated programme, so removing it removes all of it.
"""

import datetime
import random
import time
from collections.abc import Callable

from django.db import connection, transaction

from simpul.demo.models import Generation
from simpul.libraries.models import Library
from simpul.organisations.models import Kind, Organisation
from simpul.organisations.services import organisation_create
from simpul.programs.models import (
    Activity,
    ActivityCategory,
    Beneficiary,
    Indicator,
    IndicatorTarget,
    ItemKind,
    Job,
    Level,
    Measure,
    Programme,
    ProgrammeStat,
    Report,
    ReportEvent,
    ReportItem,
    ReportStatus,
)
from simpul.programs.services.stats import stats_rebuild

SCALE = "programs"
SLUG = "tpbis-generated"
SIZES = {"national": (2000, 1_000_000), "demo": (60, 3000)}
YEARS = range(2018, 2024)
BATCH = 10_000
CATEGORIES = ["Literasi digital", "Membatik", "Memasak dan olahan pangan", "Hidroponik", "Bimbingan membaca",
              "Kerajinan tangan", "Pelatihan UMKM", "Mendongeng untuk anak"]  # fmt: skip
ACTIVITY_COLUMNS = ("report_id", "date", "category_id", "title", "partners", "male", "female", "children", "youth",
                    "adults", "elderly", "disabled", "outcomes", "photo")  # fmt: skip


def _owner() -> Organisation:
    owner = (
        Organisation.objects.filter(slug="perpusnas").first()
        or Organisation.objects.filter(kind=Kind.NATIONAL_LIBRARY).first()
    )
    return owner or organisation_create(
        actor=None, kind=Kind.NATIONAL_LIBRARY, name="Perpustakaan Nasional RI"
    )


def _pick_libraries(n: int, rng: random.Random) -> list[tuple[Library, str, int]]:
    """(library, level, first year): provincial and regency libraries first, village libraries after."""
    public = (
        Library.objects.filter(library_type="public")
        .only("pk", "province_code", "regency_code")
        .order_by("pk")
    )
    picked: list[tuple[Library, str, int]] = []
    seen: set[int] = set()
    plan = [
        ("provincial", Level.PROVINCIAL, 34),
        ("regency", Level.REGENCY, n * 3 // 20),
        ("village", Level.VILLAGE, n),
    ]
    for subtype, level, limit in plan:
        for lib in public.filter(subtype=subtype)[: max(0, min(limit, n - len(picked)))]:
            first = (
                2018
                if level == Level.PROVINCIAL
                else rng.choice([2018, 2019] if level == Level.REGENCY else list(YEARS))
            )
            picked.append((lib, level, first))
            seen.add(lib.pk)
    if len(picked) < n:  # not enough typed libraries: any public (then any) library as a village one
        rest = Library.objects.exclude(pk__in=seen).only("pk", "province_code", "regency_code").order_by("pk")
        for lib in rest[: n - len(picked)]:
            picked.append((lib, Level.VILLAGE, rng.choice(list(YEARS))))
    return picked


def _participants(rng: random.Random) -> tuple[int, ...]:
    total = rng.randint(5, 45)
    female = rng.randint(total // 4, total)
    a = rng.randint(0, total)
    b = rng.randint(0, total)
    lo, hi = min(a, b), max(a, b)
    children, youth = lo // 2, lo - lo // 2
    adults, elderly = hi - lo, total - hi
    return total - female, female, children, youth, adults, elderly, min(rng.randint(0, 3), total)


def _copy_activities(rows: list[tuple]) -> None:
    table = Activity._meta.db_table
    if connection.vendor == "postgresql":
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({', '.join(ACTIVITY_COLUMNS)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
    else:
        Activity.objects.bulk_create(
            [Activity(**dict(zip(ACTIVITY_COLUMNS, r, strict=True))) for r in rows], batch_size=2000
        )


def generate_programs(*, scale: str, seed: int = 20250626, log: Callable[[str], None] = print) -> dict:
    """Generate the programme rows for `scale`; returns counts by kind."""
    if scale not in SIZES:
        return {}
    if Programme.objects.filter(slug=SLUG).exists():
        log("Programme data already generated; remove it first.")
        return {}
    started = time.monotonic()
    n_libraries, n_activities = SIZES[scale]
    rng = random.Random(seed)  # noqa: S311 - synthetic data
    with transaction.atomic():
        programme = Programme.objects.create(
            name="TPBIS (data sintetis)",
            short_name="TPBIS-gen",
            slug=SLUG,
            owner=_owner(),
            start_year=2018,
            end_year=2023,
        )
        cats = [ActivityCategory.objects.get_or_create(name=name)[0].pk for name in CATEGORIES]
        for code, name, measure, per_library in (
            ("K1", "Kegiatan pelibatan masyarakat", Measure.ACTIVITIES, n_activities // n_libraries // 4),
            ("K2", "Peserta kegiatan", Measure.PARTICIPANTS, n_activities * 25 // n_libraries // 4),
            ("K6", "Laporan bulanan", Measure.REPORTS, 12),
        ):
            indicator = Indicator.objects.create(programme=programme, code=code, name=name, measure=measure)
            IndicatorTarget.objects.bulk_create(
                [
                    IndicatorTarget(
                        indicator=indicator, year=y, region_code="", target=per_library * n_libraries
                    )
                    for y in YEARS
                ]
            )
        picked = _pick_libraries(n_libraries, rng)
        Beneficiary.objects.bulk_create(
            [
                Beneficiary(
                    programme=programme,
                    library=lib,
                    year=y,
                    level=level,
                    province_code=lib.province_code,
                    regency_code=lib.regency_code,
                )  # fmt: skip
                for lib, level, first in picked
                for y in YEARS
                if y >= first
            ],
            batch_size=BATCH,
        )
        reports = []
        now = datetime.datetime(2024, 1, 5, tzinfo=datetime.UTC)
        for lib, level, first in picked:
            for y in YEARS:
                if y < first:
                    continue
                for m in range(1, 13):
                    last = (y, m) == (2023, 12)
                    status = ReportStatus.ACCEPTED
                    if last:
                        status = rng.choices(
                            [ReportStatus.SUBMITTED, ReportStatus.DRAFT, ReportStatus.REGENCY_CHECKED],
                            [6, 3, 1],
                        )[0]
                    reports.append(
                        Report(
                            programme=programme,
                            library_id=lib.pk,
                            year=y,
                            month=m,
                            level=level,
                            province_code=lib.province_code,
                            regency_code=lib.regency_code,
                            status=status,
                            visits=rng.randint(50, 900),
                            submitted_at=None if status == ReportStatus.DRAFT else now,
                            accepted_at=now if status == ReportStatus.ACCEPTED else None,
                        )  # fmt: skip
                    )
        Report.objects.bulk_create(reports, batch_size=BATCH)
        log(f"  programs: {len(picked):,} beneficiary libraries, {len(reports):,} monthly reports")
        items = []
        for r in reports:
            x = rng.random()
            if x < 0.10:
                items.append(ReportItem(report_id=r.pk, kind=ItemKind.ADVOCACY, date=datetime.date(r.year, r.month, 15),
                                        title="Audiensi", counterpart="Kepala Desa"))  # fmt: skip
            elif x < 0.13:
                items.append(ReportItem(report_id=r.pk, kind=ItemKind.PARTNERSHIP, date=datetime.date(r.year, r.month, 10),
                                        title="MoU kegiatan literasi", counterpart="BUMDes"))  # fmt: skip
            elif x < 0.135:
                items.append(ReportItem(report_id=r.pk, kind=ItemKind.REGULATION, date=datetime.date(r.year, r.month, 20),
                                        title="Peraturan tentang perpustakaan"))  # fmt: skip
        ReportItem.objects.bulk_create(items, batch_size=BATCH)
        per_report = [0] * len(reports)
        for _ in range(n_activities):
            per_report[rng.randrange(len(reports))] += 1
        rows: list[tuple] = []
        participants = written = 0
        for r, count in zip(reports, per_report, strict=True):
            for _ in range(count):
                people = _participants(rng)
                participants += people[0] + people[1]
                rows.append((r.pk, datetime.date(r.year, r.month, rng.randint(1, 28)), rng.choice(cats),
                             "Kegiatan pelibatan masyarakat", "", *people, "", ""))  # fmt: skip
                if len(rows) >= BATCH * 5:
                    _copy_activities(rows)
                    written += len(rows)
                    rows = []
                    if written % 200_000 == 0:
                        log(f"  programs: {written:,} activities")
        _copy_activities(rows)
        written += len(rows)
        stat_rows = stats_rebuild(programme.pk)
        counts = {
            "beneficiary_libraries": len(picked),
            "reports": len(reports),
            "activities": written,
            "participants": participants,
            "report_items": len(items),
            "aggregate_rows": stat_rows,
        }
        Generation.objects.create(
            scale=SCALE, seed=seed, seconds=time.monotonic() - started,
            id_ranges={"programs.programme": [programme.pk, programme.pk]}, counts=counts,
        )  # fmt: skip
    log(f"  programs: {written:,} activities, {participants:,} participants, {stat_rows:,} aggregate rows "
        f"in {time.monotonic() - started:.0f} s")  # fmt: skip
    return counts


def remove_generated_programs(log: Callable[[str], None] = print) -> int:
    """Delete what generate_programs created; returns the number of rows removed."""
    removed = 0
    with transaction.atomic():
        for generation in Generation.objects.filter(scale=SCALE):
            first, last = generation.id_ranges.get("programs.programme", [0, -1])
            for programme in Programme.objects.filter(pk__range=(first, last)):
                reports = Report.objects.filter(programme=programme)
                for qs in (
                    Activity.objects.filter(report__in=reports),
                    ReportItem.objects.filter(report__in=reports),
                    ReportEvent.objects.filter(report__in=reports),
                ):
                    removed += qs._raw_delete(qs.db)
                for qs in (
                    reports,
                    ProgrammeStat.objects.filter(programme=programme),
                    Beneficiary.objects.filter(programme=programme),
                    IndicatorTarget.objects.filter(indicator__programme=programme),
                    Job.objects.filter(programme=programme),
                ):
                    removed += qs._raw_delete(qs.db) if qs.model is not Job else qs.delete()[0]
                removed += Indicator.objects.filter(programme=programme).delete()[0]
                programme.delete()
                removed += 1
            generation.delete()
    log(f"Removed {removed:,} generated programme rows.")
    return removed
