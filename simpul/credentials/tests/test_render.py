import io

import pytest
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


@pytest.mark.django_db(transaction=True)
def test_a_large_batch_is_drawn_by_several_processes_in_order(monkeypatch, settings, regions, ipi):
    import zipfile

    from simpul.credentials.models import CredentialBatch
    from simpul.testing import factories

    from .factories import issue

    monkeypatch.setattr(render, "PARALLEL_FROM", 3)
    settings.SIMPUL_RENDER_PROCESSES = 2
    cards = [issue(factories.PersonFactory(), ipi["sukoharjo"]) for _ in range(4)]
    batch = CredentialBatch.objects.create(issuer=ipi["sukoharjo"], label="Four", total=4)
    batch.credentials.set(cards)
    done = render.render_batch_archive(batch.pk)
    assert done.status == "done" and done.done == 4
    with done.archive.open("rb") as handle, zipfile.ZipFile(handle) as archive:
        names = archive.namelist()
        assert names == [render.pdf_filename(c) for c in sorted(cards, key=lambda c: c.number)]
        assert all(archive.read(n).startswith(b"%PDF") for n in names)
