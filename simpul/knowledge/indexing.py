"""Keeping the search index current: one item after a write, or every item after a bulk load."""

from collections import Counter

from django.db import connection, transaction
from django.db.models import F

from . import answers, search
from .models import (
    Access,
    FacetCount,
    FacetEntry,
    Item,
    ItemFile,
    SearchDocument,
    Status,
    TextStatus,
)
from .pdftext import pdf_text

# The facets counted in FacetCount, and the FacetEntry column each reads.
FACET_FIELDS = {
    "type": "item_type",
    "year": "year",
    "region": "province_code",
    "collection": "collection_id",
    "language": "language",
    "licence": "licence",
}
TOTAL = ("total", "")


def search_changed() -> None:
    """Every cached search answer is out of date once the caller's transaction commits (and not before)."""
    answers.SEARCH.changed()


def _counted_values(entry: dict | None) -> list[tuple[str, str]]:
    """The (facet, value) pairs an entry is counted under, the total included; none for no entry."""
    if entry is None:
        return []
    pairs = [TOTAL]
    for facet, column in FACET_FIELDS.items():
        value = entry[column]
        if value not in (None, ""):
            pairs.append((facet, str(value)))
    return pairs


def _facet_entry(item: Item | None) -> dict | None:
    """What `item` is counted under: its facet values when it is public and published, else None."""
    if item is None or item.status != Status.PUBLISHED or item.access != Access.PUBLIC:
        return None
    return {column: getattr(item, column) for column in FACET_FIELDS.values()}


def _facet_entry_update(item_id: int, item: Item | None) -> None:
    """Move the item's counts in FacetCount from what it was counted under to what it is now."""
    old = (
        FacetEntry.objects.select_for_update().filter(item_id=item_id).values(*FACET_FIELDS.values()).first()
    )
    new = _facet_entry(item)
    if old == new:
        return
    delta = Counter(_counted_values(new))
    delta.subtract(_counted_values(old))
    for (facet, value), change in sorted(delta.items()):
        if not change:
            continue
        FacetCount.objects.get_or_create(facet=facet, value=value)
        FacetCount.objects.filter(facet=facet, value=value).update(count=F("count") + change)
    if new is None:
        FacetEntry.objects.filter(item_id=item_id).delete()
    else:
        FacetEntry.objects.update_or_create(item_id=item_id, defaults=new)


def facet_counts_recount() -> dict[tuple[str, str], int]:
    """The facet counts of public, published items counted from the items themselves (the check)."""
    counts: Counter = Counter()
    rows = Item.objects.filter(status=Status.PUBLISHED, access=Access.PUBLIC).values(*FACET_FIELDS.values())
    for row in rows.iterator(chunk_size=5000):
        counts.update(_counted_values(row))
    return dict(counts)


def facet_counts_stored() -> dict[tuple[str, str], int]:
    return {(f, v): n for f, v, n in FacetCount.objects.values_list("facet", "value", "count") if n}


def facet_counts_check() -> bool:
    """Do the pre-counted facets equal a recount?"""
    return facet_counts_stored() == facet_counts_recount()


def facet_counts_rebuild() -> None:
    """Recount FacetEntry and FacetCount from the items (after a bulk load that bypassed the services)."""
    with transaction.atomic(), connection.cursor() as cursor:
        for sql in REBUILD_SQL:
            cursor.execute(sql)
        search_changed()


# The same statements as migration 0003's backfill (SQL both PostgreSQL and SQLite read).
REBUILD_SQL = [
    "DELETE FROM knowledge_facetcount",
    "DELETE FROM knowledge_facetentry",
    "INSERT INTO knowledge_facetentry (item_id, item_type, year, province_code, collection_id, language, licence)"
    " SELECT id, item_type, year, province_code, collection_id, language, licence FROM knowledge_item"
    " WHERE status = 'published' AND access = 'public'",
    "INSERT INTO knowledge_facetcount (facet, value, count)"
    " SELECT 'total', '', COUNT(*) FROM knowledge_facetentry"
    " UNION ALL SELECT 'type', item_type, COUNT(*) FROM knowledge_facetentry GROUP BY item_type"
    " UNION ALL SELECT 'year', CAST(year AS TEXT), COUNT(*) FROM knowledge_facetentry"
    " WHERE year IS NOT NULL GROUP BY year"
    " UNION ALL SELECT 'region', province_code, COUNT(*) FROM knowledge_facetentry"
    " WHERE province_code <> '' GROUP BY province_code"
    " UNION ALL SELECT 'collection', CAST(collection_id AS TEXT), COUNT(*) FROM knowledge_facetentry"
    " GROUP BY collection_id"
    " UNION ALL SELECT 'language', language, COUNT(*) FROM knowledge_facetentry"
    " WHERE language <> '' GROUP BY language"
    " UNION ALL SELECT 'licence', licence, COUNT(*) FROM knowledge_facetentry"
    " WHERE licence <> '' GROUP BY licence",
]


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
        search_changed()
        _facet_entry_update(item_id, item)
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
    # The engine's own structures made again in bulk from the new documents (on PostgreSQL this also
    # chooses the head terms anew).
    with transaction.atomic():
        search.backend().rebuild()
    return count
