from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        # Registers the token scheme with drf-spectacular.
        from django.contrib.auth.signals import user_logged_in

        from . import schema, signals  # noqa: F401
        from .middleware import mark_renewed_at_sign_in

        signals.connect()
        user_logged_in.connect(
            mark_renewed_at_sign_in, dispatch_uid="polku_idle_renewal"
        )
