"""Reads for organisations, roles, employment and the audit trail, each scoped to who asks."""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from simpul.core.models import AuditEntry
from simpul.people.models import Person, User

from .models import Employment, Organisation, Role, RoleAssignment
from .permissions import MANAGING_ROLES, Scope, grant_scope, grantable_roles, is_site_admin, scope_for

# How scopes reach each model: the organisation's tree path and its region code.
ORG_FIELDS = {"org_path": "path", "region": "region__code"}


def organisations_visible_to(user):
    """Active organisations for everyone; inactive ones too for those who look after them."""
    organisations = Organisation.objects.all()
    if is_site_admin(user):
        return organisations
    scope = scope_for(user, MANAGING_ROLES)
    if scope.is_empty:
        return organisations.active()
    return organisations.filter(Q(is_active=True) | scope.q(**ORG_FIELDS))


def organisations_manageable_by(user, role: str):
    """Organisations `user` manages through `role`: those under the organisations, or in the regions, it covers."""
    return scope_for(user, [role]).apply(Organisation.objects.all(), **ORG_FIELDS)


def organisations_in_scope(scope: Scope):
    return scope.apply(Organisation.objects.all(), **ORG_FIELDS)


def organisation_search(user, *, q: str = "", kind: str = "", region: str = ""):
    """The public directory: filter by kind, region (a code and everything in it) and name."""
    organisations = organisations_visible_to(user).select_related("region", "parent")
    if kind:
        organisations = organisations.filter(kind=kind)
    if region:
        organisations = organisations.filter(
            Q(region__code=region) | Q(region__code__startswith=f"{region}.")
        )
    for word in q.split():
        organisations = organisations.filter(Q(name__icontains=word) | Q(short_name__iexact=word))
    return organisations


def organisation_for_user_or_404(user, slug: str) -> Organisation:
    return get_object_or_404(organisations_visible_to(user).select_related("region", "parent"), slug=slug)


def organisation_children(user, organisation: Organisation):
    return organisations_visible_to(user).filter(parent=organisation).select_related("region")


def employment_of(user):
    """Only the user's own employment rows: another person's row is simply not found."""
    return Employment.objects.filter(person__user=user).select_related("organisation")


def employment_of_user_or_404(user, pk: int) -> Employment:
    return get_object_or_404(employment_of(user), pk=pk)


def role_assignments_manageable_by(user):
    """The role assignments `user` may see on the roles page and revoke."""
    assignments = RoleAssignment.objects.select_related("person", "person__user", "organisation", "region")
    if is_site_admin(user):
        return assignments
    condition = Q(pk__in=[])
    for role in grantable_roles(user):
        scope = grant_scope(user, role)
        if not scope.is_empty:
            condition |= Q(role=role) & scope.q(org_path="organisation__path", region="region__code")
    return assignments.filter(condition)


def role_assignment_for_user_or_404(user, pk: int) -> RoleAssignment:
    return get_object_or_404(role_assignments_manageable_by(user), pk=pk)


def staff_scope(user) -> Scope:
    """What a back-office user sees: everything for site admins, else what all their roles cover."""
    return scope_for(user, Role.values)


def people_in_scope(scope: Scope):
    """People employed at, or holding roles over, organisations in `scope` (or roles over its regions)."""
    people = Person.objects.all()
    if scope.everything:
        return people
    if scope.is_empty:
        return people.none()
    organisations = organisations_in_scope(scope).values("pk")
    roles_in_regions = RoleAssignment.objects.filter(scope.q(region="region__code")).values("person")
    return people.filter(
        Q(pk__in=Employment.objects.filter(organisation__in=organisations).values("person"))
        | Q(pk__in=RoleAssignment.objects.filter(organisation__in=organisations).values("person"))
        | Q(pk__in=roles_in_regions)
    )


def users_in_scope(scope: Scope):
    if scope.everything:
        return User.objects.all()
    return User.objects.filter(person__in=people_in_scope(scope).values("pk"))


def audit_entries(*, action: str = "", object_type: str = "", actor: str = ""):
    """The audit trail, newest first, filtered by action, object type and the actor's e-mail."""
    entries = AuditEntry.objects.select_related("actor")
    if action:
        entries = entries.filter(action=action)
    if object_type:
        entries = entries.filter(object_type=object_type)
    if actor:
        entries = entries.filter(actor__email__iexact=actor.strip())
    return entries


def audit_actions() -> list[str]:
    return list(AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct())


def audit_object_types() -> list[str]:
    return list(AuditEntry.objects.order_by("object_type").values_list("object_type", flat=True).distinct())
