"""Repository uploads checked by what they contain, not by their name or the browser's claim.

Accepted: PDF, JPEG, PNG, GIF, WebP, MP3, Ogg, WAV, FLAC, M4A/MP4, WebM/Matroska. Anything else
(HTML, SVG, scripts, office files...) is refused; a renamed HTML file is not a PDF.
"""

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .models import FileKind

# Default 100 MB: recordings of local knowledge are large. SIMPUL_KNOWLEDGE_UPLOAD_MAX_BYTES overrides.
DEFAULT_LIMIT = 100 * 1024 * 1024


def upload_limit() -> int:
    return int(
        getattr(settings, "SIMPUL_KNOWLEDGE_UPLOAD_MAX_BYTES", None)
        or os.environ.get("SIMPUL_KNOWLEDGE_UPLOAD_MAX_BYTES")
        or DEFAULT_LIMIT
    )


def sniff(head: bytes) -> tuple[str, str] | None:
    """(kind, content type) recognised from the first bytes of a file, or None."""
    if head.startswith(b"%PDF-"):
        return FileKind.PDF, "application/pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return FileKind.IMAGE, "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return FileKind.IMAGE, "image/png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return FileKind.IMAGE, "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return FileKind.IMAGE, "image/webp"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return FileKind.AUDIO, "audio/wav"
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return FileKind.AUDIO, "audio/mpeg"
    if head.startswith(b"OggS"):
        return FileKind.AUDIO, "audio/ogg"
    if head.startswith(b"fLaC"):
        return FileKind.AUDIO, "audio/flac"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"M4A ", b"M4B "):
            return FileKind.AUDIO, "audio/mp4"
        return FileKind.VIDEO, "video/mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return FileKind.VIDEO, "video/webm"
    return None


def checked_upload(upload) -> tuple[str, str]:
    """(kind, content type) of `upload` when it is an accepted file under the limit; else ValidationError."""
    limit = upload_limit()
    if upload.size > limit:
        raise ValidationError(
            _("%(name)s is %(size)s; the limit is %(limit)s.")
            % {"name": upload.name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )
    if upload.size == 0:
        raise ValidationError(_("%(name)s is empty.") % {"name": upload.name})
    upload.seek(0)
    head = upload.read(32)
    upload.seek(0)
    found = sniff(head)
    if found is None:
        raise ValidationError(
            _("%(name)s is not a PDF, image (JPEG, PNG, GIF, WebP), audio or video file.")
            % {"name": upload.name}
        )
    if found[1] == "application/pdf":
        upload.seek(max(0, upload.size - 2048))
        tail = upload.read()
        upload.seek(0)
        if b"%%EOF" not in tail:
            raise ValidationError(_("%(name)s is not a complete PDF file.") % {"name": upload.name})
    return found


# Types a browser may show inline; everything else is sent as a download (never SVG or HTML inline).
INLINE_TYPES = frozenset(
    {
        "application/pdf",
        "image/jpeg",
        "image/png",
        "image/gif",
        "image/webp",
        "audio/mpeg",
        "audio/ogg",
        "audio/wav",
        "audio/flac",
        "audio/mp4",
        "video/mp4",
        "video/webm",
    }
)
