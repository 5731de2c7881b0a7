"""Test data for the repository, made through its services (so versions and the index are real)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from reportlab.pdfgen import canvas

from simpul.knowledge import services
from simpul.knowledge.models import Access, ItemType
from simpul.knowledge.permissions import items_visible_to, search_reader
from simpul.knowledge.selectors import SearchFilter, search_results


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


def search(user, **params):
    """What a search by `user` finds, as the search page and the API read it: the `Results` (total,
    facets, page ids) and the page's items in their order."""
    visible = items_visible_to(user)
    f = SearchFilter.from_params(params)
    results = search_results(
        lambda: visible,
        search_reader(user),
        f,
        offset=int(params.get("offset", 0)),
        limit=int(params.get("limit", 100)),
        public=not getattr(user, "is_authenticated", False),
    )
    by_id = visible.in_bulk(results.ids)
    return results, [by_id[pk] for pk in results.ids]


def found(user, **params) -> list:
    """The items a search by `user` finds, in the order shown (`params` as the search page reads them)."""
    return search(user, **params)[1]
