"""XLSX of the certification report (openpyxl); the rows come from the pre-aggregated table."""

import io

from openpyxl import Workbook

HEADERS = [
    "Kelompok",
    "Pemohon",
    "Diputus",
    "Kompeten",
    "% kompeten",
    "Bersertifikat",
    "Rata-rata hari ke sertifikat",
]


def report_xlsx(rows: list[dict], title: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(
            [
                str(row["label"]),
                row["applicants"],
                row["decided"],
                row["competent"],
                row["share"],
                row["certified"],
                row["mean_days"],
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
