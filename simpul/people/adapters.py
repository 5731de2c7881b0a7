from allauth.account.adapter import DefaultAccountAdapter

from .services import person_for_user


class AccountAdapter(DefaultAccountAdapter):
    """Every new account gets its person record at sign-up."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            person_for_user(user)
        return user
