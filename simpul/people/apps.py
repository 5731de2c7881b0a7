from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "simpul.people"
    label = "people"
    verbose_name = _("People")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from . import usercache
        from .models import Education, Person, User

        for signal in (post_save, post_delete):
            signal.connect(usercache.forget_user, sender=User, dispatch_uid="usercache-user")
            signal.connect(usercache.forget_person, sender=Person, dispatch_uid="usercache-person")
            signal.connect(usercache.forget_history, sender=Education, dispatch_uid="usercache-education")
