import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from simpul.knowledge import services
from simpul.knowledge.models import ItemFile

from . import factories as kf


@pytest.fixture
def draft(collection, depositor_user):
    return kf.item(actor=depositor_user, collection=collection)


def test_a_renamed_html_file_is_not_a_pdf(draft, depositor_user):
    upload = SimpleUploadedFile("makalah.pdf", b"<html><script>alert(1)</script></html>", "application/pdf")
    with pytest.raises(ValidationError) as error:
        services.item_file_add(actor=depositor_user, item=draft, upload=upload)
    assert "makalah.pdf" in error.value.messages[0]
    assert not ItemFile.objects.exists()


def test_an_svg_is_refused(draft, depositor_user):
    upload = SimpleUploadedFile(
        "peta.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>', "image/svg+xml"
    )
    with pytest.raises(ValidationError):
        services.item_file_add(actor=depositor_user, item=draft, upload=upload)


def test_a_truncated_pdf_is_refused(draft, depositor_user):
    upload = SimpleUploadedFile("setengah.pdf", kf.pdf_bytes("teks")[:300], "application/pdf")
    with pytest.raises(ValidationError):
        services.item_file_add(actor=depositor_user, item=draft, upload=upload)


@override_settings(SIMPUL_KNOWLEDGE_UPLOAD_MAX_BYTES=1000)
def test_a_file_over_the_limit_is_refused(draft, depositor_user):
    with pytest.raises(ValidationError) as error:
        services.item_file_add(actor=depositor_user, item=draft, upload=kf.pdf_upload("x" * 50))
    assert "limit" in error.value.messages[0] or "batas" in error.value.messages[0]


@pytest.mark.parametrize(
    ("head", "kind", "content_type"),
    [
        (b"\xff\xd8\xff\xe0" + b"\0" * 40, "image", "image/jpeg"),
        (b"ID3\x03\x00" + b"\0" * 40, "audio", "audio/mpeg"),
        (b"\0\0\0\x18ftypmp42" + b"\0" * 40, "video", "video/mp4"),
        (b"OggS" + b"\0" * 40, "audio", "audio/ogg"),
    ],
)
def test_images_audio_and_video_are_recognised_by_content(draft, depositor_user, head, kind, content_type):
    item_file = services.item_file_add(
        actor=depositor_user,
        item=draft,
        upload=SimpleUploadedFile("file.bin", head, "application/octet-stream"),
    )
    assert (item_file.kind, item_file.content_type) == (kind, content_type)
