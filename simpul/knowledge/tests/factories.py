"""Test data for the repository, made through its services (so versions and the index are real)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from reportlab.pdfgen import canvas

from simpul.knowledge import services
from simpul.knowledge.models import Access, ItemType


def pdf_bytes(*lines: str) -> bytes:
    """A real PDF whose pages hold `lines` as text (pypdf reads it back)."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    y = 800
    for line in lines:
        pdf.drawString(40, y, line)
        y -= 20
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def pdf_upload(*lines: str, name: str = "makalah.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(*lines), content_type="application/pdf")


def item(
    *,
    actor,
    collection,
    title: str = "Pelestarian naskah kuno di perpustakaan desa",
    item_type: str = ItemType.PAPER,
    access: str = Access.PUBLIC,
    publish_by=None,
    elements: dict | None = None,
    **data,
):
    """An item (published by `publish_by` when given) with sensible defaults."""
    values = {
        "item_type": item_type,
        "title": title,
        "abstract": data.pop("abstract", "Makalah tentang pelestarian koleksi."),
        "date_issued": data.pop("date_issued", "2017-10-12"),
        "language": data.pop("language", "id"),
        "licence": data.pop("licence", "cc-by-4.0"),
        "access": access,
        **data,
    }
    if item_type == ItemType.LOCAL_KNOWLEDGE:
        values.setdefault("consent_given_by", "Ketua adat")
        values.setdefault("consent_date", "2024-05-01")
        values.setdefault("consent_terms", "Boleh dibaca untuk pendidikan.")
    made = services.item_create(
        actor=actor,
        collection=collection,
        data=values,
        elements=elements or {"creator": ["Rahayu, Sri"], "subject": ["pelestarian"]},
    )
    if publish_by is not None:
        services.item_submit(actor=actor, item=made)
        made = services.item_publish(actor=publish_by, item=made)
    return made
