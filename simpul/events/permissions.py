"""Who may do what with events; pages, API and exports ask here.

Organisers: EVENT_ORGANISER or ASSOCIATION_OFFICER over one of the event's organisers (or an
organisation above it, or a region it is in), and site administrators. Door staff (EVENT_STAFF)
check participants in. Training programmes: PROGRAMME_MANAGER or EVENT_ORGANISER over the
programme's organiser; library offices (LIBRARY_OFFICER, scoped by region) nominate participants.
"""

from django.db.models import Exists, OuterRef, QuerySet

from simpul.organisations.models import Organisation, Role
from simpul.organisations.permissions import Scope, scope_for

from .models import Event, EventStatus, Programme

ORGANISER_ROLES = (Role.EVENT_ORGANISER, Role.ASSOCIATION_OFFICER)
STAFF_ROLES = (*ORGANISER_ROLES, Role.EVENT_STAFF)
PROGRAMME_ROLES = (Role.PROGRAMME_MANAGER, Role.EVENT_ORGANISER)
NOMINATOR_ROLES = (Role.LIBRARY_OFFICER,)


def organiser_scope(user) -> Scope:
    return scope_for(user, ORGANISER_ROLES)


def staff_scope(user) -> Scope:
    return scope_for(user, STAFF_ROLES)


def _events_in(scope: Scope, queryset: QuerySet) -> QuerySet:
    if scope.everything:
        return queryset
    if scope.is_empty:
        return queryset.none()
    orgs = Organisation.objects.filter(scope.q(org_path="path", region="region__code"))
    return queryset.filter(
        Exists(Event.organisers.through.objects.filter(event=OuterRef("pk"), organisation__in=orgs))
    )


def events_manageable_by(user, queryset: QuerySet | None = None) -> QuerySet:
    return _events_in(organiser_scope(user), Event.objects.all() if queryset is None else queryset)


def events_staffed_by(user) -> QuerySet:
    return _events_in(staff_scope(user), Event.objects.all())


def sees_public_events_only(user) -> bool:
    """True for visitors and for people who organise nothing: they all see the same public calendar."""
    return not getattr(user, "is_authenticated", False) or organiser_scope(user).is_empty


def events_visible_to(user) -> QuerySet:
    """Published and cancelled events for everyone; drafts for those who manage them."""
    public = Event.objects.exclude(status=EventStatus.DRAFT)
    if sees_public_events_only(user):  # most people organise nothing: the plain public query, no union
        return public
    scope = organiser_scope(user)
    managed = _events_in(scope, Event.objects.filter(status=EventStatus.DRAFT)).values("pk")
    return Event.objects.filter(pk__in=public.values("pk")) | Event.objects.filter(pk__in=managed)


def organising_organisations(user) -> QuerySet:
    """Organisations the user may name as an event's organisers."""
    scope = organiser_scope(user)
    if scope.everything:
        return Organisation.objects.active()
    if scope.is_empty:
        return Organisation.objects.none()
    return Organisation.objects.active().filter(scope.q(org_path="path", region="region__code"))


def can_create_event(user) -> bool:
    return not organiser_scope(user).is_empty


def can_manage_event(user, event: Event) -> bool:
    return events_manageable_by(user).filter(pk=event.pk).exists()


def can_staff_event(user, event: Event) -> bool:
    return events_staffed_by(user).filter(pk=event.pk).exists()


def programme_scope(user) -> Scope:
    return scope_for(user, PROGRAMME_ROLES)


def programmes_manageable_by(user) -> QuerySet:
    scope = programme_scope(user)
    return scope.apply(Programme.objects.all(), org_path="organiser__path", region="organiser__region__code")


def nominator_scope(user) -> Scope:
    return scope_for(user, NOMINATOR_ROLES)


def can_nominate(user) -> bool:
    return not nominator_scope(user).is_empty
