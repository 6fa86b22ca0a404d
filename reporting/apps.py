from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Reporting")

    def ready(self) -> None:
        # The agreement page shows progress towards its targets, measured
        # from reporting's indicator runs (partners.selectors explains why
        # this goes through a registered function).
        from partners.selectors import target_measure_register

        from .selectors import target_rows

        target_measure_register(lambda agreement, on: target_rows(agreement, on=on))

        # A meeting held is what the satisfaction survey waits for.
        from appointments.signals import appointment_held

        from .surveys import survey_invite_on_commit

        appointment_held.connect(
            survey_invite_on_commit, dispatch_uid="reporting.survey_invite"
        )
