from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "simpul.organisations"
    label = "organisations"
    verbose_name = _("Organisations")

    def ready(self):
        # A role granted or revoked changes what the session's cached user says (`has_role_rows`); a
        # job changes the person's cached history (simpul.people.usercache).
        from django.db.models.signals import post_delete, post_save

        from simpul.people import usercache

        from .backends import forget_organisation_role_holders, forget_role_holder
        from .models import Employment, Organisation, RoleAssignment

        for signal in (post_save, post_delete):
            signal.connect(forget_role_holder, sender=RoleAssignment, dispatch_uid="usercache-role")
            signal.connect(usercache.forget_history, sender=Employment, dispatch_uid="usercache-employment")
        post_save.connect(
            forget_organisation_role_holders, sender=Organisation, dispatch_uid="usercache-org-path"
        )
