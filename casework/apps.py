from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    """Pages that combine the apps (docs/architecture.md): no models."""

    name = "casework"
    verbose_name = _("Casework pages")
