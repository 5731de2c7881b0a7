"""Writes for association settings and the membership lifecycle. Each runs in a transaction, is
audited, keeps the chapter counters and records a history event.

What callers may rely on:
- a member number comes from the association's counter row, locked with SELECT ... FOR UPDATE, and a
  unique constraint (association, number) backs it: never a duplicate, also under concurrency;
- approving locks the membership row first, so approving twice (two officers, a double click)
  gives one number and one card: the second call returns the membership as the first left it;
- one live membership (pending, active, grace) per person and association, held by the database.
"""

import datetime
import string

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.core.audit import audit_record, has_changes, snapshot
from simpul.organisations.models import Kind, Organisation
from simpul.people.models import Person

from .. import cards
from ..models import (
    ApplicationDocument,
    AssociationSettings,
    ChapterCount,
    Membership,
    MembershipEvent,
    MembershipStatus,
    MemberType,
)
from ..uploads import checked_upload

S = MembershipStatus
MEMBERSHIP_FIELDS = ["person", "chapter", "member_type", "status", "number", "paid_until", "status_reason"]
# Changes an officer may make by hand (approval, rejection, transfer and renewal have their own services).
ALLOWED_CHANGES = {
    S.ACTIVE: {S.GRACE, S.EXPIRED, S.RESIGNED, S.ENDED},
    S.GRACE: {S.ACTIVE, S.EXPIRED, S.RESIGNED, S.ENDED},
    S.EXPIRED: {S.ACTIVE, S.ENDED},
    S.RESIGNED: {S.ACTIVE},
    S.ENDED: {S.ACTIVE},
}


def _association_of(organisation: Organisation) -> Organisation:
    if organisation.kind == Kind.ASSOCIATION:
        return organisation
    return Organisation.objects.get(pk=int(organisation.path.split("/", 1)[0]))


def _settings(association: Organisation) -> AssociationSettings:
    found, _created = AssociationSettings.objects.get_or_create(association=association)
    return found


def _count(chapter_id: int, old: str | None, new: str | None) -> None:
    """Move one membership between status counters of its chapter (an atomic UPDATE, no read)."""
    if old == new:
        return
    ChapterCount.objects.get_or_create(organisation_id=chapter_id)
    changes = {}
    if old:
        changes[old] = F(old) - 1
    if new:
        changes[new] = F(new) + 1
    ChapterCount.objects.filter(organisation_id=chapter_id).update(**changes)


def _event(membership, *, actor, kind, old_status="", reason="", from_chapter=None, to_chapter=None) -> None:
    MembershipEvent.objects.create(
        membership=membership,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        kind=kind,
        from_status=old_status,
        to_status=membership.status,
        from_chapter=from_chapter,
        to_chapter=to_chapter,
        reason=reason[:300],
    )


def _end_of_year(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 12, 31)


def _check_number_format(number_format: str) -> None:
    allowed = {"assoc", "province", "region", "year", "seq"}
    try:
        names = {n for _, n, _, _ in string.Formatter().parse(number_format) if n is not None}
        if not names <= allowed or "seq" not in names:
            raise ValueError
        number_format.format(assoc="IPI", province="33", region="3311", year=2025, seq=1)
    except (ValueError, KeyError, IndexError) as error:
        raise ValidationError(
            {
                "member_number_format": _(
                    "Use only {assoc}, {province}, {region}, {year} and {seq}; {seq} is required."
                )
            }
        ) from error


@transaction.atomic
def association_settings_update(*, actor, association: Organisation, **fields) -> AssociationSettings:
    """Fees, dues, grace period, member-number format, card title of one association."""
    if association.kind != Kind.ASSOCIATION:
        raise ValidationError(_("Settings belong to an association, not to a chapter."))
    found = _settings(association)
    found = AssociationSettings.objects.select_for_update().get(pk=found.pk)
    before = snapshot(found)
    if "member_number_format" in fields:
        _check_number_format(fields["member_number_format"])
    for name, value in fields.items():
        setattr(found, name, value)
    if not has_changes(before, found):
        return found  # nothing to save, nothing to audit
    found.full_clean()
    found.save()
    audit_record(actor=actor, action="association_settings.update", instance=found, before=before)
    return found


@transaction.atomic
def member_type_save(
    *,
    actor,
    association: Organisation,
    code: str,
    name: str,
    may_vote: bool = False,
    may_stand: bool = False,
    may_speak: bool = True,
    by_decision_only: bool = False,
    pays_dues: bool = True,
    order: int = 0,
) -> MemberType:
    """Create or change a member type (by its code) and its rights."""
    member_type = MemberType.objects.filter(association=association, code=code).first() or MemberType(
        association=association, code=code
    )
    before = snapshot(member_type) if member_type.pk else {}
    for key, value in {
        "name": name,
        "may_vote": may_vote,
        "may_stand": may_stand,
        "may_speak": may_speak,
        "by_decision_only": by_decision_only,
        "pays_dues": pays_dues,
        "order": order,
    }.items():
        setattr(member_type, key, value)
    member_type.full_clean()
    member_type.save()
    audit_record(actor=actor, action="member_type.save", instance=member_type, before=before)
    return member_type


def _next_number(association: Organisation, chapter: Organisation, year: int) -> str:
    """The next member number, from the association's counter row held locked until commit."""
    _settings(association)
    found = AssociationSettings.objects.select_for_update().get(association=association)
    seq = found.next_member_seq
    found.next_member_seq = seq + 1
    found.save(update_fields=["next_member_seq"])
    region = chapter.region_id or association.region_id or ""
    return found.member_number_format.format(
        assoc=association.short_name or association.pk,
        province=region[:2] or "00",
        region=region.replace(".", "") or "00",
        year=year,
        seq=seq,
    )


def _check_chapter(association: Organisation, chapter: Organisation) -> None:
    if chapter.kind not in (Kind.ASSOCIATION, Kind.CHAPTER) or not chapter.path.startswith(association.path):
        raise ValidationError({"chapter": _("Choose a chapter of this association.")})


@transaction.atomic
def membership_apply(
    *,
    actor,
    person: Person,
    chapter: Organisation,
    member_type: MemberType,
    statement: str = "",
    documents: list[tuple[str, object]] = (),
) -> Membership:
    """A person applies to a chapter, with supporting documents [(kind, uploaded file)], checked by content."""
    association = _association_of(chapter)
    _check_chapter(association, chapter)
    if member_type.association_id != association.pk or member_type.by_decision_only:
        raise ValidationError({"member_type": _("This member type cannot be applied for.")})
    if Membership.objects.filter(
        person=person, association=association, status__in=[S.PENDING, S.ACTIVE, S.GRACE]
    ).exists():
        raise ValidationError(_("You already have a membership or an application with this association."))
    checked = []
    for kind, upload in documents:
        try:
            checked.append((kind, upload, checked_upload(upload)))
        except ValidationError as error:
            raise ValidationError({"documents": error.messages}) from error
    membership = Membership(
        person=person,
        association=association,
        chapter=chapter,
        member_type=member_type,
        statement=statement,
        sort_name=person.full_name.lower()[:150],
    )
    membership.full_clean(exclude=["card"])
    membership.save()
    for kind, upload, content_type in checked:
        ApplicationDocument.objects.create(
            membership=membership,
            kind=kind,
            file=upload,
            original_name=upload.name[:200],
            content_type=content_type,
            size=upload.size,
        )
    _count(chapter.pk, None, S.PENDING)
    _event(membership, actor=actor, kind=MembershipEvent.Kind.APPLIED)
    audit_record(
        actor=actor,
        action="membership.apply",
        instance=membership,
        after=snapshot(membership, MEMBERSHIP_FIELDS),
    )
    return membership


def _lock(membership: Membership) -> Membership:
    # of=("self",): the card is a nullable join, and PostgreSQL cannot lock an outer join's null side.
    return (
        Membership.objects.select_for_update(of=("self",))
        .select_related("person", "association", "chapter", "member_type", "card")
        .get(pk=membership.pk)
    )


def _make_member(membership: Membership, *, actor, today: datetime.date, number: str = "") -> None:
    settings_ = _settings(membership.association)
    membership.number = number or _next_number(membership.association, membership.chapter, today.year)
    membership.joined_on = membership.joined_on or today
    if membership.member_type.pays_dues and not membership.paid_until:
        membership.paid_until = _end_of_year(today)
    membership.save()
    membership.card = cards.issue_card(actor=actor, membership=membership, settings_=settings_)
    membership.save(update_fields=["card"])


@transaction.atomic
def membership_approve(*, actor, membership: Membership) -> Membership:
    """Approve an application: a unique member number and a card (KTA). Idempotent: approving an
    approved membership returns it unchanged."""
    membership = _lock(membership)
    if membership.status != S.PENDING:
        if membership.status in (S.ACTIVE, S.GRACE):
            return membership
        raise ValidationError(_("Only a pending application can be approved."))
    before = snapshot(membership, MEMBERSHIP_FIELDS)
    membership.status = S.ACTIVE
    membership.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    membership.decided_at = timezone.now()
    _make_member(membership, actor=actor, today=timezone.localdate())
    _count(membership.chapter_id, S.PENDING, S.ACTIVE)
    _event(membership, actor=actor, kind=MembershipEvent.Kind.APPROVED, old_status=S.PENDING)
    audit_record(
        actor=actor,
        action="membership.approve",
        instance=membership,
        before=before,
        after=snapshot(membership, MEMBERSHIP_FIELDS),
    )
    return membership


@transaction.atomic
def membership_reject(*, actor, membership: Membership, reason: str) -> Membership:
    membership = _lock(membership)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the applicant a reason.")})
    if membership.status != S.PENDING:
        if membership.status == S.REJECTED:
            return membership
        raise ValidationError(_("Only a pending application can be rejected."))
    before = snapshot(membership, MEMBERSHIP_FIELDS)
    membership.status, membership.status_reason = S.REJECTED, reason[:300]
    membership.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    membership.decided_at = timezone.now()
    membership.save()
    _count(membership.chapter_id, S.PENDING, S.REJECTED)
    _event(membership, actor=actor, kind=MembershipEvent.Kind.REJECTED, old_status=S.PENDING, reason=reason)
    audit_record(
        actor=actor,
        action="membership.reject",
        instance=membership,
        before=before,
        after=snapshot(membership, MEMBERSHIP_FIELDS),
    )
    return membership


@transaction.atomic
def membership_change_status(*, actor, membership: Membership, status: str, reason: str) -> Membership:
    """Grace, expired, resigned, ended (the card is revoked with the reason) or back to active (a new card)."""
    membership = _lock(membership)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason for the change.")})
    old = membership.status
    if old == status:
        return membership
    if status not in ALLOWED_CHANGES.get(old, set()):
        raise ValidationError(
            {
                "status": _("A membership cannot go from %(old)s to %(new)s.")
                % {"old": S(old).label, "new": S(status).label}
            }
        )
    before = snapshot(membership, MEMBERSHIP_FIELDS)
    membership.status, membership.status_reason = status, reason[:300]
    membership.save()
    if status in (S.EXPIRED, S.RESIGNED, S.ENDED):
        cards.revoke_card(actor=actor, membership=membership, reason=f"{S(status).label}: {reason}")
    elif status == S.ACTIVE and (membership.card is None or membership.card.revoked_at):
        membership.card = cards.issue_card(
            actor=actor, membership=membership, settings_=_settings(membership.association)
        )
        membership.save(update_fields=["card"])
    _count(membership.chapter_id, old, status)
    _event(membership, actor=actor, kind=MembershipEvent.Kind.STATUS, old_status=old, reason=reason)
    audit_record(
        actor=actor,
        action="membership.status",
        instance=membership,
        before=before,
        after=snapshot(membership, MEMBERSHIP_FIELDS),
    )
    return membership


@transaction.atomic
def membership_renew(*, actor, membership: Membership, until: datetime.date, reason: str = "") -> Membership:
    """Dues paid through `until`: a lapsed (grace/expired) membership becomes active, the card is reissued
    with the new validity."""
    membership = _lock(membership)
    if membership.status not in (S.ACTIVE, S.GRACE, S.EXPIRED):
        raise ValidationError(_("Only a member (active, in grace or expired) can renew."))
    if membership.paid_until and until <= membership.paid_until:
        return membership
    before = snapshot(membership, MEMBERSHIP_FIELDS)
    old = membership.status
    membership.paid_until = until
    membership.status = S.ACTIVE
    membership.save()
    membership.card = cards.reissue_card(
        actor=actor,
        membership=membership,
        settings_=_settings(membership.association),
        reason=_("Renewed: replaced by a card with the new validity."),
    )
    membership.save(update_fields=["card"])
    _count(membership.chapter_id, old, S.ACTIVE)
    _event(
        membership,
        actor=actor,
        kind=MembershipEvent.Kind.RENEWED,
        old_status=old,
        reason=reason or _("Paid until %(date)s") % {"date": until.isoformat()},
    )
    audit_record(
        actor=actor,
        action="membership.renew",
        instance=membership,
        before=before,
        after=snapshot(membership, MEMBERSHIP_FIELDS),
    )
    return membership


@transaction.atomic
def membership_transfer(
    *, actor, membership: Membership, to_chapter: Organisation, reason: str
) -> Membership:
    """Move a membership to another chapter of the same association; the number stays, the card is reissued."""
    membership = _lock(membership)
    _check_chapter(membership.association, to_chapter)
    if to_chapter.pk == membership.chapter_id:
        return membership
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give a reason for the transfer.")})
    before = snapshot(membership, MEMBERSHIP_FIELDS)
    old_chapter = membership.chapter
    membership.chapter = to_chapter
    membership.save()
    _count(old_chapter.pk, membership.status, None)
    _count(to_chapter.pk, None, membership.status)
    if membership.is_member:
        membership.card = cards.reissue_card(
            actor=actor,
            membership=membership,
            settings_=_settings(membership.association),
            reason=_("Transferred to %(chapter)s: replaced by a new card.") % {"chapter": to_chapter.name},
        )
        membership.save(update_fields=["card"])
    _event(
        membership,
        actor=actor,
        kind=MembershipEvent.Kind.TRANSFERRED,
        old_status=membership.status,
        reason=reason,
        from_chapter=old_chapter,
        to_chapter=to_chapter,
    )
    audit_record(
        actor=actor,
        action="membership.transfer",
        instance=membership,
        before=before,
        after=snapshot(membership, MEMBERSHIP_FIELDS),
    )
    return membership


@transaction.atomic
def membership_grant_honorary(
    *, actor, person: Person, chapter: Organisation, member_type: MemberType, decision: str
) -> Membership:
    """Honorary membership by a recorded decision (e.g. an SK number): active at once, card without end date."""
    association = _association_of(chapter)
    _check_chapter(association, chapter)
    decision = (decision or "").strip()
    if not decision:
        raise ValidationError({"decision": _("Record the decision that grants honorary membership.")})
    if member_type.association_id != association.pk or not member_type.by_decision_only:
        raise ValidationError({"member_type": _("Choose a member type granted by decision.")})
    live = (
        Membership.objects.select_for_update()
        .filter(person=person, association=association, status__in=[S.PENDING, S.ACTIVE, S.GRACE])
        .first()
    )
    if live:
        raise ValidationError(
            _("This person already has a membership with this association; change its type instead.")
        )
    membership = Membership(
        person=person,
        association=association,
        chapter=chapter,
        member_type=member_type,
        status=S.ACTIVE,
        sort_name=person.full_name.lower()[:150],
        honorary_decision=decision[:200],
        decided_by=actor if getattr(actor, "is_authenticated", False) else None,
        decided_at=timezone.now(),
        number=_next_number(association, chapter, timezone.localdate().year),
        joined_on=timezone.localdate(),
    )
    membership.full_clean(exclude=["card"])
    membership.save()
    membership.card = cards.issue_card(actor=actor, membership=membership, settings_=_settings(association))
    membership.save(update_fields=["card"])
    _count(chapter.pk, None, S.ACTIVE)
    _event(membership, actor=actor, kind=MembershipEvent.Kind.HONORARY, reason=decision)
    audit_record(
        actor=actor,
        action="membership.honorary",
        instance=membership,
        after=snapshot(membership, MEMBERSHIP_FIELDS),
    )
    return membership


@transaction.atomic
def memberships_lapse(*, actor=None, today: datetime.date | None = None) -> dict[str, int]:
    """The daily sweep: dues lapsed -> grace; past the grace period -> expired (card revoked)."""
    today = today or timezone.localdate()
    moved = {"grace": 0, "expired": 0}
    for membership in Membership.objects.filter(
        status=S.ACTIVE, paid_until__lt=today, member_type__pays_dues=True
    ).iterator():
        membership_change_status(
            actor=actor, membership=membership, status=S.GRACE, reason=_("Dues not paid.")
        )
        moved["grace"] += 1
    for found in AssociationSettings.objects.all():
        limit = today - datetime.timedelta(days=found.grace_days)
        lapsed = Membership.objects.filter(
            association=found.association, status=S.GRACE, paid_until__lt=limit
        )
        for membership in lapsed.iterator():
            membership_change_status(
                actor=actor,
                membership=membership,
                status=S.EXPIRED,
                reason=_("Grace period over without dues."),
            )
            moved["expired"] += 1
    return moved
