"""The authentication backends in settings: the session's user comes with its person and with
whether that person has any role assignment at all, in one query.

Every signed-in page's menu asks for the user's roles in force (`permissions._assignments`). Most
people hold none (about 27,000 role rows over 300,000 people at national scale), and for them the
answer is known from this one query: the role lookup then reads nothing. A person with any role row
(current, past or future) still gets the lookup, which checks the dates.
"""

from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

from simpul.people import backends, usercache
from simpul.people.models import Person

from . import permissions
from .models import RoleAssignment


def _has_role_rows() -> RawSQL:
    """EXISTS over the person joined by select_related("person") (the query's only join of that table,
    so named after it). Written out: the ORM's Exists() costs ~0.4 ms more per request to compile."""
    q = connection.ops.quote_name  # table and column names from the models: no outside input
    return RawSQL(  # noqa: S611
        f"EXISTS (SELECT 1 FROM {q(RoleAssignment._meta.db_table)} r "  # noqa: S608
        f"WHERE r.{q('person_id')} = {q(Person._meta.db_table)}.{q('id')})",
        (),
        output_field=BooleanField(),
    )


def forget_role_holder(sender, instance, **kwargs) -> None:
    """A role row written or deleted: the holder's cached session user no longer says the truth."""
    usercache.forget(Person.objects.filter(pk=instance.person_id).values_list("user_id", flat=True).first())


def forget_organisation_role_holders(sender, instance, update_fields=None, **kwargs) -> None:
    """An organisation saved with a new path (moved, with its subtree): the cached session users of
    those who hold a role over it keep its old path, which decides what their role covers."""
    if update_fields is not None and "path" not in update_fields:
        return
    holders = RoleAssignment.objects.filter(organisation=instance).values_list("person__user_id", flat=True)
    for user_id in set(holders):
        usercache.forget(user_id)


class _WithRoleRows:
    def session_user_queryset(self):
        return super().session_user_queryset().annotate(has_role_rows=_has_role_rows())

    def before_caching(self, user) -> None:
        super().before_caching(user)
        # The role rows, current or not (the dates are checked on each request), kept with the
        # cached user: a role holder's pages then read no role table either.
        user._simpul_role_rows = permissions.role_rows(user)


class ModelBackend(_WithRoleRows, backends.ModelBackend):
    pass


class AuthenticationBackend(_WithRoleRows, backends.AuthenticationBackend):
    pass
