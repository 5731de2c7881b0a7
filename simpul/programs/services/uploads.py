"""Bulk upload of activity rows from the XLSX template: a dry run with a row-by-row report, then an
all-or-nothing apply. Rows land in the library's monthly report for the row's month (a draft is
started when there is none); a report already submitted refuses new rows."""

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from simpul.libraries.models import Library

from ..models import EDITABLE, Activity, ActivityCategory, Beneficiary, Programme, Report
from .reports import activity_add, report_start

COLUMNS = (
    ("library", "library (NPP or id)"),
    ("date", "date (YYYY-MM-DD)"),
    ("category", "category"),
    ("title", "title"),
    ("partners", "partners"),
    ("male", "men and boys"),
    ("female", "women and girls"),
    ("children", "children under 13"),
    ("youth", "youth 13-24"),
    ("adults", "adults 25-59"),
    ("elderly", "elderly 60+"),
    ("disabled", "with a disability"),
    ("outcomes", "outcomes"),
)
NUMBERS = ("male", "female", "children", "youth", "adults", "elderly", "disabled")
MAX_ROWS = 200_000


def template_xlsx() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "activities"
    ws.append([label for _, label in COLUMNS])
    ws.append(["6372052C0000001", "2023-03-14", "Literasi digital", "Kelas gawai untuk ibu-ibu PKK", "PKK Desa",
               0, 25, 0, 5, 18, 2, 1, "Peserta bisa membuat akun marketplace"])  # fmt: skip
    cats = wb.create_sheet("categories")
    for c in ActivityCategory.objects.filter(active=True):
        cats.append([c.name])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@dataclass
class Plan:
    rows: list[dict] = field(default_factory=list)  # {"row": n, "errors": [...], "fields": {...}}
    file_error: str = ""

    @property
    def error_rows(self) -> list[dict]:
        return [r for r in self.rows if r["errors"]]

    @property
    def ok(self) -> bool:
        return not self.file_error and bool(self.rows) and not self.error_rows

    def as_report(self) -> dict:
        return {
            "ok": self.ok,
            "file_error": self.file_error,
            "total": len(self.rows),
            "errors": [{"row": r["row"], "errors": r["errors"]} for r in self.error_rows[:500]],
            "error_count": len(self.error_rows),
        }


def _read_rows(data: bytes):
    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    ws = wb["activities"] if "activities" in wb.sheetnames else wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    next(rows, None)  # header
    for n, values in enumerate(rows, start=2):
        if values is None or all(v in (None, "") for v in values):
            continue
        yield n, dict(zip([k for k, _ in COLUMNS], list(values) + [None] * len(COLUMNS), strict=False))


def _date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value).strip())


def plan_upload(
    data: bytes,
    *,
    programme: Programme,
    may_report: Callable[[Library], bool],
    progress: Callable[[int, int], None] | None = None,
) -> Plan:
    """Check every row without writing; each row gets its errors in Indonesian."""
    plan = Plan()
    try:
        raw = list(_read_rows(data))
    except Exception:  # noqa: BLE001 - any unreadable file gets the same answer
        plan.file_error = _("The file is not an XLSX workbook made from the template.")
        return plan
    if len(raw) > MAX_ROWS:
        plan.file_error = _("At most %(n)s rows per file.") % {"n": MAX_ROWS}
        return plan
    cats = {c.name.lower(): c for c in ActivityCategory.objects.filter(active=True)}
    libraries: dict[str, Library | None] = {}
    beneficiary_years: dict[int, set[int]] = {}
    locked: dict[tuple[int, int, int], bool] = {}
    for i, (n, values) in enumerate(raw):
        errors: list[str] = []
        key = str(values.get("library") or "").strip()
        if key not in libraries:
            q = Library.objects.select_related("organisation")
            lib = (
                q.filter(npp=key).first()
                if not key.isdigit() or len(key) > 9
                else q.filter(pk=int(key)).first()
            )
            libraries[key] = lib
        library = libraries[key]
        fields: dict = {}
        if library is None:
            errors.append(_("Library %(key)s not found.") % {"key": key or "-"})
        elif not may_report(library):
            errors.append(_("You do not report for %(name)s.") % {"name": library.name})
        try:
            day = _date(values.get("date"))
        except (TypeError, ValueError):
            errors.append(_("The date is not a date (YYYY-MM-DD)."))
            day = None
        category = cats.get(str(values.get("category") or "").strip().lower())
        if category is None:
            errors.append(_("Unknown category %(c)s.") % {"c": values.get("category") or "-"})
        for name in NUMBERS:
            value = values.get(name)
            try:
                number = int(value or 0)
                if number < 0 or float(value or 0) != number:
                    raise ValueError
                fields[name] = number
            except (TypeError, ValueError):
                errors.append(
                    _("%(column)s must be a whole number, 0 or more.") % {"column": dict(COLUMNS)[name]}
                )
        title = str(values.get("title") or "").strip()
        if not title:
            errors.append(_("The title is missing."))
        if library is not None and day is not None:
            if library.pk not in beneficiary_years:
                beneficiary_years[library.pk] = set(
                    Beneficiary.objects.filter(programme=programme, library=library).values_list(
                        "year", flat=True
                    )
                )
            if day.year not in beneficiary_years[library.pk]:
                errors.append(
                    _("%(name)s is not a beneficiary in %(year)s.") % {"name": library.name, "year": day.year}
                )
            k = (library.pk, day.year, day.month)
            if k not in locked:
                status = (
                    Report.objects.filter(
                        programme=programme, library=library, year=day.year, month=day.month
                    )
                    .values_list("status", flat=True)
                    .first()
                )
                locked[k] = status is not None and status not in EDITABLE
            if locked[k]:
                errors.append(
                    _("The report for %(period)s is already submitted.") % {"period": f"{day:%Y-%m}"}
                )
        if not errors:
            fields.update(
                date=day, category=category, title=title[:200],
                partners=str(values.get("partners") or "")[:300], outcomes=str(values.get("outcomes") or ""),
            )  # fmt: skip
            activity = Activity(**fields)
            try:
                activity.clean()
            except ValidationError as e:
                errors.extend(e.messages)
        plan.rows.append({"row": n, "errors": errors, "fields": fields, "library": library})
        if progress and i % 500 == 0:
            progress(i, len(raw))
    if progress:
        progress(len(raw), len(raw))
    return plan


@transaction.atomic
def upload_apply(
    *, actor, data: bytes, programme: Programme, may_report: Callable[[Library], bool], progress=None
) -> Plan:
    """Check again and write every row, or none when any row fails."""
    plan = plan_upload(data, programme=programme, may_report=may_report)
    if not plan.ok:
        return plan
    reports: dict[tuple[int, int, int], Report] = {}
    for i, row in enumerate(plan.rows):
        library, fields = row["library"], row["fields"]
        day = fields["date"]
        key = (library.pk, day.year, day.month)
        if key not in reports:
            reports[key] = report_start(
                actor=actor, programme=programme, library=library, year=day.year, month=day.month
            )
        activity_add(actor=actor, report=reports[key], **fields)
        if progress and i % 500 == 0:
            progress(i, len(plan.rows))
    return plan
