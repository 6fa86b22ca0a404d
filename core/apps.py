from django.apps import AppConfig
from django.core.signals import got_request_exception
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from core.db_roles import grant_app_role_after_migrate
        from core.middleware import note_lost_connection

        # sender=self: once per `migrate`, before the later apps' handlers
        # (audit's narrows the grant for its tables).
        post_migrate.connect(grant_app_role_after_migrate, sender=self)
        # Tells RetryReadOnLostConnectionMiddleware why a request failed.
        got_request_exception.connect(
            note_lost_connection, dispatch_uid="core.note_lost_connection"
        )
