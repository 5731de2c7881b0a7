from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "simpul.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.db.backends.signals import connection_created

        from simpul.core.db import plan_prepared_once

        connection_created.connect(plan_prepared_once, dispatch_uid="simpul.core.db.plan_prepared_once")
