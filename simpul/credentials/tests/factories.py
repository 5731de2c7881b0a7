"""Credentials for tests, issued through the service (so numbered and signed)."""

import datetime

from simpul.credentials import services
from simpul.credentials.models import CredentialKind


def issue(holder, issuer, *, kind=CredentialKind.MEMBERSHIP_CARD, title="Kartu Tanda Anggota", **options):
    options.setdefault(
        "subject",
        {
            "organisation": "Ikatan Pustakawan Indonesia",
            "fields": [
                {"label": "Member number", "value": "33.11-000001"},
                {"label": "Member type", "value": "biasa"},
                {"label": "Chapter", "value": issuer.name},
            ],
        },
    )
    options.setdefault("valid_from", datetime.date(2025, 1, 1))
    options.setdefault("valid_until", datetime.date(2099, 12, 31))
    return services.credential_issue(
        actor=None, kind=kind, holder=holder, issuer=issuer, title=title, **options
    )
