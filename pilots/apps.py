from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PilotsConfig(AppConfig):
    name = "pilots"
    verbose_name = _("Pilots")

    def ready(self) -> None:
        from cases.signals import jobseeker_facts_changed

        from .signals import eligibility_reevaluate_on_facts_changed

        jobseeker_facts_changed.connect(
            eligibility_reevaluate_on_facts_changed,
            dispatch_uid="pilots_eligibility_reevaluate_on_facts_changed",
        )
