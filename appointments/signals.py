"""What appointments does when the outbox reports on one of its messages:
the send (or the final failure) goes on the jobseeker's timeline, and the
use of their contact details into the access log, in the transaction that
records the outcome (messaging.signals.messages_outcome)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.dispatch import Signal
from django.utils import timezone

from audit.models import AccessAction
from audit.services import Reader, Target, access_log_write
from cases.models import CaseEvent
from cases.services.events import event_build, events_record

from .keys import message_status_code, parse_message_key
from .models import Appointment

if TYPE_CHECKING:
    from django.http import HttpRequest

    from accounts.models import User
    from messaging.models import Message

# What appointments tells the apps above it (STYLE.md 2.15, layers): sent
# inside the transaction that records an appointment held. Arguments:
# appointment_id: int. Receivers queue their own work on commit (reporting
# sends the satisfaction survey); a rolled-back attendance sends nothing.
appointment_held = Signal()


def record_messages_outcome(
    sender: Any,
    messages: list[Message],
    user: User | None = None,
    **kwargs: Any,
) -> None:
    """Timeline events and access log rows of a batch of messages about
    appointments sent, printed (letters) or failed for good, in two
    statements whatever the batch's size (other apps' messages are not
    appointments' to record). `user` printed the letters; e-mail and text
    messages are sent by the system."""
    parsed = {}
    for message in messages:
        key = parse_message_key(message.idempotency_key)
        if key is not None:
            parsed[message.pk] = (message, *key)
    if not parsed:
        return
    appointments = Appointment.objects.select_related("jobseeker", "case").in_bulk(
        {appointment_id for _m, appointment_id, _k, _c in parsed.values()}
    )
    today = timezone.localdate()
    events = []
    logged = []
    for message, appointment_id, kind, channel in parsed.values():
        appointment = appointments.get(appointment_id)
        if appointment is None:
            continue
        sent = message.status == message.Status.SENT
        events.append(
            event_build(
                case=appointment.case,
                jobseeker=appointment.jobseeker,
                kind=CaseEvent.Kind.MESSAGE_SENT
                if sent
                else CaseEvent.Kind.MESSAGE_FAILED,
                occurred_on=today,
                actor=user,
                target=appointment,
                # Codes only: the text is the message's, read where it is shown.
                message=kind,
                channel=channel,
                status=message_status_code(channel=channel, status=message.status),
            )
        )
        if sent:
            logged.append(
                Target(
                    appointment.jobseeker_id,
                    appointment.organisation_id,
                    "messaging.Message",
                    message.pk,
                )
            )
    events_record(events=events)
    access_log_write(
        reader=Reader.system(user=user, purpose_path="outbox"),
        action=AccessAction.MESSAGE,
        targets=logged,
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
