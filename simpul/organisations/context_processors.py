from .permissions import is_site_admin, roles_of


def roles(request):
    """What the menu needs to know of the user's roles (one cached query per request)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"holds_roles": False, "is_site_admin": False}
    return {"holds_roles": bool(roles_of(user)) or is_site_admin(user), "is_site_admin": is_site_admin(user)}
