"""Training programmes: batches (events), quotas per province, nominations by library offices, scores."""

import decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.text import slugify
from django.utils.translation import gettext as _

from simpul.core.audit import audit_record, snapshot
from simpul.organisations.models import Organisation
from simpul.people.models import Person
from simpul.regions.models import Region

from ..models import Event, Nomination, NominationStatus, Programme, ProvinceQuota


@transaction.atomic
def programme_create(
    *, actor, title: str, organiser: Organisation, year: int, description: str = ""
) -> Programme:
    base = slugify(f"{title} {year}")[:70] or "programme"
    slug, n = base, 1
    while Programme.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    programme = Programme(title=title, slug=slug, organiser=organiser, year=year, description=description)
    programme.full_clean()
    programme.save()
    audit_record(actor=actor, action="event.programme_create", instance=programme)
    return programme


@transaction.atomic
def province_quota_set(*, actor, programme: Programme, province: Region, quota: int) -> ProvinceQuota:
    if province.level != 1:
        raise ValidationError({"province": _("Choose a province.")})
    row, _created = ProvinceQuota.objects.select_for_update().get_or_create(
        programme=programme, province=province, defaults={"quota": quota}
    )
    if quota < row.approved_count:
        raise ValidationError(
            {
                "quota": _("%(n)s nominations are already approved for this province.")
                % {"n": row.approved_count}
            }
        )
    row.quota = quota
    row.save(update_fields=["quota"])
    audit_record(actor=actor, action="event.province_quota_set", instance=row)
    return row


@transaction.atomic
def nomination_create(
    *,
    actor,
    programme: Programme,
    person: Person,
    province: Region,
    nominated_by: Organisation | None = None,
    batch: Event | None = None,
) -> Nomination:
    """A library office puts a person forward for the programme; nominating twice is refused."""
    if province.level != 1:
        province = Region.objects.get(code=province.province_code)
    if not ProvinceQuota.objects.filter(programme=programme, province=province).exists():
        raise ValidationError({"province": _("The programme has no places for this province.")})
    if batch is not None and batch.programme_id != programme.pk:
        raise ValidationError({"batch": _("This batch belongs to another programme.")})
    nomination = Nomination(
        programme=programme, person=person, province=province, nominated_by=nominated_by, batch=batch
    )
    try:
        with transaction.atomic():
            nomination.save()
    except IntegrityError:
        raise ValidationError({"person": _("This person is already nominated for the programme.")}) from None
    audit_record(actor=actor, action="event.nomination_create", instance=nomination)
    return nomination


@transaction.atomic
def nomination_decide(*, actor, nomination: Nomination, approve: bool) -> Nomination:
    """Approve within the province's quota (its row locked), or reject. Deciding twice changes nothing."""
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    quota = ProvinceQuota.objects.select_for_update().get(
        programme_id=nomination.programme_id, province_id=nomination.province_id
    )
    before = snapshot(nomination)
    new = NominationStatus.APPROVED if approve else NominationStatus.REJECTED
    if nomination.status == new:
        return nomination
    if new == NominationStatus.APPROVED:
        if quota.approved_count >= quota.quota:
            raise ValidationError(
                {
                    "__all__": _("The quota of %(province)s is full (%(n)s).")
                    % {"province": quota.province.name, "n": quota.quota}
                }
            )
        ProvinceQuota.objects.filter(pk=quota.pk).update(approved_count=F("approved_count") + 1)
    elif nomination.status == NominationStatus.APPROVED:
        ProvinceQuota.objects.filter(pk=quota.pk).update(approved_count=F("approved_count") - 1)
    nomination.status = new
    nomination.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="event.nomination_decide", instance=nomination, before=before)
    return nomination


def _score(value) -> decimal.Decimal | None:
    if value in (None, ""):
        return None
    score = decimal.Decimal(str(value))
    if not (0 <= score <= 100):
        raise ValidationError({"__all__": _("A score is between 0 and 100.")})
    return score.quantize(decimal.Decimal("0.01"))


@transaction.atomic
def nomination_scores_set(*, actor, nomination: Nomination, pre_test=None, post_test=None) -> Nomination:
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if nomination.status != NominationStatus.APPROVED:
        raise ValidationError({"__all__": _("Scores are kept for approved participants only.")})
    before = snapshot(nomination)
    nomination.pre_test, nomination.post_test = _score(pre_test), _score(post_test)
    nomination.save(update_fields=["pre_test", "post_test", "updated_at"])
    audit_record(actor=actor, action="event.nomination_scores", instance=nomination, before=before)
    return nomination
