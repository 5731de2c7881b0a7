"""The one permission layer: who holds which role over what, as querysets filters.

Pages, API endpoints and exports all ask here. A `Scope` is what a user's current roles cover:
everything (site admin), some organisations with all under them, and some regions with all in them.
Apps turn a scope into a filter on their own querysets (`visible_to`, `manageable_by`), so an
object outside it is simply not found (404), never shown and then refused.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Q
from django.utils import timezone

from .models import Role, RoleAssignment


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    org_paths: tuple[str, ...] = ()
    region_codes: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.everything or self.org_paths or self.region_codes)

    def q(self, *, org_path: str | None = None, region: str | None = None) -> Q:
        """A filter for objects whose organisation path is `org_path` and/or region code is `region`.

        Example: `scope.q(org_path="organisation__path", region="region")`.
        """
        if self.everything:
            # Not an empty Q(): OR-ed with another condition, an empty Q() vanishes and the
            # "everything" would silently become "only the other condition".
            return ~Q(pk__in=[])
        condition = Q(pk__in=[])
        if org_path:
            for path in self.org_paths:
                condition |= Q(**{f"{org_path}__startswith": path})
        if region:
            for code in self.region_codes:
                condition |= Q(**{region: code}) | Q(**{f"{region}__startswith": f"{code}."})
        return condition

    def apply(self, queryset, *, org_path: str | None = None, region: str | None = None):
        if self.everything:
            return queryset
        if self.is_empty:
            return queryset.none()
        return queryset.filter(self.q(org_path=org_path, region=region))

    def covers_organisation(self, organisation) -> bool:
        return (
            self.everything
            or any(organisation.path.startswith(p) for p in self.org_paths)
            or (organisation.region_id is not None and self.covers_region_code(organisation.region_id))
        )

    def covers_region_code(self, code: str) -> bool:
        return self.everything or any(code == c or code.startswith(f"{c}.") for c in self.region_codes)


def _person_loaded(user) -> bool:
    descriptor = getattr(type(user), "person", None)
    return descriptor is not None and descriptor.is_cached(user)


class Held(NamedTuple):
    """One role in force, with what it covers (the organisation's path, the region's code)."""

    role: str
    organisation_id: int | None
    organisation_path: str | None
    region_id: str | None


def role_rows(user) -> list[tuple]:
    """Every role row of the user, current or not: (role, organisation id, organisation path, region
    code, start date, end date). One unordered `values_list`; none for an account known to hold none."""
    if getattr(user, "has_role_rows", None) is False:
        # Loaded with the session's user (simpul.organisations.backends): no role row at all.
        return []
    if _person_loaded(user):
        # The session's user comes with its person (simpul.organisations.backends): no join to plan,
        # and no query at all for an account without a person.
        person = getattr(user, "person", None)
        if person is None:
            return []
        mine = {"person_id": person.pk}
    else:
        mine = {"person__user": user}
    return list(
        RoleAssignment.objects.filter(**mine)
        .order_by()
        .values_list("role", "organisation_id", "organisation__path", "region_id", "start_date", "end_date")
    )


def _assignments(user) -> list[Held]:
    """The user's current roles, read once per request (cached on the user object).

    Read on every signed-in page (the menu asks), so kept cheap: the rows come with the session's
    cached user when it has them (`simpul.organisations.backends`), otherwise from `role_rows`; the
    dates are checked here, not in SQL, so rows kept across days stay right.
    """
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_simpul_roles", None)
    if cached is None:
        rows = getattr(user, "_simpul_role_rows", None)
        if rows is None:
            rows = role_rows(user)
        today = timezone.localdate()
        cached = [
            Held(role, org_id, path, region)
            for role, org_id, path, region, start, end in rows
            if (start is None or start <= today) and (end is None or end >= today)
        ]
        user._simpul_roles = cached
    return cached


def is_site_admin(user) -> bool:
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return any(a.role == Role.SITE_ADMIN for a in _assignments(user))


def roles_of(user) -> set[str]:
    return {a.role for a in _assignments(user)}


def has_role(user, *roles: str) -> bool:
    return is_site_admin(user) or bool(roles_of(user) & set(roles))


def scope_for(user, roles: Iterable[str]) -> Scope:
    """What the user's current `roles` cover. A site administrator's scope is everything."""
    if is_site_admin(user):
        return Scope(everything=True)
    wanted = set(roles)
    paths: set[str] = set()
    codes: set[str] = set()
    for assignment in _assignments(user):
        if assignment.role not in wanted:
            continue
        if assignment.organisation_id:
            paths.add(assignment.organisation_path)
        if assignment.region_id:
            codes.add(assignment.region_id)
    return Scope(org_paths=tuple(sorted(paths)), region_codes=tuple(sorted(codes)))


def forget_cached_roles(user) -> None:
    for name in ("_simpul_roles", "_simpul_role_rows"):
        if hasattr(user, name):
            delattr(user, name)


# Which roles the holder of a role may grant, within what that role covers. Site admins grant any role.
GRANTABLE_BY: dict[str, tuple[str, ...]] = {
    Role.ASSOCIATION_OFFICER: (
        Role.ASSOCIATION_OFFICER,
        Role.EVENT_ORGANISER,
        Role.EVENT_STAFF,
        Role.CURATOR,
    ),
    Role.EVENT_ORGANISER: (Role.EVENT_ORGANISER, Role.EVENT_STAFF),
    Role.CERTIFICATION_ADMIN: (Role.CERTIFICATION_ADMIN, Role.ASSESSOR),
    Role.PROGRAMME_MANAGER: (Role.PROGRAMME_MANAGER, Role.FACILITATOR, Role.EVENT_ORGANISER, Role.CURATOR),
    Role.LIBRARY_OFFICER: (Role.LIBRARY_OFFICER, Role.LIBRARY_MANAGER),
}

# Roles whose holders look after organisations (and so see inactive ones, and open the back office).
MANAGING_ROLES: tuple[str, ...] = tuple(r for r in Role.values if r != Role.SITE_ADMIN)


def grantable_roles(user) -> list[str]:
    """The roles `user` may grant to others (somewhere), in the order of `Role`."""
    if is_site_admin(user):
        return list(Role.values)
    held = roles_of(user)
    wanted = {role for holder, roles in GRANTABLE_BY.items() if holder in held for role in roles}
    return [r for r in Role.values if r in wanted]


def grant_scope(user, role: str) -> Scope:
    """Where `user` may grant (or revoke) `role`."""
    if is_site_admin(user):
        return Scope(everything=True)
    if role == Role.SITE_ADMIN:
        return Scope()
    holders = [holder for holder, roles in GRANTABLE_BY.items() if role in roles]
    return scope_for(user, holders)


def can_manage_roles(user) -> bool:
    return bool(grantable_roles(user))


def can_grant(user, role: str, *, organisation=None, region=None) -> bool:
    """May `user` give `role` over `organisation` (and all under it) or `region` (and all in it)?"""
    scope = grant_scope(user, role)
    if scope.everything:
        return True
    if scope.is_empty or role == Role.SITE_ADMIN:
        return False
    if organisation is not None:
        return scope.covers_organisation(organisation)
    if region is not None:
        return scope.covers_region_code(getattr(region, "code", region))
    return False
