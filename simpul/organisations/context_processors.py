from django.utils.functional import SimpleLazyObject

from .models import RoleAssignment
from .permissions import is_site_admin, roles_of


def _roles_in_force(user) -> list[RoleAssignment]:
    """The user's current roles with what each covers, for display. Most people hold none: the
    per-request cache of `roles_of` already says so, and then nothing more is read."""
    if not roles_of(user):
        return []
    return list(
        RoleAssignment.objects.current()
        .filter(person__user=user)
        .select_related("organisation")
        # Only what a role's name shows (RoleAssignment.__str__): the organisation row is wide.
        .only("role", "organisation__name", "region_id", "start_date", "end_date", "person_id")
        .prefetch_related("region")  # a region is rare: no join to plan when there is none
    )


def roles(request):
    """What the menu needs to know of the user's roles (one cached query per request), and
    `my_roles`, the roles in force read only by a page that shows them."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"holds_roles": False, "is_site_admin": False, "my_roles": []}
    return {
        "holds_roles": bool(roles_of(user)) or is_site_admin(user),
        "is_site_admin": is_site_admin(user),
        "my_roles": SimpleLazyObject(lambda: _roles_in_force(user)),
    }
