"""Uploads checked by what they contain, not by their name: a real PDF, JPEG or PNG within the size limit."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

SIGNATURES = {b"%PDF-": "application/pdf", b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}


def checked_upload(upload) -> str:
    """The content type of `upload` when it is a real PDF, JPEG or PNG under the limit; else ValidationError."""
    limit = settings.SIMPUL_UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("%(name)s is %(size)s; the limit is %(limit)s.")
            % {"name": upload.name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = next((kind for magic, kind in SIGNATURES.items() if head.startswith(magic)), None)
    if content_type is None:
        raise ValidationError(_("%(name)s is not a PDF, JPEG or PNG file.") % {"name": upload.name})
    if content_type == "application/pdf":
        upload.seek(max(0, upload.size - 2048))
        tail = upload.read()
        upload.seek(0)
        if b"%%EOF" not in tail:
            raise ValidationError(_("%(name)s is not a complete PDF file.") % {"name": upload.name})
    else:
        try:
            with Image.open(upload) as image:
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError) as error:
            raise ValidationError(_("%(name)s is not a readable image.") % {"name": upload.name}) from error
        finally:
            upload.seek(0)
    return content_type
