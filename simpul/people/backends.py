"""Authentication backends that load the user's person with the user.

Nearly every signed-in page reads `request.user.person` (the profile, the menu's roles, every
"mine" list), so the session's user is fetched together with it: one query instead of two on
each request. Behaviour is otherwise Django's and allauth's own.
"""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend


class _UserWithPerson:
    def get_user(self, user_id):
        User = get_user_model()
        try:
            user = User._default_manager.select_related("person").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


class ModelBackend(_UserWithPerson, DjangoModelBackend):
    pass


class AuthenticationBackend(_UserWithPerson, AllauthBackend):
    pass
