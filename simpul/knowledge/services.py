"""Writes of the repository: collections, items, files, curation steps and the search index.

Every write runs in a transaction, leaves an audit entry and keeps the search index current in the
same transaction (the index lives in the same database: it commits, or rolls back, with the item).
Curation steps lock the item row first, so two reviewers (or a double click) cannot take the same
step twice; a step from the wrong state raises ValidationError with a message for the person.
"""

import hashlib
import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.core.audit import audit_record, snapshot

from .dates import parse_partial_date
from .indexing import item_reindex
from .models import DC, Collection, Element, Holder, Item, ItemFile, Status, TextStatus, Version
from .tasks import extract_text
from .uploads import checked_upload

ITEM_FIELDS = (
    "item_type",
    "title",
    "abstract",
    "date_issued",
    "language",
    "licence",
    "region",
    "organisation",
    "event",
    "access",
    "community",
    "consent_given_by",
    "consent_date",
    "consent_terms",
)


# --- Collections -------------------------------------------------------------------------------
@transaction.atomic
def collection_create(*, actor, name: str, slug: str, organisation, description: str = "") -> Collection:
    collection = Collection(name=name, slug=slug, organisation=organisation, description=description)
    collection.full_clean()
    collection.save()
    audit_record(actor=actor, action="knowledge.collection_create", instance=collection)
    return collection


# --- Items -------------------------------------------------------------------------------------
def _apply(item: Item, data: dict) -> None:
    for name in ITEM_FIELDS:
        if name in data:
            setattr(item, name, data[name])
    parsed = parse_partial_date(item.date_issued) if item.date_issued else None
    item.year = parsed[0] if parsed else None
    item.province_code = (item.region_id or "")[:2]


def _set_elements(item: Item, elements: dict[str, list[str]] | None) -> None:
    if elements is None:
        return
    Element.objects.filter(item=item).delete()
    rows = []
    for element in DC.values:
        for position, value in enumerate(v.strip() for v in elements.get(element, []) if v and v.strip()):
            rows.append(Element(item=item, element=element, value=value, position=position))
    Element.objects.bulk_create(rows)


def _set_holders(item: Item, holders: list[dict] | None) -> None:
    if holders is None:
        return
    Holder.objects.filter(item=item).delete()
    Holder.objects.bulk_create(
        Holder(
            item=item,
            name=h["name"].strip()[:200],
            role=(h.get("role") or "").strip()[:200],
            person=h.get("person"),
        )
        for h in holders
        if h.get("name", "").strip()
    )


def item_data(item: Item) -> dict:
    """What a version keeps: the item's metadata, Dublin Core values and holders, as JSON."""
    data = snapshot(item, fields=list(ITEM_FIELDS) + ["collection", "status", "year"])
    elements: dict[str, list[str]] = {}
    for e in item.elements.order_by("element", "position", "id"):
        elements.setdefault(e.element, []).append(e.value)
    data["elements"] = elements
    data["holders"] = [{"name": h.name, "role": h.role} for h in item.holders.all()]
    return data


def _keep_version(item: Item, *, actor, note: str) -> Version:
    number = (item.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    item.version = number
    Item.objects.filter(pk=item.pk).update(version=number)
    return Version.objects.create(
        item=item, number=number, data=item_data(item), note=note[:300], created_by=actor if actor else None
    )


@transaction.atomic
def item_create(
    *,
    actor,
    collection: Collection,
    data: dict,
    elements: dict[str, list[str]] | None = None,
    holders: list[dict] | None = None,
    deposit_key: str = "",
) -> Item:
    """A new draft in `collection`, deposited by `actor`. The same `deposit_key` twice gives the first item."""
    if deposit_key:
        existing = Item.objects.filter(deposit_key=deposit_key).first()
        if existing is not None:
            return existing
    if not collection.is_active:
        raise ValidationError({"collection": _("This collection no longer takes deposits.")})
    item = Item(collection=collection, depositor=actor if getattr(actor, "pk", None) else None)
    _apply(item, data)
    item.deposit_key = deposit_key or uuid.uuid4().hex
    item.full_clean()
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError:
        existing = Item.objects.filter(deposit_key=deposit_key).first()
        if existing is not None:
            return existing
        raise
    _set_elements(item, elements)
    _set_holders(item, holders)
    _keep_version(item, actor=actor, note=_("deposited"))
    audit_record(actor=actor, action="knowledge.item_create", instance=item)
    item_reindex(item.pk)
    return item


@transaction.atomic
def item_update(
    *,
    actor,
    item: Item,
    data: dict,
    elements: dict[str, list[str]] | None = None,
    holders: list[dict] | None = None,
    note: str = "",
) -> Item:
    """Change the metadata; a new version is kept. A published item's datestamp moves (harvesters see it)."""
    item = Item.objects.select_for_update().get(pk=item.pk)
    if item.status == Status.WITHDRAWN:
        raise ValidationError(_("A withdrawn item cannot be changed."))
    before = snapshot(item)
    _apply(item, data)
    if "collection" in data:
        item.collection = data["collection"]
    item.full_clean()
    if item.status == Status.PUBLISHED:
        item.datestamp = timezone.now()
    item.save()
    _set_elements(item, elements)
    _set_holders(item, holders)
    _keep_version(item, actor=actor, note=note or _("metadata edited"))
    audit_record(actor=actor, action="knowledge.item_update", instance=item, before=before)
    item_reindex(item.pk)
    return item


def _step(
    item: Item, *, actor, allowed_from: tuple[str, ...], to: str, action: str, note: str = "", **changes
) -> Item:
    item = Item.objects.select_for_update().get(pk=item.pk)
    if item.status not in allowed_from:
        raise ValidationError(
            _("This item is %(status)s; that step is not possible now.")
            % {"status": item.get_status_display()}
        )
    before = snapshot(item)
    item.status = to
    for name, value in changes.items():
        setattr(item, name, value)
    item.save()
    _keep_version(item, actor=actor, note=note or action)
    audit_record(actor=actor, action=f"knowledge.{action}", instance=item, before=before, note=note)
    return item


@transaction.atomic
def item_submit(*, actor, item: Item) -> Item:
    """Send a draft (or an item sent back) to the collection's curators."""
    return _step(
        item,
        actor=actor,
        allowed_from=(Status.DRAFT, Status.CHANGES_REQUESTED),
        to=Status.SUBMITTED,
        action="item_submit",
        note=_("submitted for review"),
    )


@transaction.atomic
def item_request_changes(*, actor, item: Item, note: str) -> Item:
    if not note.strip():
        raise ValidationError({"note": _("Tell the depositor what to change.")})
    return _step(
        item,
        actor=actor,
        allowed_from=(Status.SUBMITTED,),
        to=Status.CHANGES_REQUESTED,
        action="item_request_changes",
        note=note.strip(),
        review_note=note.strip(),
    )


@transaction.atomic
def item_publish(*, actor, item: Item, note: str = "") -> Item:
    now = timezone.now()
    item = _step(
        item,
        actor=actor,
        allowed_from=(Status.SUBMITTED,),
        to=Status.PUBLISHED,
        action="item_publish",
        note=note.strip() or _("published"),
        published_at=now,
        datestamp=now,
        review_note="",
    )
    item_reindex(item.pk)
    return item


@transaction.atomic
def item_withdraw(*, actor, item: Item, reason: str) -> Item:
    """Withdraw a published item: its page becomes a tombstone and harvesters get a deleted record."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the item is withdrawn; the tombstone page shows it.")})
    now = timezone.now()
    item = _step(
        item,
        actor=actor,
        allowed_from=(Status.PUBLISHED,),
        to=Status.WITHDRAWN,
        action="item_withdraw",
        note=reason.strip(),
        withdrawn_at=now,
        datestamp=now,
        withdrawal_reason=reason.strip()[:300],
    )
    item_reindex(item.pk)
    return item


def _file_snapshot(item_file: ItemFile) -> dict:
    return snapshot(item_file, fields=["item", "original_name", "kind", "content_type", "size", "sha256"])


# --- Files -------------------------------------------------------------------------------------
@transaction.atomic
def item_file_add(*, actor, item: Item, upload) -> ItemFile:
    """Attach a checked file (by content, size and type) with its SHA-256; a PDF's text is read in the background."""
    kind, content_type = checked_upload(upload)
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    item_file = ItemFile(
        item=item,
        original_name=(upload.name or "file")[-200:],
        kind=kind,
        content_type=content_type,
        size=upload.size,
        sha256=digest.hexdigest(),
        text_status=TextStatus.PENDING if content_type == "application/pdf" else TextStatus.NONE,
    )
    item_file.file.save(upload.name or "file", upload, save=False)
    item_file.save()
    audit_record(
        actor=actor, action="knowledge.file_add", instance=item_file, after=_file_snapshot(item_file)
    )
    if item_file.text_status == TextStatus.PENDING:
        # The task row commits with the file (database queue); a test's immediate backend runs it now.
        extract_text.enqueue(item_file.pk)
    return item_file


@transaction.atomic
def item_file_remove(*, actor, item_file: ItemFile) -> None:
    item_id = item_file.item_id
    audit_record(
        actor=actor,
        action="knowledge.file_remove",
        instance=item_file,
        before=_file_snapshot(item_file),
        after={},
    )
    item_file.file.delete(save=False)
    item_file.delete()
    item_reindex(item_id)


def new_deposit_key() -> str:
    """A key for one deposit form: the same form sent twice creates one item."""
    return uuid.uuid4().hex
