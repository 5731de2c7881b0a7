import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from simpul.knowledge import services
from simpul.knowledge.models import Item, Status
from simpul.organisations.models import Kind, Role
from simpul.testing import factories

from . import factories as kf


def deposit_form(collection, **overrides):
    data = {
        "collection": collection.pk,
        "item_type": "paper",
        "title": "Perpustakaan desa sebagai pusat kegiatan",
        "abstract": "Ringkasan.",
        "date_issued": "2024",
        "language": "id",
        "licence": "cc-by-4.0",
        "access": "public",
        "dc_creator": "Rahayu, Sri\nHidayat, Agus",
        "dc_subject": "perpustakaan desa",
        "deposit_key": "form-1",
    }
    data.update(overrides)
    return data


def test_a_depositor_deposits_without_javascript_and_a_resend_makes_no_second_item(
    client, collection, depositor_user
):
    client.force_login(depositor_user)
    assert client.get(reverse("knowledge:item_create")).status_code == 200
    response = client.post(reverse("knowledge:item_create"), deposit_form(collection))
    item = Item.objects.get()
    assert response.status_code == 302 and response["Location"] == item.get_absolute_url()
    client.post(reverse("knowledge:item_create"), deposit_form(collection))
    assert Item.objects.count() == 1
    assert [e.value for e in item.elements.filter(element="creator")] == ["Rahayu, Sri", "Hidayat, Agus"]


def test_bad_input_is_answered_in_the_form_and_nothing_typed_is_lost(client, collection, depositor_user):
    client.force_login(depositor_user)
    response = client.post(
        reverse("knowledge:item_create"),
        deposit_form(collection, item_type="local_knowledge", date_issued="kemarin", access="community"),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Perpustakaan desa sebagai pusat kegiatan" in page
    assert "Hidayat, Agus" in page
    assert 'class="errorlist"' in page
    assert not Item.objects.exists()


def test_upload_of_a_fake_pdf_shows_a_message(client, collection, depositor_user):
    item = kf.item(actor=depositor_user, collection=collection)
    client.force_login(depositor_user)
    response = client.post(
        reverse("knowledge:file_add", args=[item.pk]),
        {"file": SimpleUploadedFile("x.pdf", b"<html></html>", "application/pdf")},
    )
    assert response.status_code == 200
    assert "x.pdf" in response.content.decode()
    assert not item.files.exists()


def test_the_whole_curation_flow_through_the_pages(client, collection, depositor_user, curator_user):
    item = kf.item(actor=depositor_user, collection=collection)
    client.force_login(depositor_user)
    client.post(reverse("knowledge:item_submit", args=[item.pk]))
    client.force_login(curator_user)
    queue = client.get(reverse("knowledge:review")).content.decode()
    assert item.title in queue
    client.post(reverse("knowledge:item_request_changes", args=[item.pk]), {"note": "Lengkapi abstrak."})
    item.refresh_from_db()
    assert item.status == Status.CHANGES_REQUESTED
    client.force_login(depositor_user)
    assert "Lengkapi abstrak." in client.get(item.get_absolute_url()).content.decode()
    client.post(reverse("knowledge:item_submit", args=[item.pk]))
    client.force_login(curator_user)
    client.post(reverse("knowledge:item_publish", args=[item.pk]))
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED
    client.post(reverse("knowledge:item_withdraw", args=[item.pk]), {"reason": "Hak cipta"})
    client.logout()
    tombstone = client.get(item.get_absolute_url())
    assert tombstone.status_code == 410
    assert "Hak cipta" in tombstone.content.decode()
    versions_page = client.get(reverse("knowledge:item_versions", args=[item.pk]))
    assert versions_page.status_code == 302  # sign in first


def test_a_depositor_cannot_publish_their_own_item(client, collection, depositor_user):
    item = kf.item(actor=depositor_user, collection=collection)
    services.item_submit(actor=depositor_user, item=item)
    client.force_login(depositor_user)
    assert client.post(reverse("knowledge:item_publish", args=[item.pk])).status_code == 404
    item.refresh_from_db()
    assert item.status == Status.SUBMITTED


def test_a_curator_of_another_organisation_cannot_review(client, collection, depositor_user, ipi):
    other = factories.OrganisationFactory(kind=Kind.ASSOCIATION, name="FPPTI")
    person = factories.PersonFactory(full_name="Kurator FPPTI", user__email="k2@example.org")
    factories.grant(person, Role.CURATOR, organisation=other)
    item = kf.item(actor=depositor_user, collection=collection)
    services.item_submit(actor=depositor_user, item=item)
    client.force_login(person.user)
    assert client.post(reverse("knowledge:item_publish", args=[item.pk])).status_code == 404
    assert item.title not in client.get(reverse("knowledge:review")).content.decode()


@pytest.mark.parametrize(("name", "inline"), [("foto.png", True), ("x.pdf", True)])
def test_files_are_served_with_nosniff_and_a_sandbox(
    client, collection, depositor_user, curator_user, name, inline
):
    item = kf.item(actor=depositor_user, collection=collection, publish_by=curator_user)
    data = kf.pdf_bytes("a") if name.endswith(".pdf") else b"\x89PNG\r\n\x1a\n" + b"\0" * 64
    item_file = services.item_file_add(actor=depositor_user, item=item, upload=SimpleUploadedFile(name, data))
    response = client.get(item_file.get_absolute_url())
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Content-Disposition"].startswith("inline")
    download = client.get(item_file.get_absolute_url() + "?download=1")
    assert download["Content-Disposition"].startswith("attachment")
    assert download["Content-Type"] == "application/octet-stream"


def test_a_withdrawn_items_files_are_gone_for_visitors(client, collection, depositor_user, curator_user):
    item = kf.item(actor=depositor_user, collection=collection, publish_by=curator_user)
    item_file = services.item_file_add(actor=depositor_user, item=item, upload=kf.pdf_upload("teks"))
    services.item_withdraw(actor=curator_user, item=item, reason="Ditarik")
    assert client.get(item_file.get_absolute_url()).status_code == 404


def test_api_item_and_search(client, collection, depositor_user, curator_user):
    item = kf.item(actor=depositor_user, collection=collection, publish_by=curator_user)
    detail = client.get(reverse("api:knowledge_item", kwargs={"item_id": item.pk})).json()
    assert detail["title"] == item.title
    assert detail["dublin_core"]["creator"] == ["Rahayu, Sri"]
    found = client.get(reverse("api:knowledge_search"), {"q": "lestari", "type": "paper"}).json()
    assert [i["id"] for i in found["items"]] == [item.pk]
    assert "<mark>pelestarian</mark>" in found["items"][0]["snippet"]
    assert client.get(reverse("api:knowledge_search"), {"q": "lestari", "type": "book"}).json()["count"] == 0
    assert client.get(reverse("api:knowledge_item", kwargs={"item_id": 999999})).status_code == 404
