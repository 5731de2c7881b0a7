"""Dues and joining fees: recorded per year with a proof upload, confirmed by an officer (who and when).
Confirming a year's dues renews the membership through the end of that year."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.core.audit import audit_record, snapshot

from ..models import DuesPayment, Membership, MembershipStatus
from ..uploads import checked_upload
from .memberships import membership_renew

FIELDS = ["membership", "kind", "year", "amount", "paid_on", "status", "confirmed_by", "confirmed_at", "note"]


@transaction.atomic
def dues_submit(
    *,
    actor,
    membership: Membership,
    year: int,
    amount,
    paid_on: datetime.date,
    proof=None,
    kind: str = DuesPayment.Kind.DUES,
    note: str = "",
) -> DuesPayment:
    """A member (or an officer for them) records a payment; the proof must be a real PDF, JPEG or PNG."""
    if membership.status not in (
        MembershipStatus.PENDING,
        MembershipStatus.ACTIVE,
        MembershipStatus.GRACE,
        MembershipStatus.EXPIRED,
    ):
        raise ValidationError(_("Dues cannot be paid for a membership that has ended."))
    if proof is not None:
        try:
            checked_upload(proof)
        except ValidationError as error:
            raise ValidationError({"proof": error.messages}) from error
    payment = DuesPayment(
        membership=membership,
        kind=kind,
        year=year,
        amount=amount,
        paid_on=paid_on,
        note=note,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if proof is not None:
        payment.proof = proof
    payment.full_clean(exclude=["proof"], validate_constraints=False)
    try:
        with transaction.atomic():
            payment.save()
    except IntegrityError as error:
        raise ValidationError({"year": _("A payment for this year is already recorded.")}) from error
    audit_record(actor=actor, action="dues.submit", instance=payment, after=snapshot(payment, FIELDS))
    return payment


@transaction.atomic
def dues_confirm(*, actor, payment: DuesPayment) -> DuesPayment:
    """An officer confirms the payment; annual dues renew the membership through 31 December of its year."""
    payment = DuesPayment.objects.select_for_update().select_related("membership").get(pk=payment.pk)
    if payment.status == DuesPayment.Status.CONFIRMED:
        return payment
    before = snapshot(payment, FIELDS)
    payment.status = DuesPayment.Status.CONFIRMED
    payment.confirmed_by = actor if getattr(actor, "is_authenticated", False) else None
    payment.confirmed_at = timezone.now()
    payment.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    membership = payment.membership
    if payment.kind == DuesPayment.Kind.DUES and membership.status in (
        MembershipStatus.ACTIVE,
        MembershipStatus.GRACE,
        MembershipStatus.EXPIRED,
    ):
        membership_renew(actor=actor, membership=membership, until=datetime.date(payment.year, 12, 31))
    audit_record(
        actor=actor, action="dues.confirm", instance=payment, before=before, after=snapshot(payment, FIELDS)
    )
    return payment


@transaction.atomic
def dues_reject(*, actor, payment: DuesPayment, note: str) -> DuesPayment:
    payment = DuesPayment.objects.select_for_update().get(pk=payment.pk)
    if not (note or "").strip():
        raise ValidationError({"note": _("Say why the payment is not accepted.")})
    if payment.status != DuesPayment.Status.SUBMITTED:
        raise ValidationError(_("Only a payment awaiting confirmation can be rejected."))
    before = snapshot(payment, FIELDS)
    payment.status, payment.note = DuesPayment.Status.REJECTED, note[:200]
    payment.confirmed_by = actor if getattr(actor, "is_authenticated", False) else None
    payment.confirmed_at = timezone.now()
    payment.save(update_fields=["status", "note", "confirmed_by", "confirmed_at"])
    audit_record(
        actor=actor, action="dues.reject", instance=payment, before=before, after=snapshot(payment, FIELDS)
    )
    return payment
