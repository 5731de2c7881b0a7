"""Forums (rembuk): an Event of kind 'forum' with the challenges raised, the strategies agreed and a
roadmap whose items have an owner organisation, a target date, a status and progress notes."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from simpul.core.audit import audit_record, snapshot
from simpul.events.models import EventKind, EventStatus
from simpul.events.services import event_create

from ..models import Challenge, Forum, RoadmapItem, RoadmapStatus, RoadmapUpdate, Strategy


@transaction.atomic
def forum_create(
    *,
    actor,
    title: str,
    organisers: list,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    venue_name: str = "",
    venue_region=None,
    summary: str = "",
    programme=None,
) -> Forum:
    if not title.strip():
        raise ValidationError({"title": _("Give the forum a title.")})
    if not organisers:
        raise ValidationError({"organisers": _("Name at least one organiser.")})
    if ends_at < starts_at:
        raise ValidationError({"ends_at": _("The forum cannot end before it starts.")})
    event = event_create(
        actor=actor,
        kind=EventKind.FORUM,
        title=title.strip(),
        organisers=organisers,
        starts_at=starts_at,
        ends_at=ends_at,
        venue_name=venue_name,
        venue_region=venue_region,
        status=EventStatus.PUBLISHED,
    )
    forum = Forum.objects.create(event=event, summary=summary, programme=programme)
    audit_record(actor=actor, action="forum.create", instance=forum)
    return forum


@transaction.atomic
def challenge_add(*, actor, forum: Forum, category: str, description: str, raised_by: str) -> Challenge:
    challenge = Challenge(
        forum=forum, category=category, description=description.strip(), raised_by=raised_by.strip()
    )
    challenge.full_clean()
    challenge.save()
    audit_record(actor=actor, action="forum.challenge_add", instance=challenge)
    return challenge


@transaction.atomic
def strategy_add(*, actor, forum: Forum, title: str, description: str = "") -> Strategy:
    strategy = Strategy(forum=forum, title=title.strip(), description=description.strip())
    strategy.full_clean()
    strategy.save()
    audit_record(actor=actor, action="forum.strategy_add", instance=strategy)
    return strategy


@transaction.atomic
def roadmap_item_add(
    *, actor, forum: Forum, title: str, owner, target_date: datetime.date, strategy: Strategy | None = None
) -> RoadmapItem:
    if strategy is not None and strategy.forum_id != forum.pk:
        raise ValidationError({"strategy": _("Choose a strategy of this forum.")})
    item = RoadmapItem(
        forum=forum, title=title.strip(), owner=owner, target_date=target_date, strategy=strategy
    )
    item.full_clean()
    item.save()
    audit_record(actor=actor, action="forum.roadmap_add", instance=item)
    return item


@transaction.atomic
def roadmap_item_progress(*, actor, item: RoadmapItem, status: str, note: str) -> RoadmapUpdate:
    """Record progress on a roadmap item (a note, and the status it has now)."""
    if status not in RoadmapStatus.values:
        raise ValidationError({"status": _("Choose a status.")})
    if not note.strip():
        raise ValidationError({"note": _("Write what happened.")})
    item = RoadmapItem.objects.select_for_update().get(pk=item.pk)
    before = snapshot(item)
    item.status = status
    item.save(update_fields=["status"])
    update = RoadmapUpdate.objects.create(
        item=item,
        status=status,
        note=note.strip(),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(actor=actor, action="forum.roadmap_progress", instance=item, before=before, note=note)
    return update
