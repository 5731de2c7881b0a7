"""Exports: a dashboard's figures (small, at once) and activity rows (large, in the background)."""

import csv
import io
from collections.abc import Callable

from openpyxl import Workbook

from ..models import Activity, Programme

ACTIVITY_HEADER = (
    "library_id", "library", "province", "regency", "date", "category", "title", "partners", "male", "female",
    "children", "youth", "adults", "elderly", "disabled", "status",
)  # fmt: skip


def activities_queryset(programme: Programme, region_code: str):
    qs = Activity.objects.filter(report__programme=programme)
    if region_code:
        field = "report__province_code" if len(region_code) == 2 else "report__regency_code"
        qs = qs.filter(**{field: region_code})
    return qs.order_by("pk")


def _activity_rows(programme: Programme, region_code: str, progress: Callable | None, total: int):
    qs = activities_queryset(programme, region_code).values_list(
        "report__library_id", "report__library__name", "report__province_code", "report__regency_code", "date",
        "category__name", "title", "partners", "male", "female", "children", "youth", "adults", "elderly", "disabled",
        "report__status",
    )  # fmt: skip
    for i, row in enumerate(qs.iterator(chunk_size=5000)):
        if progress and i % 5000 == 0:
            progress(i, total)
        yield row


def write_activities_xlsx(
    programme: Programme, region_code: str, out, *, progress=None, total: int = 0
) -> None:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("activities")
    ws.append(ACTIVITY_HEADER)
    for row in _activity_rows(programme, region_code, progress, total):
        ws.append(row)
    wb.save(out)


def write_activities_csv(
    programme: Programme, region_code: str, out, *, progress=None, total: int = 0
) -> None:
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    writer = csv.writer(text)
    writer.writerow(ACTIVITY_HEADER)
    for row in _activity_rows(programme, region_code, progress, total):
        writer.writerow(row)
    text.detach()


def dashboard_table(board) -> tuple[list[str], list[list]]:
    """The dashboard's drill-down table as header and rows (for CSV/XLSX)."""
    header = ["code", "name", "beneficiaries", "reports", "activities", "participants", "female", "male",
              "disabled", "advocacy", "partnerships", "regulations", "visits"]  # fmt: skip
    rows = []
    for c in board.children:
        f = c["figures"]
        rows.append([c["code"], c["name"], c["beneficiaries"], f["reports"], f["activities"], f["participants"],
                     f["female"], f["male"], f["disabled"], f["advocacy"], f["partnerships"], f["regulations"],
                     f["visits"]])  # fmt: skip
    return header, rows


def table_csv(header, rows) -> bytes:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(header)
    w.writerows(rows)
    return out.getvalue().encode("utf-8")


def table_xlsx(header, rows) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("dashboard")
    ws.append(header)
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
