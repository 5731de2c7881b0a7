from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssociationsConfig(AppConfig):
    name = "simpul.associations"
    label = "associations"
    verbose_name = _("Associations")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from simpul.organisations.models import Organisation
        from simpul.people.models import Person

        from .answers import on_write
        from .models import Membership, MemberType

        # What the officers' cached member list prints (answers.py): renewed on every write of it.
        for model in (Membership, MemberType, Person, Organisation):
            for signal in (post_save, post_delete):
                signal.connect(on_write, sender=model, dispatch_uid=f"member-list-{model._meta.label}")
