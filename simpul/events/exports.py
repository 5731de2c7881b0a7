"""Files organisers download: the participant list (XLSX), the report (XLSX and PDF)."""

import io
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .models import Event, Registration
from .reports import event_report

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def participants_xlsx(event: Event) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Participants")[:31])
    sheet.append(
        [
            _("No."),
            _("Name as registered"),
            _("Category"),
            _("Organisation"),
            _("Province"),
            _("Status"),
            _("Ticket code"),
            _("Days attended"),
            _("Registered"),
        ]
    )
    zone = ZoneInfo(event.time_zone)
    rows = (
        Registration.objects.filter(event=event)
        .select_related("category")
        .order_by("name", "id")
        .iterator(chunk_size=2000)
    )
    for n, r in enumerate(rows, start=1):
        sheet.append(
            [
                n,
                r.name,
                r.category.name if r.category_id else "",
                r.organisation_name,
                r.province_code,
                r.get_status_display(),
                r.ticket,
                r.days_attended,
                r.created_at.astimezone(zone).replace(tzinfo=None),
            ]
        )
    return _save(workbook)


def report_xlsx(event: Event) -> bytes:
    report = event_report(event)
    workbook = Workbook()
    summary = workbook.active
    summary.title = _("Summary")[:31]
    summary.append([event.title])
    summary["A1"].font = Font(bold=True)
    summary.append([_("Registrations"), report.registrations])
    for label, n in report.by_status.items():
        summary.append([str(label), n])
    summary.append([_("Attended"), report.attended])
    summary.append([_("Attendance rate (%)"), report.attendance_rate])
    summary.append([_("Feedback received"), report.feedback_count])
    for key, value in report.feedback_avg.items():
        summary.append([_("Average rating: %(what)s") % {"what": key}, value])
    for breakdown in report.breakdowns:
        sheet = workbook.create_sheet(str(breakdown.title)[:31])
        sheet.append(["", _("Confirmed"), _("Attended")])
        for row in breakdown.rows:
            sheet.append(list(row))
    return _save(workbook)


def report_pdf(event: Event) -> bytes:
    report = event_report(event)
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, title=event.title, leftMargin=18 * mm, rightMargin=18 * mm)
    zone = ZoneInfo(event.time_zone)
    story = [
        Paragraph(_("Event report"), styles["Title"]),
        Paragraph(event.title, styles["Heading2"]),
        Paragraph(
            f"{event.starts_at.astimezone(zone):%d-%m-%Y} – {event.ends_at.astimezone(zone):%d-%m-%Y}, "
            f"{event.venue_name}",
            styles["Normal"],
        ),
        Spacer(1, 6 * mm),
    ]
    summary = [[_("Registrations"), report.registrations]]
    summary += [[str(label), n] for label, n in report.by_status.items()]
    summary += [[_("Attended"), report.attended], [_("Attendance rate (%)"), f"{report.attendance_rate}"]]
    story.append(_table(summary))
    for breakdown in report.breakdowns:
        story += [Spacer(1, 5 * mm), Paragraph(str(breakdown.title), styles["Heading3"])]
        story.append(_table([["", _("Confirmed"), _("Attended")], *[list(r) for r in breakdown.rows[:40]]]))
    story += [
        Spacer(1, 5 * mm),
        Paragraph(
            _("Made by Simpul on %(date)s") % {"date": f"{timezone.localdate():%d-%m-%Y}"}, styles["Italic"]
        ),
    ]
    doc.build(story)
    return buffer.getvalue()


def _table(rows) -> Table:
    table = Table([[str(c) for c in row] for row in rows], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.25, "#999999"),
                ("FONTSIZE", (0, 0), (-1, -1), 9),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
            ]
        )
    )
    return table
