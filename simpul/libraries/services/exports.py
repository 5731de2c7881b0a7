"""Exports of a directory filter to CSV or XLSX. Every text cell is neutralised (no formulas)."""

import csv
import io
from collections.abc import Callable, Iterator

from django.utils.translation import gettext as _
from openpyxl import Workbook

from .. import selectors
from ..spreadsheet import COLUMN_KEYS, COLUMNS, export_row

CHUNK = 2000
Progress = Callable[[int, int], None]


def _rows(f: selectors.DirectoryFilter, progress: Progress | None, total: int) -> Iterator[list]:
    queryset = selectors.libraries_search(f).select_related(None)
    done = 0
    for library in queryset.iterator(chunk_size=CHUNK):
        yield export_row(library)
        done += 1
        if progress and done % CHUNK == 0:
            progress(done, total)
    if progress:
        progress(done, total)


class _Echo:
    def write(self, value):
        return value


def csv_lines(f: selectors.DirectoryFilter) -> Iterator[str]:
    """CSV text line by line (for a streaming response), UTF-8 with a BOM so spreadsheets read it right."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(COLUMN_KEYS)
    for row in _rows(f, None, 0):
        yield writer.writerow(row)


def write_csv(f: selectors.DirectoryFilter, out, *, progress: Progress | None = None, total: int = 0) -> None:
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
    writer = csv.writer(text)
    writer.writerow(COLUMN_KEYS)
    for row in _rows(f, progress, total):
        writer.writerow(row)
    text.flush()
    text.detach()


def write_xlsx(
    f: selectors.DirectoryFilter | None, out, *, progress: Progress | None = None, total: int = 0
) -> None:
    """A workbook with the libraries (none for the template) and a sheet that explains each column."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("libraries")
    sheet.append(COLUMN_KEYS)
    if f is not None:
        for row in _rows(f, progress, total):
            sheet.append(row)
    guide = workbook.create_sheet("columns")
    guide.append([str(_("column")), str(_("required")), str(_("what to write"))])
    for column in COLUMNS:
        guide.append([column.key, str(_("yes")) if column.required else "", str(column.help)])
    workbook.save(out)


def template_xlsx(out) -> None:
    write_xlsx(None, out)


__all__ = ["csv_lines", "template_xlsx", "write_csv", "write_xlsx"]
