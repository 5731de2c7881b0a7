"""Who may do what in the register. Shared by pages, the API, imports and exports.

- Anyone sees the public directory (registered, listed and closed libraries).
- A library manager edits only the libraries they manage (role over the library's organisation).
- A library office officer (role scoped by region) decides applications, edits and imports only
  for libraries inside their region.
- A site administrator may do everything.
"""

from django.db.models import Q, QuerySet

from simpul.organisations.models import Role
from simpul.organisations.permissions import Scope, has_role, is_site_admin, scope_for

from .models import PUBLIC_STATUSES, Application, Library


def manager_scope(user) -> Scope:
    return scope_for(user, [Role.LIBRARY_MANAGER])


def office_scope(user) -> Scope:
    return scope_for(user, [Role.LIBRARY_OFFICER])


def _editable_q(user) -> Q | None:
    """None means everything (site admin); an empty scope gives a condition matching nothing."""
    if is_site_admin(user):
        return None
    return manager_scope(user).q(org_path="organisation__path") | office_scope(user).q(region="region_id")


def libraries_editable_by(user) -> QuerySet:
    condition = _editable_q(user)
    return Library.objects.all() if condition is None else Library.objects.filter(condition)


def libraries_visible_to(user) -> QuerySet:
    """The public directory, plus what the user looks after and their own pending applications."""
    public = Q(status__in=PUBLIC_STATUSES)
    if not getattr(user, "is_authenticated", False):
        return Library.objects.filter(public)
    condition = _editable_q(user)
    if condition is None:
        return Library.objects.all()
    own = Q(pk__in=Application.objects.filter(applicant__user=user).values("library_id"))
    return Library.objects.filter(public | condition | own)


def can_edit(user, library: Library) -> bool:
    if is_site_admin(user):
        return True
    return manager_scope(user).covers_organisation(library.organisation) or office_scope(
        user
    ).covers_region_code(library.region_id)


def applications_decidable_by(user) -> QuerySet:
    """Applications the user's library office decides: those for libraries in its region."""
    if is_site_admin(user):
        return Application.objects.all()
    return office_scope(user).apply(Application.objects.all(), region="regency_code")


def can_decide(user, application: Application) -> bool:
    return is_site_admin(user) or office_scope(user).covers_region_code(application.library.region_id)


def is_office(user) -> bool:
    return has_role(user, Role.LIBRARY_OFFICER)


def can_import(user) -> bool:
    return is_office(user)


def can_import_region(user, region_code: str) -> bool:
    return office_scope(user).covers_region_code(region_code)


def can_apply(user) -> bool:
    return getattr(user, "is_authenticated", False) and hasattr(user, "person")
