"""What appointments does when the outbox reports on one of its messages:
the send (or the final failure) goes on the jobseeker's timeline, and the
use of their contact details into the access log, in the transaction that
records the outcome (messaging.signals.message_outcome)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.dispatch import Signal
from django.utils import timezone

from audit.models import AccessAction
from audit.services import Reader, Target, access_log_write
from cases.models import CaseEvent
from cases.services.events import event_record

from .keys import parse_message_key
from .models import Appointment

if TYPE_CHECKING:
    from django.http import HttpRequest

    from messaging.models import Message

# What appointments tells the apps above it (STYLE.md 2.15, layers): sent
# inside the transaction that records an appointment held. Arguments:
# appointment_id: int. Receivers queue their own work on commit (reporting
# sends the satisfaction survey); a rolled-back attendance sends nothing.
appointment_held = Signal()


def record_message_outcome(sender: Any, message: Message, **kwargs: Any) -> None:
    """Timeline event and access log row of a sent or failed message about
    an appointment (other messages are not appointments' to record)."""
    parsed = parse_message_key(message.idempotency_key)
    if parsed is None:
        return
    appointment_id, kind, channel = parsed
    appointment = (
        Appointment.objects.select_related("jobseeker", "case")
        .filter(pk=appointment_id)
        .first()
    )
    if appointment is None:
        return
    sent = message.status == message.Status.SENT
    event_record(
        case=appointment.case,
        jobseeker=appointment.jobseeker,
        kind=CaseEvent.Kind.MESSAGE_SENT if sent else CaseEvent.Kind.MESSAGE_FAILED,
        occurred_on=timezone.localdate(),
        actor=None,
        target=appointment,
        # Codes only: the text is the message's, read where it is shown.
        message=kind,
        channel=channel,
    )
    if sent:
        access_log_write(
            reader=Reader.system(user=None, purpose_path=f"message:{message.pk}"),
            action=AccessAction.MESSAGE,
            targets=[
                Target(
                    appointment.jobseeker_id,
                    appointment.organisation_id,
                    "messaging.Message",
                    message.pk,
                )
            ],
        )


def log_messages_read(
    sender: Any, request: HttpRequest, messages: list[Message], **kwargs: Any
) -> None:
    """A page showed these messages' contents: one access log row per
    message about a jobseeker."""
    access_log_write(
        reader=Reader.from_request(request),
        action=AccessAction.VIEW,
        targets=[
            Target(m.jobseeker_id, m.organisation_id, "messaging.Message", m.pk)
            for m in messages
            if m.jobseeker_id is not None
        ],
    )
