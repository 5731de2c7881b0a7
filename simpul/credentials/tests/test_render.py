import io

from PIL import Image
from pypdf import PdfReader

from simpul.credentials import render


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_card_pdf_is_id1_sized_with_the_name_number_and_verify_address(card):
    pdf = render.render_pdf(card)
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    assert round(float(box.width) / 72 * 25.4, 1) == 85.6
    text = _text(pdf)
    assert "Dr. Ir. Hj. Sitti Rohmi Djalilah, M.Pd" in text
    assert card.number in text
    assert f"/verify/{card.code}/" in text


def test_certificate_pdf_is_a4_landscape_with_name_title_and_number(certificate):
    pdf = render.render_pdf(certificate)
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)
    text = _text(pdf)
    assert "Dr. Ir. Hj. Sitti Rohmi Djalilah, M.Pd" in text
    assert "Rakerpus XXIV" in text and certificate.number in text


def test_card_image_for_phones_is_a_png(card):
    image = Image.open(io.BytesIO(render.render_card_png(card)))
    assert image.format == "PNG" and image.size == (1012, 638)


def test_qr_code_holds_the_absolute_verify_address(card, settings):
    settings.SIMPUL_PUBLIC_URL = "https://simpul.example"
    assert render.verify_url(card) == f"https://simpul.example/verify/{card.code}/"
    assert len(render.qr_matrix(render.verify_url(card))) >= 21
