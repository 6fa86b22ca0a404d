from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    name = "appointments"
    verbose_name = _("Appointments")

    def ready(self) -> None:
        from messaging.signals import messages_outcome, messages_read

        from .signals import log_messages_read, record_messages_outcome

        messages_outcome.connect(
            record_messages_outcome, dispatch_uid="appointments.messages_outcome"
        )
        messages_read.connect(
            log_messages_read, dispatch_uid="appointments.messages_read"
        )
