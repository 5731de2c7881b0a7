"""The authentication backends in settings: the session's user comes with its person and with
whether that person has any role assignment at all, in one query.

Every signed-in page's menu asks for the user's roles in force (`permissions._assignments`). Most
people hold none (about 27,000 role rows over 300,000 people at national scale), and for them the
answer is known from this one query: the role lookup then reads nothing. A person with any role row
(current, past or future) still gets the lookup, which checks the dates.
"""

from django.db.models import Exists, OuterRef

from simpul.people import backends

from .models import RoleAssignment


class _WithRoleRows:
    def session_user_queryset(self):
        rows = RoleAssignment.objects.filter(person_id=OuterRef("person__id"))
        return super().session_user_queryset().annotate(has_role_rows=Exists(rows))


class ModelBackend(_WithRoleRows, backends.ModelBackend):
    pass


class AuthenticationBackend(_WithRoleRows, backends.AuthenticationBackend):
    pass
