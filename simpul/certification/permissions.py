"""Who may do what in certification; pages, API and exports ask here.

- CERTIFICATION_ADMIN over the LSP (or a site admin) manages reference data, applications, sessions,
  decisions and reports of that LSP;
- an ASSESSOR sees only the applications assigned to them;
- an applicant sees only their own applications.
"""

from django.db.models import Q

from simpul.organisations.models import Role
from simpul.organisations.permissions import Scope, has_role, scope_for


def lsp_scope(user) -> Scope:
    return scope_for(user, [Role.CERTIFICATION_ADMIN])


def is_lsp_admin(user) -> bool:
    return not lsp_scope(user).is_empty


def is_assessor(user) -> bool:
    return getattr(user, "is_authenticated", False) and has_role(user, Role.ASSESSOR)


def can_manage_lsp(user, lsp) -> bool:
    return lsp_scope(user).covers_organisation(lsp)


def applications_q(user) -> Q:
    """Applications a user may open: their own, those assigned to them, those of LSPs they manage."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    scope = lsp_scope(user)
    condition = Q(person__user=user) | Q(assessor__person__user=user)
    if not scope.is_empty:
        condition |= scope.q(org_path="lsp__path")
    return condition
