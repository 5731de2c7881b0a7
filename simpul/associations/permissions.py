"""Who may do what in associations; pages, API and exports ask here."""

from simpul.organisations.models import Kind, Role
from simpul.organisations.permissions import Scope, scope_for


def officer_scope(user) -> Scope:
    """The chapters (and all under them) the user looks after as an association officer."""
    return scope_for(user, [Role.ASSOCIATION_OFFICER])


def is_officer(user) -> bool:
    return not officer_scope(user).is_empty


def can_manage_chapter(user, organisation) -> bool:
    return organisation.kind in (Kind.ASSOCIATION, Kind.CHAPTER) and officer_scope(user).covers_organisation(
        organisation
    )


def can_manage_membership(user, membership) -> bool:
    return officer_scope(user).covers_organisation(membership.chapter)


def can_manage_association(user, association) -> bool:
    """Settings, member types, honorary membership: officers of the association itself (its root)."""
    return officer_scope(user).covers_organisation(association)
