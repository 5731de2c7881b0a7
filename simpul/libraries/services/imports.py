"""Bulk import of the register from XLSX or CSV: a dry run that reports every row, then apply.

All or nothing: apply refuses a file with any error, and writes everything in one transaction.
Upsert by NPP: a row whose NPP is in the register updates that library; any other row is new.
Rows are written in bulk (not one service call per row): one audit entry for the import, one
history row per library created or changed, and the aggregate counts moved by the same deltas.

A plan has two halves: checking the file's cells (`import_check`: depends on the file, the regions
and the importer's scope only), then matching the rows with the register by NPP (here). Apply
always matches again (the register may have changed since the dry run); it reuses the dry run's
checked rows when they are still valid (`CheckedRows.still_valid`), and checks the file again otherwise.
"""

import datetime
import decimal
import functools
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db import connection, models, transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from simpul.core.audit import audit_record
from simpul.core.bulk import copy_insert, reserve_ids, uses_copy
from simpul.organisations.models import Kind, Organisation

from .. import npp as npp_format
from ..answers import DIRECTORY
from ..models import COUNT_FIELDS, Library, LibraryChange, NppCounter, Status
from ..spreadsheet import FileProblem
from .import_check import CheckedRows, Progress, check_file
from .libraries import ORGANISATION_FIELDS, search_name_for, set_location
from .stats import keys_for, region_levels, stats_apply

ROW_REPORT_LIMIT = 2000  # rows kept in the report (all counts are kept)
BATCH = 2000
UPDATE_FIELDS = [
    "name", "search_name", "library_type", "subtype", "ownership", "status", "parent_institution",
    "region_id", "province_code", "regency_code", "district_code", "address", "postal_code",
    "latitude", "longitude", "opening_hours", "contact_name", "phone", "email", "website",
    "services", "funding", "internet", *COUNT_FIELDS,
]  # fmt: skip


@dataclass
class Plan:
    """What a file would do: counts, a row-by-row report, and the rows ready to write."""

    counts: Counter = field(default_factory=Counter)
    rows: list[dict] = field(default_factory=list)  # the report (bounded)
    keys: tuple[str, ...] = ()  # the library fields the file fills, in the order of a row's values
    new: list[tuple[int, tuple]] = field(default_factory=list)  # (row number, values in `keys` order)
    updates: list[tuple[int, dict, Library]] = field(default_factory=list)
    file_error: str = ""
    checked: CheckedRows | None = None  # the file's checked rows, for an apply that follows

    @property
    def ok(self) -> bool:
        return not self.file_error and not self.counts["error"]

    def note(self, row: int, status: str, npp: str, name: str, message: str = "") -> None:
        self.counts[status] += 1
        keep = status == "error" or len(self.rows) < ROW_REPORT_LIMIT
        if keep and len(self.rows) < ROW_REPORT_LIMIT * 2:
            self.rows.append({"row": row, "status": status, "npp": npp, "name": name, "message": message})

    def as_report(self) -> dict:
        return {"counts": dict(self.counts), "rows": self.rows, "file_error": self.file_error, "ok": self.ok}


def plan_import(
    data: bytes,
    *,
    may_write_region: Callable[[str], bool],
    progress: Progress | None = None,
    checked: CheckedRows | None = None,
) -> Plan:
    """Check every row and match it with the register; nothing is written. `may_write_region(code)`
    says whether the importing user may write a library in that region (an office writes only in
    its own). `checked`: the rows an earlier check of this file kept (`plan.checked`), used instead
    of reading the file again when still valid; the register is read again either way."""
    plan = Plan()
    may_write_region = functools.cache(may_write_region)  # a file names a few thousand regions
    if checked is None or not checked.still_valid(data, may_write_region):
        try:
            found = check_file(data, may_write_region=may_write_region, progress=progress)
        except FileProblem as exc:
            plan.file_error = str(exc)
            return plan
        for number, npp, name, message in found.errors:
            plan.note(number, "error", npp, name, message)
        checked = found.checked
    plan.keys, plan.checked = checked.keys, checked
    _match(plan, checked, may_write_region)
    if progress:
        total = sum(plan.counts.values())
        progress(total, total)
    return plan


def _match(plan: Plan, checked: CheckedRows, may_write_region: Callable[[str], bool]) -> None:
    """New, update, unchanged or (a library outside the importer's regions) error, row by row."""
    keys = checked.keys
    npp_at, name_at = (keys.index("npp") if "npp" in keys else None), keys.index("name")
    existing: dict[str, Library] = {}
    if npp_at is not None:
        npps = [row[npp_at] for row in checked.rows if row[npp_at]]
        for start in range(0, len(npps), BATCH):
            for lib in Library.objects.filter(npp__in=npps[start : start + BATCH]):
                existing[lib.npp] = lib
    if not existing:  # every row is new (a large file usually): the report keeps the first ones
        plan.new = list(zip(checked.numbers, checked.rows, strict=True))
        shown = plan.new[: max(0, ROW_REPORT_LIMIT - len(plan.rows))]
        for number, row in shown:
            plan.note(number, "new", (row[npp_at] if npp_at is not None else None) or "", row[name_at])
        if len(plan.new) > len(shown):
            plan.counts["new"] += len(plan.new) - len(shown)
        return
    for number, row in zip(checked.numbers, checked.rows, strict=True):
        npp = row[npp_at] if npp_at is not None else None
        library = existing.get(npp) if npp else None
        if library is None:
            plan.new.append((number, row))
            plan.note(number, "new", npp or "", row[name_at])
        elif not may_write_region(library.region_id):
            plan.note(
                number,
                "error",
                npp,
                row[name_at],
                _("The library with this NPP is outside the region you may write to."),
            )
        else:
            values = {k: v for k, v in zip(keys, row, strict=True) if v is not None}
            changed = _changes(library, values)
            if changed:
                plan.updates.append((number, values, library))
                plan.note(number, "update", npp, row[name_at], ", ".join(changed))
            else:
                plan.note(number, "unchanged", npp, row[name_at])


def _apply_values(library: Library, values: dict) -> None:
    for key, value in values.items():
        if key == "region_id":
            set_location(library, value)
        elif key != "npp":
            setattr(library, key, value)
    library.search_name = search_name_for(library.name)


def _changes(library: Library, values: dict) -> list[str]:
    changed = []
    for key, value in values.items():
        if key == "npp":
            continue
        current = getattr(library, key)
        if key in ("latitude", "longitude") and current is not None:
            current = decimal.Decimal(current).quantize(decimal.Decimal("0.000001"))
        if current != value:
            changed.append(key)
    return changed


@transaction.atomic
def import_apply(
    *,
    actor,
    data: bytes,
    may_write_region: Callable[[str], bool],
    job_key: str,
    progress: Progress | None = None,
    checked: CheckedRows | None = None,
) -> Plan:
    """Check the file again (or reuse `checked`, see `plan_import`) and match it with the register;
    if every row is right, write it all; otherwise write nothing."""
    plan = plan_import(data, may_write_region=may_write_region, progress=progress, checked=checked)
    if not plan.ok:
        return plan
    today = timezone.localdate()
    deltas: Counter = Counter()
    DIRECTORY.changed()  # updated names and places move no count
    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    total = len(plan.new) + len(plan.updates)
    first = _create(plan, actor_id=actor_id, job_key=job_key, today=today, deltas=deltas)
    if progress and plan.new:
        progress(len(plan.new), total)
    updated = _update(plan, actor_id=actor_id, today=today, deltas=deltas)
    stats_apply(deltas)
    audit_record(
        actor=actor,
        action="library.import",
        instance=first or (updated[0] if updated else Library(name="-")),
        after={"new": len(plan.new), "updated": len(updated)},
        note=_("Import of %(n)s rows: %(new)s new, %(upd)s updated.")
        % {"n": sum(plan.counts.values()), "new": len(plan.new), "upd": len(updated)},
    )
    return plan


def _create(plan: Plan, *, actor_id, job_key: str, today: datetime.date, deltas: Counter) -> Library | None:
    """Write the new libraries column by column: their organisations, the register rows, their
    history. Returns the first (for the audit entry). On PostgreSQL the organisations' ids come
    from the sequence in one statement (so each path is written at once) and the three tables are
    written with COPY; elsewhere with bulk_create."""
    count = len(plan.new)
    if not count:
        return None
    given = dict(zip(plan.keys, zip(*(row for _number, row in plan.new), strict=True), strict=True))

    def column(model: type[models.Model], key: str) -> Sequence:
        default = model._meta.get_field(key).get_default()
        values = given.get(key)
        if values is None:
            return [default] * count
        return [default if v is None else v for v in values] if None in values else values

    names, regions, kinds = given["name"], given["region_id"], given["library_type"]
    npps = list(given.get("npp") or [None] * count)
    statuses = [
        status or (Status.REGISTERED if npp else Status.LISTED)
        for status, npp in zip(given.get("status") or [None] * count, npps, strict=True)
    ]
    registered_on = [None] * count
    for i, npp in _issue_npps(list(zip(npps, statuses, regions, kinds, strict=True))).items():
        npps[i], registered_on[i] = npp, today
    places = {}
    for code in set(regions):
        place = SimpleNamespace()
        set_location(place, code)
        places[code] = (place.province_code, place.regency_code, place.district_code)
    numbers = [number for number, _row in plan.new]
    orgs = {
        "kind": [Kind.LIBRARY] * count,
        "name": names,
        "slug": [
            f"{slugify(name)[:50] or 'perpustakaan'}-{job_key}{number}"
            for name, number in zip(names, numbers, strict=True)
        ],
        "region_id": regions,
        **{k: column(Organisation, k) for k in ORGANISATION_FIELDS[1:]},
    }
    if uses_copy():
        ids = reserve_ids(Organisation, count)
        copy_insert(Organisation, {**orgs, "id": ids, "path": [f"{i}/" for i in ids]}, count)
    else:
        created = _bulk_create(Organisation, orgs, count)
        ids = [o.pk for o in created]
        for start in range(0, count, BATCH):
            Organisation.objects.filter(pk__in=ids[start : start + BATCH]).update(
                path=Concat(Cast("id", output_field=CharField()), Value("/")), depth=0
            )
    libraries = {
        **{k: column(Library, k) for k in plan.keys},
        "organisation_id": ids,
        "npp": npps,
        "status": statuses,
        "search_name": [search_name_for(name) for name in names],
        "province_code": [places[code][0] for code in regions],
        "regency_code": [places[code][1] for code in regions],
        "district_code": [places[code][2] for code in regions],
        "data_updated_on": [today] * count,
        "registered_on": registered_on,
    }
    _insert(Library, libraries, count)
    history = {
        "library_id": ids,
        "actor_id": [actor_id] * count,
        "kind": [LibraryChange.Kind.IMPORT] * count,
        "changes": [{"created": [None, True]}] * count,
    }
    _insert(LibraryChange, history, count)
    for (code, kind, status), n in Counter(zip(regions, kinds, statuses, strict=True)).items():
        for level in region_levels(*places[code]):
            deltas[(level, kind, status)] += n
    return Library(organisation_id=ids[0], name=names[0])


def _update(plan: Plan, *, actor_id, today: datetime.date, deltas: Counter) -> list[Library]:
    """Write the libraries whose values differ; their organisations follow their names and contacts."""
    updated, orgs_updated, changes = [], [], []
    for _number, values, library in plan.updates:
        for key in keys_for(library):
            deltas[key] -= 1
        before = {k: _plain(getattr(library, k)) for k in values if k != "npp"}
        _apply_values(library, values)
        for key in keys_for(library):
            deltas[key] += 1
        after = {k: _plain(getattr(library, k)) for k in values if k != "npp"}
        changes.append({k: [before[k], after[k]] for k in before if before[k] != after[k]})
        updated.append(library)
        orgs_updated.append(
            Organisation(
                pk=library.pk,
                region_id=library.region_id,
                **{k: getattr(library, k) for k in ORGANISATION_FIELDS},
            )
        )
    if not updated:
        return updated
    if any(lib.status == Status.REGISTERED and not lib.npp for lib in updated):
        rows = [(lib.npp, lib.status, lib.region_id, lib.library_type) for lib in updated]
        for i, npp in _issue_npps(rows).items():
            updated[i].npp, updated[i].registered_on = npp, today
        Library.objects.bulk_update(updated, ["npp", "registered_on"], batch_size=500)
    Library.objects.bulk_update(updated, UPDATE_FIELDS, batch_size=500)
    Organisation.objects.bulk_update(orgs_updated, [*ORGANISATION_FIELDS, "region_id"], batch_size=500)
    count = len(updated)
    history = {
        "library_id": [lib.pk for lib in updated],
        "actor_id": [actor_id] * count,
        "kind": [LibraryChange.Kind.IMPORT] * count,
        "changes": changes,
    }
    _insert(LibraryChange, history, count)
    return updated


def _insert(model: type[models.Model], columns: dict[str, Sequence], count: int) -> None:
    if uses_copy():
        copy_insert(model, columns, count)
    else:
        _bulk_create(model, columns, count)


def _bulk_create(model: type[models.Model], columns: dict[str, Sequence], count: int) -> list:
    names = list(columns)
    objs = [model(**dict(zip(names, row, strict=True))) for row in zip(*columns.values(), strict=True)]
    return model.objects.bulk_create(objs, batch_size=BATCH)


def _plain(value):
    if isinstance(value, decimal.Decimal | datetime.date):
        return str(value)
    return value


def _issue_npps(rows: list[tuple[str | None, str, str, str]]) -> dict[int, str]:
    """For rows of (npp, status, region code, library type): numbers for registered rows without
    one ({row index: NPP}); counters moved past numbers the rows already have. Counter rows are
    locked in prefix order, so concurrent imports and approvals queue, never collide."""
    highest: dict[str, int] = {}
    needing: dict[str, list[int]] = {}
    prefixes_of: dict[tuple[str, str], str] = {}
    for i, (npp, status, region, kind) in enumerate(rows):
        if npp:
            prefix, seq = npp_format.parse(npp)
            highest[prefix] = max(highest.get(prefix, 0), seq)
        elif status == Status.REGISTERED:
            prefix = prefixes_of.get((region, kind))
            if prefix is None:
                prefix = prefixes_of[(region, kind)] = npp_format.prefix_for(region, kind)
            needing.setdefault(prefix, []).append(i)
    prefixes = sorted(set(highest) | set(needing))
    if not prefixes:
        return {}
    counters = _counters_locked(prefixes)
    issued: dict[int, str] = {}
    for prefix in prefixes:
        last = max(counters[prefix], highest.get(prefix, 0))
        for i in needing.get(prefix, []):
            last += 1
            issued[i] = npp_format.format_npp(prefix, last)
        counters[prefix] = last
    _counters_save(counters)
    return issued


def _counters_locked(prefixes: list[str]) -> dict[str, int]:
    """{prefix: last number} for the sorted `prefixes` (counters created at 0 where missing), locked
    in prefix order until the transaction ends: concurrent imports and approvals queue."""
    table = NppCounter._meta.db_table
    if uses_copy():  # two statements, however many prefixes
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (prefix, last) SELECT unnest(%s::text[]), 0 "  # noqa: S608
                "ON CONFLICT (prefix) DO NOTHING",
                [prefixes],
            )
            cursor.execute(
                f"SELECT prefix, last FROM {table} WHERE prefix = ANY(%s) ORDER BY prefix FOR UPDATE",  # noqa: S608
                [prefixes],
            )
            return dict(cursor.fetchall())
    NppCounter.objects.bulk_create(
        [NppCounter(prefix=p) for p in prefixes], ignore_conflicts=True, batch_size=BATCH
    )
    counters: dict[str, int] = {}
    for start in range(0, len(prefixes), BATCH):
        locked = NppCounter.objects.select_for_update().filter(prefix__in=prefixes[start : start + BATCH])
        counters.update(locked.order_by("prefix").values_list("prefix", "last"))
    return counters


def _counters_save(counters: dict[str, int]) -> None:
    if not uses_copy():
        rows = [NppCounter(prefix=p, last=n) for p, n in counters.items()]
        NppCounter.objects.bulk_update(rows, ["last"], batch_size=BATCH)
        return
    table = NppCounter._meta.db_table
    with connection.cursor() as cursor:  # one statement, however many prefixes
        cursor.execute(
            f"UPDATE {table} AS c SET last = v.last FROM unnest(%s::text[], %s::int[]) AS v(prefix, last) "  # noqa: S608
            "WHERE c.prefix = v.prefix",
            [list(counters), list(counters.values())],
        )


@transaction.atomic
def counters_rebuild() -> int:
    """Set each NPP counter to the highest sequence issued under its prefix (after bulk loads)."""
    highest: dict[str, int] = {}
    for value in Library.objects.exclude(npp=None).values_list("npp", flat=True).iterator(chunk_size=10000):
        if npp_format.is_valid(value):
            prefix, seq = npp_format.parse(value)
            if seq > highest.get(prefix, 0):
                highest[prefix] = seq
    NppCounter.objects.all().delete()
    NppCounter.objects.bulk_create(
        [NppCounter(prefix=p, last=n) for p, n in highest.items()], batch_size=BATCH
    )
    return len(highest)
