"""/api/v1/certification/: the public register of valid competency certificates and their verification.

Only what the printed certificate shows: number, holder's printed name, scheme, units, dates. The signed
record itself verifies at /api/v1/credentials/{code}."""

import datetime

from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from simpul.core.pagination import BoundedLimitOffsetPagination

from . import selectors
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


@router.get(
    "/register",
    response=list[CertificateOut],
    summary="Search the register of valid certificates",
    url_name="certification_register",
)
@paginate(BoundedLimitOffsetPagination)
def register(request, q: str = "", scheme: int | None = None):
    """Valid certificates (not revoked, not expired); `q` matches part of the name or the exact number."""
    return selectors.register_search(q[:100], scheme)


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
