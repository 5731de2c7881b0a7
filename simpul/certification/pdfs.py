"""Print-ready A4 PDFs (reportlab): filled FR.APL.01, FR.APL.02 and a session's attendance list."""

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .models import Application, AssessmentSession, Element, SchemeUnit

STYLES = getSampleStyleSheet()
GRID = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)),
    ]
)


def _p(text, style="BodyText") -> Paragraph:
    return Paragraph(escape(str(text or "")), STYLES[style])


def _build(title: str, story: list) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=title,
        author="Simpul",
    )
    doc.build(story)
    return buffer.getvalue()


def apl01_pdf(application: Application) -> bytes:
    a = application
    rows = [
        ["Bagian", "Isian"],
        ["Nama lengkap (sesuai ijazah)", a.name_on_diploma],
        ["Tanggal lahir", a.birth_date.strftime("%d-%m-%Y") if a.birth_date else "-"],
        ["Pendidikan terakhir", f"{a.education_level} {a.education_major} — {a.education_institution}"],
        ["Ilmu perpustakaan", "Ya" if a.library_science else "Tidak"],
        ["Sertifikat diklat berbasis kompetensi", "Ya" if a.has_training_certificate else "Tidak"],
        ["Jabatan sekarang", a.job_title],
        ["Institusi", a.job_organisation],
        ["Lama bekerja di bidang ini", f"{a.years_in_cluster} tahun"],
        ["Tujuan asesmen", a.get_purpose_display() + (f": {a.purpose_other}" if a.purpose_other else "")],
        ["Skema sertifikasi", f"{a.scheme.code} {a.scheme.title}"],
        ["Status", a.get_status_display()],
    ]
    units = [["No.", "Kode unit", "Judul unit"]] + [
        [str(i), u.code, _p(u.title)] for i, u in enumerate(a.scheme.ordered_units(), start=1)
    ]
    story = [
        _p("FR.APL.01 — Permohonan Sertifikasi Kompetensi", "Title"),
        _p(f"{a.lsp.name}"),
        Spacer(1, 4 * mm),
        Table([[r[0], _p(r[1])] for r in rows], colWidths=[60 * mm, 114 * mm], style=GRID, repeatRows=1),
        Spacer(1, 5 * mm),
        _p("Daftar unit kompetensi", "Heading3"),
        Table(units, colWidths=[12 * mm, 42 * mm, 120 * mm], style=GRID, repeatRows=1),
        Spacer(1, 10 * mm),
        _p(f"Dicetak {timezone.localtime():%d-%m-%Y %H:%M}. Tanda tangan pemohon: ______________________"),
    ]
    return _build("FR.APL.01", story)


def apl02_pdf(application: Application) -> bytes:
    answers = {s.element_id: s for s in application.self_assessments.all()}
    unit_ids = (
        SchemeUnit.objects.filter(scheme_id=application.scheme_id)
        .order_by("order")
        .values_list("unit_id", flat=True)
    )
    elements = Element.objects.filter(unit_id__in=list(unit_ids)).select_related("unit")
    by_unit: dict[int, list[Element]] = {}
    for element in elements:
        by_unit.setdefault(element.unit_id, []).append(element)
    story = [
        _p("FR.APL.02 — Asesmen Mandiri", "Title"),
        _p(f"{application.name_on_diploma} — {application.scheme.code} {application.scheme.title}"),
        Spacer(1, 4 * mm),
    ]
    for unit in application.scheme.ordered_units():
        rows = [["Elemen dan kriteria unjuk kerja", "K/BK", "Bukti"]]
        for element in by_unit.get(unit.pk, []):
            answer = answers.get(element.pk)
            criteria = "".join(f"<br/>• {escape(c)}" for c in element.criteria_list)
            rows.append(
                [
                    Paragraph(f"<b>{escape(element.title)}</b>{criteria}", STYLES["BodyText"]),
                    answer.answer if answer else "-",
                    _p(answer.evidence_note if answer else ""),
                ]
            )
        story += [
            _p(f"{unit.code} {unit.title}", "Heading4"),
            Table(rows, colWidths=[110 * mm, 16 * mm, 48 * mm], style=GRID, repeatRows=1),
            Spacer(1, 3 * mm),
        ]
    story.append(_p("Tanda tangan asesi: ______________________   Asesor: ______________________"))
    return _build("FR.APL.02", story)


def attendance_pdf(session: AssessmentSession) -> bytes:
    event = session.event
    zone_start = timezone.localtime(event.starts_at)
    rows = [["No.", "Nama", "Institusi", "Asesor", "Tanda tangan"]]
    applications = session.applications.select_related("assessor__person").order_by("name_on_diploma", "id")
    for i, a in enumerate(applications, start=1):
        rows.append(
            [
                str(i),
                _p(a.name_on_diploma),
                _p(a.job_organisation),
                _p(a.assessor.person.display_name if a.assessor else "-"),
                "",
            ]
        )
    story = [
        _p("Daftar Hadir Uji Kompetensi", "Title"),
        _p(f"{event.title} — {session.tuk.name}, {zone_start:%d-%m-%Y}"),
        _p("Skema: " + "; ".join(f"{s.code} {s.title}" for s in session.schemes.all())),
        Spacer(1, 4 * mm),
        Table(rows, colWidths=[10 * mm, 52 * mm, 48 * mm, 40 * mm, 24 * mm], style=GRID, repeatRows=1),
    ]
    return _build("Daftar hadir", story)
