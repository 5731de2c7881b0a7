"""What a credential looks like on paper and on a phone: PDF (reportlab), PNG (Pillow), QR (segno).

Two layouts: "card" (ID-1, 85.6 x 54 mm, front and back) and "certificate" (A4 landscape). Text comes
from the credential as issued (`holder_name` with its titles exactly, `subject["fields"]`), so a
reprint is identical. The QR code holds the absolute /verify/<code> address.
"""

import io
import multiprocessing
import os
import tempfile
import zipfile
from functools import cache

import reportlab
import segno
from django import db
from django.conf import settings
from django.core.files import File
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont
from reportlab import rl_config
from reportlab.lib.colors import HexColor, white
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from .models import BatchStatus, Credential, CredentialBatch

# Page streams deflated but not also ASCII85-encoded: binary streams are a quarter smaller and the
# pure-Python encoder was a sixth of a card's time. Every PDF reader reads them (PDF 1.2 onwards).
rl_config.useA85 = 0

PRIMARY = HexColor("#0b5d4b")
INK = HexColor("#1b1f23")
MUTED = HexColor("#4a5560")
CARD_SIZE = (85.6 * mm, 53.98 * mm)
REGULAR, BOLD = "Helvetica", "Helvetica-Bold"
LATIN_FALLBACKS = str.maketrans({"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "..."})


def verify_url(credential: Credential) -> str:
    return settings.SIMPUL_PUBLIC_URL + reverse("credentials:verify", kwargs={"code": credential.code})


def qr_matrix(text: str) -> tuple[tuple[int, ...], ...]:
    # A fixed mask (any of the eight is valid QR) skips segno's search for the best one, which is
    # half the time of rendering a card; scanners read either.
    return segno.make(text, error="m", micro=False, mask=2).matrix


def _qr_runs(matrix) -> str:
    """PDF operators for the dark modules, one rectangle per run, in module units (row 0 on top)."""
    n = len(matrix)
    ops = []
    for row, cells in enumerate(matrix):
        col = 0
        while col < n:
            if cells[col]:
                start = col
                while col < n and cells[col]:
                    col += 1
                ops.append(f"{start} {n - 1 - row} {col - start} 1 re")
            else:
                col += 1
    return "\n".join(ops)


def _draw_qr(canvas: Canvas, text: str, x: float, y: float, size: float) -> None:
    """The QR code as vector squares with a white margin.

    The runs are written as integer PDF operators under one scaling transform: drawing them through
    reportlab's path API formatted ~400 floats per card in pure Python, a third of a card's time.
    """
    matrix = qr_matrix(text)
    n = len(matrix)
    quiet = 2
    module = size / (n + 2 * quiet)
    canvas.setFillColor(white)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.saveState()
    canvas.setFillColor(INK)
    canvas.transform(module, 0, 0, module, x + quiet * module, y + quiet * module)
    canvas.addLiteral(_qr_runs(matrix) + "\nf")
    canvas.restoreState()


def _fit(text: str, font: str, size: float, width: float, smallest: float = 5) -> float:
    while size > smallest and stringWidth(text, font, size) > width:
        size -= 0.25
    return size


def _wrap(text: str, font: str, size: float, width: float, max_lines: int = 2) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if stringWidth(candidate, font, size) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        lines = lines[: max_lines - 1] + [" ".join(lines[max_lines - 1 :])]
    return lines


def _latin(text: str) -> str:
    """The standard PDF fonts cover Latin-1; anything else is replaced rather than dropped silently."""
    text = str(text).translate(LATIN_FALLBACKS)
    return text.encode("latin-1", "replace").decode("latin-1")


def _date(value) -> str:
    return date_format(value, "j F Y") if value else "—"


def _validity(credential: Credential) -> str:
    if credential.valid_until:
        return f"{_date(credential.valid_from)} – {_date(credential.valid_until)}"
    return _("from %(date)s") % {"date": _date(credential.valid_from)}


def _card_pages(canvas: Canvas, credential: Credential) -> None:
    width, height = CARD_SIZE
    url = verify_url(credential)
    band = 13 * mm
    # Front: the issuer's band, the name exactly as given, the fields, the QR code.
    canvas.setFillColor(PRIMARY)
    canvas.rect(0, height - band, width, band, stroke=0, fill=1)
    canvas.setFillColor(white)
    issuer = _latin(credential.subject.get("organisation", credential.issuer_name))
    canvas.setFont(BOLD, _fit(issuer, BOLD, 8, width - 8 * mm))
    canvas.drawString(4 * mm, height - 5.5 * mm, issuer)
    title = _latin(credential.title.upper())
    canvas.setFont(REGULAR, _fit(title, REGULAR, 6.5, width - 8 * mm))
    canvas.drawString(4 * mm, height - 10 * mm, title)
    qr_size = 24 * mm
    text_width = width - qr_size - 10 * mm
    canvas.setFillColor(INK)
    y = height - band - 5 * mm
    name = _latin(credential.holder_name)
    size = _fit(name, BOLD, 9.5, text_width, smallest=6.5)  # one line if it fits at 6.5 pt, else two
    canvas.setFont(BOLD, size)
    for line in _wrap(name, BOLD, size, text_width):
        canvas.drawString(4 * mm, y, line)
        y -= size + 1.5
    y -= 2
    rows = [*credential.fields[:3], {"label": _("Valid"), "value": _validity(credential)}]
    for field in rows:
        canvas.setFillColor(MUTED)
        canvas.setFont(REGULAR, 5)
        canvas.drawString(4 * mm, y, _latin(field["label"]))
        canvas.setFillColor(INK)
        value = _latin(field["value"])
        canvas.setFont(BOLD, _fit(value, BOLD, 6.5, text_width))
        canvas.drawString(4 * mm, y - 7, value)
        y -= 15
    _draw_qr(canvas, url, width - qr_size - 3 * mm, 6 * mm, qr_size)
    canvas.setFont(BOLD, _fit(credential.number, BOLD, 6, qr_size + 2 * mm))
    canvas.drawCentredString(width - qr_size / 2 - 3 * mm, 3 * mm, _latin(credential.number))
    canvas.showPage()
    # Back: how to check it.
    canvas.setFillColor(PRIMARY)
    canvas.rect(0, 0, width, 4 * mm, stroke=0, fill=1)
    canvas.setFillColor(INK)
    canvas.setFont(BOLD, 7)
    canvas.drawString(4 * mm, height - 8 * mm, _latin(credential.issuer_name))
    canvas.setFont(REGULAR, 6)
    lines = [
        _("This card proves membership while it is valid."),
        _("Scan the QR code or open the address below to check it:"),
    ]
    y = height - 15 * mm
    for line in lines:
        canvas.drawString(4 * mm, y, _latin(line))
        y -= 9
    canvas.setFont(BOLD, _fit(url, BOLD, 6, width - 8 * mm, smallest=3.5))
    canvas.drawString(4 * mm, y - 2, url)
    canvas.setFont(REGULAR, 5.5)
    canvas.drawString(4 * mm, 8 * mm, _latin(_("Number: %(number)s") % {"number": credential.number}))
    canvas.showPage()


def _certificate_page(canvas: Canvas, credential: Credential) -> None:
    width, height = landscape(A4)
    url = verify_url(credential)
    canvas.setStrokeColor(PRIMARY)
    canvas.setLineWidth(3)
    canvas.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    canvas.setLineWidth(0.8)
    canvas.rect(15 * mm, 15 * mm, width - 30 * mm, height - 30 * mm)
    centre = width / 2
    canvas.setFillColor(PRIMARY)
    issuer = _latin(credential.issuer_name.upper())
    canvas.setFont(BOLD, _fit(issuer, BOLD, 16, width - 60 * mm))
    canvas.drawCentredString(centre, height - 40 * mm, issuer)
    canvas.setFillColor(INK)
    heading = _latin(credential.subject.get("heading") or _("CERTIFICATE"))
    canvas.setFont(BOLD, 30)
    canvas.drawCentredString(centre, height - 58 * mm, heading)
    canvas.setFont(REGULAR, 12)
    canvas.drawCentredString(
        centre, height - 66 * mm, _latin(_("Number: %(number)s") % {"number": credential.number})
    )
    canvas.setFont(REGULAR, 13)
    canvas.drawCentredString(centre, height - 80 * mm, _latin(_("is awarded to")))
    name = _latin(credential.holder_name)
    canvas.setFont(BOLD, _fit(name, BOLD, 28, width - 70 * mm, smallest=14))
    canvas.drawCentredString(centre, height - 94 * mm, name)
    canvas.setFont(REGULAR, 14)
    y = height - 108 * mm
    for line in _wrap(_latin(credential.title), REGULAR, 14, width - 80 * mm, max_lines=3):
        canvas.drawCentredString(centre, y, line)
        y -= 18
    canvas.setFont(REGULAR, 11)
    for field in credential.fields[:6]:
        text = _latin(f"{field['label']}: {field['value']}")
        canvas.setFont(REGULAR, _fit(text, REGULAR, 11, width - 80 * mm))
        canvas.drawCentredString(centre, y, text)
        y -= 15
    signatory = credential.subject.get("signatory") or {}
    place_date = _latin(
        f"{credential.subject.get('place', '')} {_date(timezone.localtime(credential.issued_at).date())}".strip()
    )
    canvas.setFont(REGULAR, 11)
    canvas.drawCentredString(centre, 52 * mm, place_date)
    if signatory:
        canvas.drawCentredString(centre, 46 * mm, _latin(signatory.get("position", "")))
        canvas.setFont(BOLD, 12)
        canvas.drawCentredString(centre, 28 * mm, _latin(signatory.get("name", "")))
    qr_size = 30 * mm
    _draw_qr(canvas, url, width - qr_size - 24 * mm, 22 * mm, qr_size)
    canvas.setFont(REGULAR, 8)
    canvas.setFillColor(MUTED)
    canvas.drawString(24 * mm, 26 * mm, _latin(_("Verify this certificate:")))
    canvas.drawString(24 * mm, 22 * mm, url)
    canvas.drawString(
        24 * mm, 18 * mm, _latin(_("Valid: %(validity)s") % {"validity": _validity(credential)})
    )
    canvas.showPage()


def render_pdf(credential: Credential) -> bytes:
    buffer = io.BytesIO()
    pagesize = CARD_SIZE if credential.layout == "card" else landscape(A4)
    canvas = Canvas(buffer, pagesize=pagesize, pageCompression=1)
    canvas.setTitle(f"{credential.title} — {credential.holder_name}")
    canvas.setAuthor(credential.issuer_name)
    canvas.setSubject(verify_url(credential))
    if credential.layout == "card":
        _card_pages(canvas, credential)
    else:
        _certificate_page(canvas, credential)
    canvas.save()
    return buffer.getvalue()


@cache
def _font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    folder = os.path.join(os.path.dirname(reportlab.__file__), "fonts")
    return ImageFont.truetype(os.path.join(folder, "VeraBd.ttf" if bold else "Vera.ttf"), size)


def _pil_fit(
    draw: ImageDraw.ImageDraw, text: str, bold: bool, size: int, width: int
) -> ImageFont.FreeTypeFont:
    while size > 14 and draw.textlength(text, font=_font(bold, size)) > width:
        size -= 2
    return _font(bold, size)


def render_card_png(credential: Credential) -> bytes:
    """The card's front as a 1012 x 638 PNG (ID-1 at 300 dpi), for a phone's screen or wallet."""
    w, h = 1012, 638
    image = Image.new("RGB", (w, h), "white")
    draw = ImageDraw.Draw(image)
    primary, ink, muted = "#0b5d4b", "#1b1f23", "#4a5560"
    draw.rectangle([0, 0, w, 150], fill=primary)
    issuer = credential.subject.get("organisation", credential.issuer_name)
    draw.text((40, 28), issuer, fill="white", font=_pil_fit(draw, issuer, True, 40, w - 80))
    draw.text(
        (40, 92),
        credential.title.upper(),
        fill="white",
        font=_pil_fit(draw, credential.title.upper(), False, 30, w - 80),
    )
    qr_size = 300
    text_width = w - qr_size - 100
    font = _pil_fit(draw, credential.holder_name, True, 44, text_width)
    draw.text((40, 180), credential.holder_name, fill=ink, font=font)
    y = 250
    rows = [*credential.fields[:3], {"label": _("Valid"), "value": _validity(credential)}]
    for field in rows:
        draw.text((40, y), str(field["label"]), fill=muted, font=_font(False, 22))
        draw.text(
            (40, y + 26),
            str(field["value"]),
            fill=ink,
            font=_pil_fit(draw, str(field["value"]), True, 30, text_width),
        )
        y += 80
    matrix = qr_matrix(verify_url(credential))
    module = qr_size // (len(matrix) + 4)
    left, top = w - qr_size - 30, h - qr_size - 60
    for r, cells in enumerate(matrix):
        for c, dark in enumerate(cells):
            if dark:
                x0, y0 = left + (c + 2) * module, top + (r + 2) * module
                draw.rectangle([x0, y0, x0 + module - 1, y0 + module - 1], fill=ink)
    number_font = _pil_fit(draw, credential.number, True, 26, qr_size + 20)
    draw.text((left + qr_size / 2, h - 40), credential.number, fill=ink, font=number_font, anchor="mm")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()


def pdf_filename(credential: Credential) -> str:
    return f"{slugify(credential.number) or credential.code}-{slugify(credential.holder_name)[:60]}.pdf"


def write_zip(credentials, target) -> int:
    """Write one PDF per credential into the ZIP file `target`; returns how many."""
    count = 0
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_STORED) as archive:
        for credential in credentials:
            archive.writestr(pdf_filename(credential), render_pdf(credential))
            count += 1
    return count


# Batches at least this large are rendered by several processes (PDF drawing is pure Python, one
# core per process); smaller ones, and tests, stay in this process.
PARALLEL_FROM = 200


def _render_processes() -> int:
    return max(1, getattr(settings, "SIMPUL_RENDER_PROCESSES", None) or os.cpu_count() or 1)


def _named_pdf(credential: Credential) -> tuple[str, bytes]:
    return pdf_filename(credential), render_pdf(credential)


def _rendered(credentials: list[Credential]):
    """(file name, PDF) for each credential, in order; in a pool of processes for a large batch.

    The pool forks (no re-import, the settings and language come along) after this process has
    closed its database connections, so no child holds a socket of the parent's; inside a
    transaction (tests run tasks at once) it stays in this process.
    """
    processes = _render_processes()
    if processes == 1 or len(credentials) < PARALLEL_FROM or connection.in_atomic_block:
        yield from map(_named_pdf, credentials)
        return
    db.connections.close_all()
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        yield from pool.imap(_named_pdf, credentials, chunksize=50)


def render_batch_archive(batch_id: int, progress_every: int = 100) -> CredentialBatch:
    """Render a batch's credentials into one ZIP in storage, recording progress as it goes.

    PDFs are already compressed, so the ZIP stores them as they are. Progress lives on the batch row
    (an atomic update, no lock held), so the progress page can read it while this runs. A large
    batch is drawn by a pool of processes (SIMPUL_RENDER_PROCESSES, default one per core).
    """
    batches = CredentialBatch.objects.filter(pk=batch_id)
    batches.update(status=BatchStatus.RUNNING, done=0, error="")
    batch = batches.get()
    credentials = list(Credential.objects.filter(batches=batch).select_related(None).order_by("number"))
    try:
        with tempfile.TemporaryFile() as handle:
            with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_STORED) as archive:
                for done, (name, pdf) in enumerate(_rendered(credentials), start=1):
                    archive.writestr(name, pdf)
                    if done % progress_every == 0:
                        batches.update(done=done)
            handle.seek(0)
            name = f"{slugify(batch.label)[:50] or 'batch'}-{batch.pk}.zip"
            batch.archive.save(name, File(handle), save=False)
        batches.update(
            archive=batch.archive.name, status=BatchStatus.DONE, done=batch.total, finished_at=timezone.now()
        )
    except Exception as error:  # the page must say the batch failed rather than spin forever
        batches.update(status=BatchStatus.FAILED, error=str(error)[:2000], finished_at=timezone.now())
        raise
    return batches.get()
