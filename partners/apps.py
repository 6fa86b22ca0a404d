from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners")

    def ready(self) -> None:
        from cases import signals as case_signals

        from . import signals

        case_signals.case_closing.connect(
            signals.on_case_closing, dispatch_uid="partners.case_closing"
        )
        case_signals.jobseekers_anonymising.connect(
            signals.on_jobseekers_anonymising,
            dispatch_uid="partners.jobseekers_anonymising",
        )
