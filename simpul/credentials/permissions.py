"""Who may do what with credentials. Shared by pages and API."""

from simpul.organisations.models import Role
from simpul.organisations.permissions import scope_for

# Roles whose holders issue credentials for the organisations they cover (and all under them).
ISSUER_ROLES = (Role.ASSOCIATION_OFFICER, Role.CERTIFICATION_ADMIN, Role.PROGRAMME_MANAGER)


def issuer_scope(user):
    return scope_for(user, ISSUER_ROLES)


def can_manage_credential(user, credential) -> bool:
    """Revoke, reissue, render: officers of the issuer (or above it) and site administrators."""
    return issuer_scope(user).covers_organisation(credential.issuer)


def is_holder(user, credential) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and credential.holder.user_id == user.pk
