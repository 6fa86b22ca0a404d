from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppropriationsConfig(AppConfig):
    name = "appropriations"
    verbose_name = _("Appropriation quotas")
