"""/api/v1/certification/: the public register of valid competency certificates and their verification.

Only what the printed certificate shows: number, holder's printed name, scheme, units, dates. The signed
record itself verifies at /api/v1/credentials/{code}."""

import datetime
import json

from django.http import HttpResponse
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from . import selectors
from .answers import REGISTER, register_key
from .models import Certificate

router = Router(tags=["certification"])


class CertificateOut(Schema):
    number: str
    holder: str
    scheme_code: str
    scheme: str
    issued_on: datetime.date
    valid_until: datetime.date
    status: str
    verify_url: str
    code: str

    @staticmethod
    def resolve_holder(obj) -> str:
        return obj.holder_name

    @staticmethod
    def resolve_scheme_code(obj) -> str:
        return obj.scheme.code

    @staticmethod
    def resolve_scheme(obj) -> str:
        return obj.scheme.title

    @staticmethod
    def resolve_status(obj) -> str:
        if obj.revoked:
            return "revoked"
        return "valid" if obj.is_valid else "expired"

    @staticmethod
    def resolve_code(obj) -> str:
        return obj.credential.code

    @staticmethod
    def resolve_verify_url(obj) -> str:
        return f"/verify/{obj.credential.code}/"


class CertificateDetailOut(CertificateOut):
    units: list[str]
    kkni_level: int | None

    @staticmethod
    def resolve_units(obj) -> list[str]:
        return list(obj.credential.subject.get("units", []))

    @staticmethod
    def resolve_kkni_level(obj) -> int | None:
        return obj.scheme.kkni_level


class RegisterOut(Schema):
    items: list[CertificateOut]
    count: int
    count_exact: bool


@router.get(
    "/register",
    response=RegisterOut,
    summary="Search the register of valid certificates",
    url_name="certification_register",
)
def register(
    request,
    q: str = "",
    scheme: int | None = None,
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0),
):
    """Valid certificates (not revoked, not expired); `q` matches part of the name (one or two letters: the
    start of a word) or the exact number. `count` is exact up to 1,000 (`count_exact`). The answer is the
    same for everyone and is cached until a certificate or scheme changes (`answers.REGISTER`)."""
    q = q[:100]
    cache_key = register_key("api", q, scheme, limit, offset)
    body = REGISTER.answer(cache_key, lambda: _register_json(q, scheme, limit, offset))
    return HttpResponse(body, content_type="application/json; charset=utf-8")


def _register_json(q: str, scheme: int | None, limit: int, offset: int) -> bytes:
    """The answer's JSON, in RegisterOut's shape (fields in its order), built without a schema per row."""
    page = selectors.register_page(q, scheme, offset=offset, limit=limit)
    items = [
        {
            "number": row.number,
            "holder": row.holder,
            "scheme_code": row.scheme_code,
            "scheme": row.scheme,
            "issued_on": row.issued_on.isoformat(),
            "valid_until": row.valid_until.isoformat(),
            "status": "valid",  # the register holds valid certificates only
            "verify_url": f"/verify/{row.code}/",
            "code": row.code,
        }
        for row in page.rows
    ]
    return json.dumps({"items": items, "count": page.count, "count_exact": not page.capped}).encode()


@router.get(
    "/certificate",
    response=CertificateDetailOut,
    summary="Verify a certificate by its number",
    url_name="certification_certificate",
)
def certificate(request, number: str):
    """Any certificate by number, with its status (valid, expired or revoked); 404 for an unknown number."""
    found = (
        Certificate.objects.select_related("scheme", "credential")
        .filter(number=number[:80])
        .order_by("-id")
        .first()
    )
    if found is None:
        raise HttpError(404, "No certificate has this number.")
    return found
