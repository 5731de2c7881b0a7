"""Keeping the search index current: one item after a write, or every item after a bulk load."""

from django.db import transaction

from . import search
from .models import Item, ItemFile, SearchDocument, TextStatus
from .pdftext import pdf_text


def document_body(item: Item) -> str:
    """The stemmed text the index holds for `item`: metadata, holders and the text of its files."""
    parts = [item.title, item.abstract, item.collection.name, item.get_item_type_display()]
    if item.region_id:
        parts.append(item.region.name)
    parts.extend(item.elements.values_list("value", flat=True))
    parts.extend(item.holders.values_list("name", flat=True))
    parts.extend(item.files.exclude(extracted_text="").values_list("extracted_text", flat=True))
    return search.stem_text("\n".join(str(p) for p in parts if p))


def item_reindex(item_id: int) -> None:
    """Bring the search index of one item up to date (called after every write that changes it)."""
    item = Item.objects.select_related("collection", "region").filter(pk=item_id).first()
    backend = search.backend()
    with transaction.atomic():
        if item is None:
            SearchDocument.objects.filter(item_id=item_id).delete()
            backend.delete([item_id])
            return
        body = document_body(item)
        SearchDocument.objects.update_or_create(item_id=item_id, defaults={"body": body})
        backend.write([(item_id, body)])


def file_extract_text(file_id: int) -> str:
    """Read the text of a PDF (pypdf) into the file row and reindex its item; returns the new text status."""
    item_file = ItemFile.objects.filter(pk=file_id).first()
    if item_file is None:
        return "missing"
    try:
        with item_file.file.open("rb") as handle:
            text = pdf_text(handle)
        status = TextStatus.DONE
    except Exception:  # noqa: BLE001  (a broken PDF is a status to show, not a crash of the worker)
        text, status = "", TextStatus.FAILED
    ItemFile.objects.filter(pk=file_id).update(extracted_text=text, text_status=status)
    item_reindex(item_file.item_id)
    return status


def reindex_all(batch: int = 2000, log=None) -> int:
    """Rebuild every search document from the items (after a bulk load or a change of stemmer)."""
    count = 0
    ids = list(Item.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        for pk in ids[start : start + batch]:
            item_reindex(pk)
            count += 1
        if log:
            log(f"indexed {count}/{len(ids)}")
    return count
