"""The one door from associations to the credentials engine (membership cards, KTA)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.credentials import services as credential_services

MEMBERSHIP_CARD = "membership_card"


def card_source(membership) -> str:
    return f"associations.membership:{membership.pk}"


def card_subject(membership) -> dict:
    return {
        "organisation": membership.association.name,
        "fields": [
            {"label": _("Member number"), "value": membership.number},
            {"label": _("Member type"), "value": membership.member_type.name},
            {"label": _("Chapter"), "value": membership.chapter.name},
        ],
    }


def issue_card(*, actor, membership, settings_):
    """Issue (or return the live) card of a membership; valid until the dues are paid (honorary: open)."""
    return credential_services.credential_issue(
        actor=actor,
        kind=MEMBERSHIP_CARD,
        holder=membership.person,
        issuer=membership.chapter,
        title=settings_.card_title,
        subject=card_subject(membership),
        valid_from=timezone.localdate(),
        valid_until=membership.paid_until if membership.member_type.pays_dues else None,
        source=card_source(membership),
    )


def reissue_card(*, actor, membership, settings_, reason: str):
    """A new card for changed data (chapter, validity, name); the old card is revoked with `reason`."""
    if membership.card is None or membership.card.revoked_at:
        return issue_card(actor=actor, membership=membership, settings_=settings_)
    return credential_services.credential_reissue(
        actor=actor,
        credential=membership.card,
        reason=reason,
        title=settings_.card_title,
        subject=card_subject(membership),
        valid_until=membership.paid_until if membership.member_type.pays_dues else None,
        issuer=membership.chapter,
    )


def revoke_card(*, actor, membership, reason: str) -> None:
    if membership.card is not None and not membership.card.revoked_at:
        credential_services.credential_revoke(
            actor=actor, credential=membership.card, reason=reason or _("Membership ended.")
        )


def issue_cards_many(*, actor, memberships, settings_, issuer):
    """Cards for many memberships of one chapter at once (imports, the generator's bench)."""
    items = [
        {
            "holder": m.person,
            "subject": card_subject(m),
            "source": card_source(m),
            "valid_until": m.paid_until if m.member_type.pays_dues else None,
        }
        for m in memberships
    ]
    return credential_services.credential_issue_many(
        actor=actor, kind=MEMBERSHIP_CARD, issuer=issuer, title=settings_.card_title, items=items
    )


def batch_render(*, actor, issuer, label: str, cards):
    return credential_services.credential_batch_create(
        actor=actor, issuer=issuer, label=label, credentials=cards
    )
