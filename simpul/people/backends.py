"""Authentication backends that load the user's person with the user.

Nearly every signed-in page reads `request.user.person` (the profile, the menu's roles, every
"mine" list), so the session's user is fetched together with it: one query instead of two on
each request, and that row is kept in the shared cache between requests (`usercache`). Behaviour is
otherwise Django's and allauth's own.
"""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from . import usercache


class _UserWithPerson:
    def session_user_queryset(self):
        """What loads the session's user; a higher layer may add to it (simpul.organisations.backends)."""
        return get_user_model()._default_manager.select_related("person")

    def get_user(self, user_id):
        """The session's user, from the shared cache when it holds it (see `usercache`)."""
        version = usercache.version(user_id)  # before the row: see usercache.version
        user = usercache.get(user_id, version)
        if user is None:
            User = get_user_model()
            try:
                user = self.session_user_queryset().get(pk=user_id)
            except User.DoesNotExist:
                return None
            self.before_caching(user)
            usercache.put(user, version)
        return user if self.user_can_authenticate(user) else None

    def before_caching(self, user) -> None:
        """Read what every request of this user needs, to keep it with the cached user; a higher
        layer adds to it (simpul.organisations.backends)."""


class ModelBackend(_UserWithPerson, DjangoModelBackend):
    pass


class AuthenticationBackend(_UserWithPerson, AllauthBackend):
    pass
