import hashlib

import pytest
from django.core.exceptions import ValidationError

from simpul.core.models import AuditEntry
from simpul.knowledge import services
from simpul.knowledge.models import Access, Item, ItemType, Status, TextStatus, Version

from . import factories as kf


def test_an_item_keeps_repeatable_dublin_core_values_in_order(collection, depositor_user):
    item = kf.item(
        actor=depositor_user,
        collection=collection,
        elements={"creator": ["Rahayu, Sri", "Hidayat, Agus"], "subject": ["naskah", "pelestarian"]},
    )
    assert [e.value for e in item.elements.filter(element="creator")] == ["Rahayu, Sri", "Hidayat, Agus"]
    assert item.year == 2017
    assert item.status == Status.DRAFT


def test_the_same_deposit_form_sent_twice_creates_one_item(collection, depositor_user):
    data = {"item_type": ItemType.PAPER, "title": "Satu kali", "access": Access.PUBLIC}
    first = services.item_create(actor=depositor_user, collection=collection, data=data, deposit_key="k1")
    second = services.item_create(actor=depositor_user, collection=collection, data=data, deposit_key="k1")
    assert first.pk == second.pk
    assert Item.objects.filter(title="Satu kali").count() == 1


def test_local_knowledge_needs_recorded_consent(collection, depositor_user):
    with pytest.raises(ValidationError) as error:
        services.item_create(
            actor=depositor_user,
            collection=collection,
            data={"item_type": ItemType.LOCAL_KNOWLEDGE, "title": "Palang pintu", "access": Access.PUBLIC},
        )
    assert {"consent_given_by", "consent_date", "consent_terms"} <= set(error.value.message_dict)


def test_community_access_must_name_the_community(collection, depositor_user):
    with pytest.raises(ValidationError) as error:
        kf.item(actor=depositor_user, collection=collection, access=Access.COMMUNITY)
    assert "community" in error.value.message_dict


def test_a_bad_date_is_refused_with_a_message(collection, depositor_user):
    with pytest.raises(ValidationError) as error:
        kf.item(actor=depositor_user, collection=collection, date_issued="12-10-2017")
    assert "date_issued" in error.value.message_dict


def test_curation_keeps_a_version_for_every_step(collection, depositor_user, curator_user):
    item = kf.item(actor=depositor_user, collection=collection)
    services.item_submit(actor=depositor_user, item=item)
    services.item_request_changes(actor=curator_user, item=item, note="Tambahkan abstrak bahasa Inggris.")
    item.refresh_from_db()
    assert item.status == Status.CHANGES_REQUESTED
    assert item.review_note == "Tambahkan abstrak bahasa Inggris."
    services.item_update(actor=depositor_user, item=item, data={"abstract": "Abstract in English."})
    services.item_submit(actor=depositor_user, item=item)
    services.item_publish(actor=curator_user, item=item)
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED
    assert item.published_at is not None
    versions = list(Version.objects.filter(item=item).order_by("number"))
    assert [v.number for v in versions] == [1, 2, 3, 4, 5, 6]
    assert versions[0].data["abstract"] == "Makalah tentang pelestarian koleksi."
    assert versions[-1].data["abstract"] == "Abstract in English."
    assert AuditEntry.objects.filter(action="knowledge.item_publish", object_id=str(item.pk)).exists()


def test_a_step_cannot_be_taken_twice(collection, depositor_user, curator_user):
    item = kf.item(actor=depositor_user, collection=collection, publish_by=curator_user)
    with pytest.raises(ValidationError):
        services.item_publish(actor=curator_user, item=item)


def test_request_changes_needs_a_note(collection, depositor_user, curator_user):
    item = kf.item(actor=depositor_user, collection=collection)
    services.item_submit(actor=depositor_user, item=item)
    with pytest.raises(ValidationError):
        services.item_request_changes(actor=curator_user, item=item, note="  ")


def test_withdrawing_moves_the_datestamp_and_blocks_edits(collection, depositor_user, curator_user):
    item = kf.item(actor=depositor_user, collection=collection, publish_by=curator_user)
    stamp = item.datestamp
    withdrawn = services.item_withdraw(actor=curator_user, item=item, reason="Permintaan penulis")
    assert withdrawn.status == Status.WITHDRAWN
    assert withdrawn.datestamp >= stamp
    with pytest.raises(ValidationError):
        services.item_update(actor=curator_user, item=withdrawn, data={"title": "Baru"})


def test_a_pdf_gets_its_checksum_size_and_extracted_text(collection, depositor_user):
    item = kf.item(actor=depositor_user, collection=collection)
    upload = kf.pdf_upload("Gotong royong membangun taman bacaan masyarakat")
    content = upload.read()
    upload.seek(0)
    item_file = services.item_file_add(actor=depositor_user, item=item, upload=upload)
    item_file.refresh_from_db()
    assert item_file.sha256 == hashlib.sha256(content).hexdigest()
    assert item_file.size == len(content)
    assert item_file.kind == "pdf"
    assert item_file.text_status == TextStatus.DONE
    assert "taman bacaan" in item_file.extracted_text
