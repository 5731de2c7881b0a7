"""Bulk import of the register from XLSX or CSV: a dry run that reports every row, then apply.

All or nothing: apply refuses a file with any error, and writes everything in one transaction.
Upsert by NPP: a row whose NPP is in the register updates that library; any other row is new.
Rows are written in bulk (not one service call per row): one audit entry for the import, one
history row per library created or changed, and the aggregate counts moved by the same deltas.
"""

import datetime
import decimal
import functools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import connection, transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from simpul.core.audit import audit_record
from simpul.core.bulk import copy_insert, reserve_ids, uses_copy
from simpul.organisations.models import Kind, Organisation
from simpul.regions.codes import normalize_code as _normalize_code
from simpul.regions.models import Region

from .. import npp as npp_format
from ..models import COUNT_FIELDS, SUBTYPES_OF, Library, LibraryChange, NppCounter, Service, Status
from ..spreadsheet import CHOICES, VALUE_ALIASES, FileProblem, read_table, unneutralise
from .libraries import ORGANISATION_FIELDS, search_name_for, set_location
from .stats import keys_for, stats_apply

ROW_REPORT_LIMIT = 2000  # rows kept in the report (all counts are kept)
BATCH = 2000
Progress = Callable[[int, int], None]
TEXT_LIMITS = {
    "name": 200, "parent_institution": 200, "address": 255, "opening_hours": 255,
    "contact_name": 150, "phone": 20, "email": 254, "website": 200, "postal_code": 5,
}  # fmt: skip
UPDATE_FIELDS = [
    "name", "search_name", "library_type", "subtype", "ownership", "status", "parent_institution",
    "region_id", "province_code", "regency_code", "district_code", "address", "postal_code",
    "latitude", "longitude", "opening_hours", "contact_name", "phone", "email", "website",
    "services", "funding", "internet", *COUNT_FIELDS,
]  # fmt: skip
_email, _url = EmailValidator(), URLValidator(schemes=["http", "https"])
# A file repeats few region codes many times (165,000 rows name about 20,000 villages).
normalize_code = functools.lru_cache(maxsize=200_000)(_normalize_code)
_SERVICES = set(Service.values)


class RowError(Exception):
    pass


@dataclass
class Plan:
    """What a file would do: counts, a row-by-row report, and the rows ready to write."""

    counts: Counter = field(default_factory=Counter)
    rows: list[dict] = field(default_factory=list)  # the report (bounded)
    new: list[tuple[int, dict]] = field(default_factory=list)
    updates: list[tuple[int, dict, Library]] = field(default_factory=list)
    file_error: str = ""

    @property
    def ok(self) -> bool:
        return not self.file_error and not self.counts["error"]

    def note(self, row: int, status: str, values: dict, message: str = "") -> None:
        self.counts[status] += 1
        keep = status == "error" or len(self.rows) < ROW_REPORT_LIMIT
        if keep and len(self.rows) < ROW_REPORT_LIMIT * 2:
            self.rows.append(
                {
                    "row": row,
                    "status": status,
                    "npp": values.get("npp", ""),
                    "name": values.get("name", ""),
                    "message": message,
                }
            )

    def as_report(self) -> dict:
        return {"counts": dict(self.counts), "rows": self.rows, "file_error": self.file_error, "ok": self.ok}


def _whole(value: str, key: str) -> int:
    try:
        number = decimal.Decimal(value)
    except decimal.InvalidOperation:
        raise RowError(_("%(col)s: “%(v)s” is not a whole number.") % {"col": key, "v": value}) from None
    if number != number.to_integral_value() or number < 0:
        raise RowError(_("%(col)s: “%(v)s” must be a whole number, 0 or more.") % {"col": key, "v": value})
    if number > 2_000_000_000:
        raise RowError(_("%(col)s: %(v)s is too large.") % {"col": key, "v": value})
    return int(number)


def _coordinate(value: str, key: str, limit: int) -> decimal.Decimal:
    try:
        number = decimal.Decimal(value.replace(",", "."))
    except decimal.InvalidOperation:
        raise RowError(_("%(col)s: “%(v)s” is not a number.") % {"col": key, "v": value}) from None
    if not -limit <= number <= limit:
        raise RowError(_("%(col)s: %(v)s is outside -%(l)s..%(l)s.") % {"col": key, "v": value, "l": limit})
    return number.quantize(decimal.Decimal("0.000001"))


def _choice(value: str, key: str) -> str:
    v = value.strip().lower()
    v = VALUE_ALIASES.get(key, {}).get(v, v)
    if v not in CHOICES[key]:
        raise RowError(
            _("%(col)s: “%(v)s” is not one of %(choices)s.")
            % {"col": key, "v": value, "choices": ", ".join(sorted(CHOICES[key]))}
        )
    return v


def parse_row(cells: dict[str, str], regions: Callable[[str], str | None]) -> dict:
    """Typed values from one row's text cells; RowError with every problem found, joined."""
    out: dict = {}
    problems: list[str] = []
    for key, raw in cells.items():
        value = unneutralise(raw.strip())
        try:
            if key == "data_updated_on" or (not value and key not in ("name", "type", "region_code")):
                continue
            if key in ("name", "type", "region_code") and not value:
                raise RowError(_("%(col)s is required.") % {"col": key})
            if key in COUNT_FIELDS:
                out[key] = _whole(value, key)
            elif key in CHOICES:
                out["library_type" if key == "type" else key] = _choice(value, key)
            elif key == "npp":
                code = npp_format.normalize(value)
                if not npp_format.is_valid(code):
                    raise RowError(
                        _("npp: “%(v)s” is not an NPP (7 digits, a letter, 7 digits).") % {"v": value}
                    )
                out["npp"] = code
            elif key == "region_code":
                code = normalize_code(value)
                found = regions(code) if code else None
                if not found:
                    raise RowError(_("region_code: there is no region with the code “%(v)s”.") % {"v": value})
                out["region_id"] = found
            elif key == "latitude":
                out[key] = _coordinate(value, key, 90)
            elif key == "longitude":
                out[key] = _coordinate(value, key, 180)
            elif key == "internet":
                v = value.lower()
                if v not in ("yes", "no", "ya", "tidak", "1", "0", "true", "false"):
                    raise RowError(_("internet: write yes or no."))
                out[key] = v in ("yes", "ya", "1", "true")
            elif key == "services":
                items = [s.strip().lower() for s in value.split(",") if s.strip()]
                bad = [s for s in items if s not in _SERVICES]
                if bad:
                    raise RowError(_("services: unknown %(bad)s.") % {"bad": ", ".join(bad)})
                out[key] = items
            else:
                if len(value) > TEXT_LIMITS.get(key, 255):
                    raise RowError(
                        _("%(col)s: longer than %(n)s characters.") % {"col": key, "n": TEXT_LIMITS[key]}
                    )
                if key == "email":
                    _email(value)
                if key == "website":
                    _url(value)
                if key == "postal_code" and not (value.isdigit() and len(value) == 5):
                    raise RowError(_("postal_code: 5 digits."))
                out[key] = value
        except ValidationError:
            problems.append(_("%(col)s: “%(v)s” is not valid.") % {"col": key, "v": value})
        except RowError as exc:
            problems.append(str(exc))
    subtype = out.get("subtype")
    if subtype and out.get("library_type") and subtype not in SUBTYPES_OF.get(out["library_type"], ()):
        problems.append(
            _("subtype: “%(s)s” does not belong to type %(t)s.") % {"s": subtype, "t": out["library_type"]}
        )
    if problems:
        raise RowError(" ".join(problems))
    return out


def _region_lookup(codes: set[str]) -> Callable[[str], str | None]:
    if len(codes) > 5000:
        known = set(Region.objects.values_list("code", flat=True))
    else:
        known = set(Region.objects.filter(code__in=codes).values_list("code", flat=True))
    return lambda code: code if code in known else None


def plan_import(
    data: bytes, *, may_write_region: Callable[[str], bool], progress: Progress | None = None
) -> Plan:
    """Read and check every row; nothing is written. `may_write_region(code)` says whether the
    importing user may write a library in that region (an office writes only in its own)."""
    plan = Plan()
    try:
        header, rows = read_table(data)
    except FileProblem as exc:
        plan.file_error = str(exc)
        return plan
    total = len(rows)
    region_index = header.index("region_code")
    codes = {normalize_code(r[region_index]) for r in rows if len(r) > region_index}
    regions = _region_lookup(codes)
    parsed: list[tuple[int, dict]] = []
    seen_npp: dict[str, int] = {}
    for i, cells in enumerate(rows):
        number = i + 2  # spreadsheet row: 1 is the header
        values = {k: (cells[j] if j < len(cells) else "") for j, k in enumerate(header) if k}
        try:
            parsed_row = parse_row(values, regions)
            npp = parsed_row.get("npp")
            if npp and npp in seen_npp:
                raise RowError(
                    _("npp %(npp)s is also on row %(row)s: each NPP once per file.")
                    % {"npp": npp, "row": seen_npp[npp]}
                )
            if npp:
                seen_npp[npp] = number
            if not may_write_region(parsed_row["region_id"]):
                raise RowError(
                    _("region_code %(c)s is outside the region you may write to.")
                    % {"c": parsed_row["region_id"]}
                )
            parsed.append((number, parsed_row))
        except RowError as exc:
            plan.note(number, "error", values, str(exc))
        if progress and number % 5000 == 0:
            progress(number, total)
    existing: dict[str, Library] = {}
    npps = [r["npp"] for _, r in parsed if r.get("npp")]
    for start in range(0, len(npps), BATCH):
        for lib in Library.objects.filter(npp__in=npps[start : start + BATCH]):
            existing[lib.npp] = lib
    for number, values in parsed:
        library = existing.get(values.get("npp"))
        if library is None:
            plan.new.append((number, values))
            plan.note(number, "new", values, "")
        elif not may_write_region(library.region_id):
            plan.note(
                number,
                "error",
                values,
                _("The library with this NPP is outside the region you may write to."),
            )
        else:
            changed = _changes(library, values)
            if changed:
                plan.updates.append((number, values, library))
                plan.note(number, "update", values, ", ".join(changed))
            else:
                plan.note(number, "unchanged", values, "")
    if progress:
        progress(total, total)
    return plan


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
) -> Plan:
    """Check the file again and, if every row is right, write it all; otherwise write nothing."""
    plan = plan_import(data, may_write_region=may_write_region, progress=progress)
    if not plan.ok:
        return plan
    today = timezone.localdate()
    deltas: Counter = Counter()
    history: list[LibraryChange] = []
    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    # New libraries: their organisations first, then the register rows, then their history. On
    # PostgreSQL the organisations' ids come from the sequence in one statement (so each path is
    # written at once) and all three tables are written with COPY; elsewhere with bulk_create.
    copying = uses_copy()
    # With COPY, rows are plain namespaces (building 165,000 model instances of each kind cost more
    # than writing them); without it, model instances for bulk_create.
    make_org, make_library, make_change = (
        (SimpleNamespace, SimpleNamespace, SimpleNamespace)
        if copying
        else (Organisation, Library, LibraryChange)
    )
    ids = iter(reserve_ids(Organisation, len(plan.new))) if copying else None
    orgs: list = []
    for number, values in plan.new:
        org = make_org(
            kind=Kind.LIBRARY,
            name=values["name"],
            slug=f"{slugify(values['name'])[:50] or 'perpustakaan'}-{job_key}{number}",
            region_id=values["region_id"],
            **{k: values[k] for k in ORGANISATION_FIELDS[1:] if k in values},
        )
        if copying:
            org.id = next(ids)
            org.path, org.depth = f"{org.id}/", 0
        orgs.append(org)
    if copying:
        copy_insert(Organisation, orgs)
    else:
        for start in range(0, len(orgs), BATCH):
            chunk = Organisation.objects.bulk_create(orgs[start : start + BATCH], batch_size=BATCH)
            Organisation.objects.filter(pk__in=[o.pk for o in chunk]).update(
                path=Concat(Cast("id", output_field=CharField()), Value("/")), depth=0
            )
    if progress and plan.new:
        progress(len(plan.new) // 2, len(plan.new) + len(plan.updates))
    new_libraries: list = []
    for org, (_number, values) in zip(orgs, plan.new, strict=True):
        library = make_library(organisation_id=org.id, data_updated_on=today, npp=None, registered_on=None)
        _apply_values(library, values)
        library.npp = values.get("npp")
        if "status" not in values:
            library.status = Status.REGISTERED if library.npp else Status.LISTED
        new_libraries.append(library)
    _issue_npps(new_libraries, today)
    if copying:
        copy_insert(Library, new_libraries)
    else:
        Library.objects.bulk_create(new_libraries, batch_size=BATCH)
    for library in new_libraries:
        for key in keys_for(library):
            deltas[key] += 1
        history.append(
            make_change(
                library_id=library.organisation_id,
                actor_id=actor_id,
                kind=LibraryChange.Kind.IMPORT,
                changes={"created": [None, True]},
            )
        )
    if progress and plan.new:
        progress(len(plan.new), len(plan.new) + len(plan.updates))
    # Updates: only libraries whose values differ; their organisations follow their names and contacts.
    updated, orgs_updated = [], []
    for _number, values, library in plan.updates:
        for key in keys_for(library):
            deltas[key] -= 1
        before = {k: _plain(getattr(library, k)) for k in values if k != "npp"}
        _apply_values(library, values)
        for key in keys_for(library):
            deltas[key] += 1
        after = {k: _plain(getattr(library, k)) for k in values if k != "npp"}
        changes = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
        history.append(
            LibraryChange(
                library_id=library.pk, actor_id=actor_id, kind=LibraryChange.Kind.IMPORT, changes=changes
            )
        )
        updated.append(library)
        orgs_updated.append(
            Organisation(
                pk=library.pk,
                region_id=library.region_id,
                **{k: getattr(library, k) for k in ORGANISATION_FIELDS},
            )
        )
    if updated:
        if any(lib.status == Status.REGISTERED and not lib.npp for lib in updated):
            _issue_npps(updated, today)
            Library.objects.bulk_update(updated, ["npp", "registered_on"], batch_size=500)
        Library.objects.bulk_update(updated, UPDATE_FIELDS, batch_size=500)
        Organisation.objects.bulk_update(orgs_updated, [*ORGANISATION_FIELDS, "region_id"], batch_size=500)
    if copying:
        copy_insert(LibraryChange, history, skip=("id",))
    else:
        LibraryChange.objects.bulk_create(history, batch_size=BATCH)
    stats_apply(deltas)
    first = new_libraries[0] if new_libraries else (updated[0] if updated else Library(name="-"))
    if isinstance(first, SimpleNamespace):  # written with COPY: the audit entry names the model row
        first = Library(organisation_id=first.organisation_id, name=first.name)
    audit_record(
        actor=actor,
        action="library.import",
        instance=first,
        after={"new": len(new_libraries), "updated": len(updated)},
        note=_("Import of %(n)s rows: %(new)s new, %(upd)s updated.")
        % {"n": sum(plan.counts.values()), "new": len(new_libraries), "upd": len(updated)},
    )
    return plan


def _plain(value):
    if isinstance(value, decimal.Decimal | datetime.date):
        return str(value)
    return value


def _issue_npps(libraries: list[Library], today: datetime.date) -> None:
    """Numbers for registered libraries without one, and counters moved past numbers given in the file.
    Counter rows are locked in prefix order, so concurrent imports and approvals queue, never collide."""
    highest: dict[str, int] = {}
    needing: dict[str, list[Library]] = {}
    for library in libraries:
        if library.npp:
            prefix, seq = npp_format.parse(library.npp)
            highest[prefix] = max(highest.get(prefix, 0), seq)
        elif library.status == Status.REGISTERED:
            needing.setdefault(npp_format.prefix_for(library.region_id, library.library_type), []).append(
                library
            )
    prefixes = sorted(set(highest) | set(needing))
    if not prefixes:
        return
    NppCounter.objects.bulk_create(
        [NppCounter(prefix=p) for p in prefixes], ignore_conflicts=True, batch_size=BATCH
    )
    counters = {}
    for start in range(0, len(prefixes), BATCH):
        for c in (
            NppCounter.objects.select_for_update()
            .filter(prefix__in=prefixes[start : start + BATCH])
            .order_by("prefix")
        ):
            counters[c.prefix] = c
    for prefix, counter in counters.items():
        counter.last = max(counter.last, highest.get(prefix, 0))
        for library in needing.get(prefix, []):
            counter.last += 1
            library.npp = npp_format.format_npp(prefix, counter.last)
            library.registered_on = today
    _counters_save(list(counters.values()))


def _counters_save(counters: list[NppCounter]) -> None:
    if not uses_copy():
        NppCounter.objects.bulk_update(counters, ["last"], batch_size=BATCH)
        return
    table = NppCounter._meta.db_table
    with connection.cursor() as cursor:  # one statement, however many prefixes
        cursor.execute(
            f"UPDATE {table} AS c SET last = v.last FROM unnest(%s::text[], %s::int[]) AS v(prefix, last) "  # noqa: S608
            "WHERE c.prefix = v.prefix",
            [[c.prefix for c in counters], [c.last for c in counters]],
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
