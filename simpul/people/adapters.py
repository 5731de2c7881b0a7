from allauth.account.adapter import DefaultAccountAdapter

from .services import person_for_signup


class AccountAdapter(DefaultAccountAdapter):
    """Every new account gets its person record at sign-up, named as the person typed it."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            person_for_signup(user, full_name=form.cleaned_data.get("full_name", ""))
        return user
