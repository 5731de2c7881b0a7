"""E-certificates for an event, through simpul.credentials (kind EVENT_CERTIFICATE).

Who gets one: confirmed participants who met the attendance rule, the speakers and moderators of
the agenda, and the committee. Each credential's `source` names what it certifies, so issuing again
returns the certificates already issued (nothing is counted twice).
"""

import copy
import math
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from simpul.credentials import services as credentials
from simpul.credentials.models import Credential, CredentialBatch, CredentialKind
from simpul.people.models import Person

from ..models import CommitteeMember, Event, Registration, RegistrationStatus, SessionRole


@dataclass
class Holder:
    person: Person
    name: str  # exactly as registered (participants) or as the person's titles read now
    role: str
    source: str


def event_days(event: Event) -> int:
    zone = ZoneInfo(event.time_zone)
    return (event.ends_at.astimezone(zone).date() - event.starts_at.astimezone(zone).date()).days + 1


def days_needed(event: Event) -> int:
    return max(1, math.ceil(event_days(event) * event.attendance_rule / 100)) if event.attendance_rule else 0


def eligible_holders(event: Event) -> list[Holder]:
    holders: list[Holder] = []
    needed = days_needed(event)
    participants = (
        Registration.objects.filter(
            event=event, status=RegistrationStatus.CONFIRMED, days_attended__gte=needed
        )
        .select_related("person")
        .order_by("name", "id")
    )
    for r in participants:
        holders.append(Holder(r.person, r.name, _("participant"), f"events.registration:{r.pk}"))
    seen = set()
    roles = SessionRole.objects.filter(session__event=event).select_related("person").order_by("role", "id")
    for entry in roles:
        if entry.person_id in seen:
            continue
        seen.add(entry.person_id)
        holders.append(
            Holder(
                entry.person,
                entry.person.display_name,
                entry.get_role_display(),
                f"events.speaker:{event.pk}:{entry.person_id}",
            )
        )
    for member in CommitteeMember.objects.filter(event=event).select_related("person"):
        holders.append(
            Holder(member.person, member.person.display_name, _("committee"), f"events.committee:{member.pk}")
        )
    return holders


def _dates(event: Event) -> str:
    zone = ZoneInfo(event.time_zone)
    start, end = event.starts_at.astimezone(zone).date(), event.ends_at.astimezone(zone).date()
    if start == end:
        return f"{start:%d-%m-%Y}"
    return f"{start:%d-%m-%Y} – {end:%d-%m-%Y}"


def _as_named(person: Person, name: str) -> Person:
    """The holder, read by the credentials engine with `name` as the printed name (titles included)."""
    named = copy.copy(person)
    named.title_prefix, named.full_name, named.title_suffix = "", name, ""
    return named


@transaction.atomic
def certificates_issue(*, actor, event: Event) -> tuple[list[Credential], CredentialBatch | None]:
    """Issue the event's certificates (the ones missing) and queue one ZIP of all of them."""
    event = Event.objects.select_related("venue_region").get(pk=event.pk)  # the rule as saved now
    issuer = event.organisers.order_by("depth", "pk").first()
    if issuer is None:
        raise ValidationError({"__all__": _("The event has no organiser to issue certificates.")})
    holders = eligible_holders(event)
    if not holders:
        raise ValidationError({"__all__": _("Nobody meets the rule for a certificate yet.")})
    place = event.venue_name or (event.venue_region.name if event.venue_region_id else _("online"))
    items = [
        {
            "holder": _as_named(h.person, h.name),
            "source": h.source,
            "subject": {
                "heading": _("CERTIFICATE"),
                "place": event.venue_region.name if event.venue_region_id else "",
                "fields": [
                    {"label": _("As"), "value": h.role},
                    {"label": _("Event"), "value": event.title},
                    {"label": _("Date"), "value": _dates(event)},
                    {"label": _("Place"), "value": place},
                ],
                "event": event.pk,
            },
        }
        for h in holders
    ]
    issued = credentials.credential_issue_many(
        actor=actor,
        kind=CredentialKind.EVENT_CERTIFICATE,
        issuer=issuer,
        title=event.title[:200],
        items=items,
        valid_from=event.ends_at.astimezone(ZoneInfo(event.time_zone)).date(),  # the last local day
    )
    batch = credentials.credential_batch_create(
        actor=actor,
        issuer=issuer,
        label=_("Certificates: %(title)s") % {"title": event.title},
        credentials=issued,
    )
    return issued, batch


def event_credentials(event: Event):
    """The event's certificates (all, revoked too), read back by their sources."""
    return Credential.objects.filter(kind=CredentialKind.EVENT_CERTIFICATE, subject__event=event.pk)


@transaction.atomic
def certificate_revoke(*, actor, event: Event, credential: Credential, reason: str) -> Credential:
    if not event_credentials(event).filter(pk=credential.pk).exists():
        raise ValidationError({"__all__": _("This certificate is not one of this event's.")})
    return credentials.credential_revoke(actor=actor, credential=credential, reason=reason)
