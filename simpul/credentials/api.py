"""GET /api/v1/credentials/{code}: public verification of a card or certificate (rate-limited)."""

import datetime

from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from . import selectors, services
from .ratelimit import allow_lookup

router = Router(tags=["credentials"])


class FieldOut(Schema):
    label: str
    value: str


class CredentialOut(Schema):
    code: str
    number: str
    kind: str
    title: str
    status: str
    holder_name: str
    issuer_name: str
    issuer_id: int
    fields: list[FieldOut]
    issued_at: datetime.datetime
    valid_from: datetime.date
    valid_until: datetime.date | None
    revoked_at: datetime.datetime | None
    revoke_reason: str
    signature_valid: bool
    replaced_by: str | None

    @staticmethod
    def resolve_signature_valid(obj) -> bool:
        return services.signature_is_valid(obj)

    @staticmethod
    def resolve_replaced_by(obj) -> str | None:
        return obj.replaced_by.code if obj.replaced_by_id else None


class ErrorOut(Schema):
    detail: str


@router.get(
    "/{code}",
    response={200: CredentialOut, 404: ErrorOut, 429: ErrorOut},
    summary="Verify a credential by its code",
    url_name="credential_detail",
)
def credential_detail(request, code: str):
    """Status (valid, revoked with its reason, expired), holder's name and what the credential says.
    Never personal data beyond the printed name. A forged code gets 404."""
    if not allow_lookup(request):
        raise HttpError(429, "Too many lookups from this address; wait a minute.")
    credential = selectors.credential_by_code(code)
    if credential is None:
        return Status(404, {"detail": "No credential has this code."})
    return credential
