"""The jobseeker's voice (issue 23 item 3): after a meeting is marked held,
a one-question survey (1-5 and a free comment) by a signed, expiring link,
in the channel of the person's reminders and in their language; the answer
is anonymous by design.

How the answer stays anonymous:

- The link carries a random secret and the message's language, signed
  with the project's secret (django.core.signing, timestamped), so it
  cannot be made up and stops working POLKU_SURVEY_LINK_DAYS after it was
  sent. Only a keyed hash of the secret is stored (SurveyInvitation), with
  what the answer will record: organisation, meeting kind and channels.
- Answering deletes that row and stores the answer (SurveyAnswer) in one
  transaction: the answer row has no person, appointment, link or time
  finer than the month, and once the row is gone nothing names the link
  it came through. A second answer through the same link finds no row and
  is told the survey was answered already.
- The page's log (SurveyLinkUse) keeps the time and a keyed hash of the
  address, not the link, and is written in its own transaction before the
  answer's, so the time of an answer is tied to no link.

What remains known, by design: that a person was sent a survey (the
outbox's message, the timeline), and, until it expires, that their link is
still unanswered.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from appointments.answers import address_hash
from appointments.keys import message_key
from appointments.models import Appointment, ReminderPause
from appointments.rules import HELSINKI, RECORD_CHANNELS, message_language
from core.runs import task_hand_over
from messaging.models import Message
from messaging.rules import sms_number
from messaging.services import message_queue

from .models import (
    SurveyAnswer,
    SurveyChannel,
    SurveyInvitation,
    SurveyLinkUse,
    SurveySetting,
)

if TYPE_CHECKING:
    from typing import Any

    from accounts.models import User
    from organisations.models import Organisation

SALT = "reporting.survey"
TEMPLATE = "reporting/messages/survey"
# The message kind in the outbox's key (appointments.keys.message_key): the
# survey goes on the person's timeline as a message sent, like a reminder.
MESSAGE_KIND = "survey"
# Uses of the page from one address in an hour before it answers 429.
PER_ADDRESS_PER_HOUR = 60
# The reminder's channels in the order the survey prefers them: e-mail
# carries the link in a readable message and costs nothing per message.
CHANNEL_PREFERENCE = (SurveyChannel.EMAIL, SurveyChannel.SMS)


class AlreadyAnsweredError(Exception):
    """The link was answered before (its invitation row is gone)."""


# --- The link ------------------------------------------------------------------


def secret_hash(secret: str) -> str:
    """A keyed hash of the link's secret: the stored row cannot be turned
    back into a working link."""
    return hmac.new(
        settings.SECRET_KEY.encode(), f"survey:{secret}".encode(), hashlib.sha256
    ).hexdigest()


def survey_token(*, secret: str, language: str) -> str:
    return signing.dumps({"s": secret, "l": language}, salt=SALT)


def survey_url(*, secret: str, language: str) -> str:
    """The absolute link put into the message (POLKU_PUBLIC_URL + the path)."""
    path = reverse("survey", args=[survey_token(secret=secret, language=language)])
    return f"{settings.POLKU_PUBLIC_URL.rstrip('/')}{path}"


def link_days() -> dt.timedelta:
    return dt.timedelta(days=settings.POLKU_SURVEY_LINK_DAYS)


@dataclass(frozen=True)
class LinkRead:
    secret: str
    language: str
    is_expired: bool


def token_read(token: str) -> LinkRead | None:
    """The secret and language of a genuine link, and whether it has
    expired (the page says so in the person's language); None when it was
    altered or made up."""
    is_expired = False
    try:
        value = signing.loads(token, salt=SALT, max_age=link_days())
    except signing.SignatureExpired:
        is_expired = True
        value = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(value, dict):
        return None
    secret, language = value.get("s"), value.get("l")
    if not isinstance(secret, str) or language not in ("fi", "sv", "en"):
        return None
    return LinkRead(secret=secret, language=language, is_expired=is_expired)


# --- Sending --------------------------------------------------------------------


def survey_is_on(*, organisation_id: int) -> bool:
    return SurveySetting.objects.filter(
        organisation_id=organisation_id, is_on=True
    ).exists()


def survey_setting_set(
    *, organisation: Organisation, is_on: bool, actor: User, now: dt.datetime
) -> SurveySetting:
    """Switch the survey on or off for the organisation's meetings held from
    now on (links already sent keep working until they expire)."""
    setting, _created = SurveySetting.objects.update_or_create(
        organisation=organisation,
        defaults={"is_on": is_on, "changed_by": actor, "changed_at": now},
    )
    return setting


def reminder_channel(appointment: Appointment) -> str | None:
    """The channel the person's reminders reach them by: of the appointment's
    reminders sent, else its invitations sent, e-mail before text message;
    None when none went (a letter only, or every message failed), or when
    the person no longer has that address."""
    sent = set(
        Message.objects.filter(
            idempotency_key__in=[
                message_key(appointment.pk, kind, channel)
                for kind in ("reminder", "invitation")
                for channel in CHANNEL_PREFERENCE
            ],
            status=Message.Status.SENT,
        ).values_list("idempotency_key", flat=True)
    )
    jobseeker = appointment.jobseeker
    reachable = {
        SurveyChannel.EMAIL: bool(jobseeker.email),
        SurveyChannel.SMS: bool(jobseeker.phone),
    }
    for kind in ("reminder", "invitation"):
        for channel in CHANNEL_PREFERENCE:
            if (
                message_key(appointment.pk, kind, channel) in sent
                and reachable[channel]
            ):
                return channel.value
    return None


def survey_invite(*, appointment_id: int, now: dt.datetime) -> Message | None:
    """Queue the survey about a meeting held, once: by the channel of the
    person's reminders, in their language, when the organisation has the
    survey on and the person's reminders are not paused; None when nothing
    is sent. The message carries the date and the link only."""
    appointment = (
        Appointment.objects.select_related("jobseeker", "step")
        .filter(pk=appointment_id, status=Appointment.Status.HELD)
        .first()
    )
    if appointment is None or not survey_is_on(
        organisation_id=appointment.organisation_id
    ):
        return None
    paused = ReminderPause.objects.filter(
        jobseeker_id=appointment.jobseeker_id, resumed_at__isnull=True
    ).exists()
    channel = None if paused else reminder_channel(appointment)
    if channel is None:
        return None
    key = message_key(appointment.pk, MESSAGE_KIND, channel)
    if Message.objects.filter(idempotency_key=key).exists():
        return None  # sent before: a retried task sends nothing twice
    jobseeker = appointment.jobseeker
    recipient = (
        jobseeker.email
        if channel == SurveyChannel.EMAIL
        else sms_number(jobseeker.phone)
    )
    if not recipient:
        return None
    language = message_language(jobseeker.mother_tongue)
    secret = secrets.token_urlsafe(18)
    starts = appointment.during.lower.astimezone(HELSINKI)
    with transaction.atomic():
        SurveyInvitation.objects.create(
            secret_hash=secret_hash(secret),
            organisation_id=appointment.organisation_id,
            meeting_kind=appointment.step.kind if appointment.step else "",
            channel=RECORD_CHANNELS.get(appointment.channel, ""),
            survey_channel=channel,
            expires_at=now + link_days(),
        )
        return message_queue(
            organisation_id=appointment.organisation_id,
            channel=channel,
            recipient=recipient,
            language=language,
            template_key=TEMPLATE,
            context={
                "date": f"{starts.day}.{starts.month}.{starts.year}",
                "survey_url": survey_url(secret=secret, language=language),
                "days": settings.POLKU_SURVEY_LINK_DAYS,
            },
            idempotency_key=key,
            jobseeker_id=appointment.jobseeker_id,
        )


def survey_invite_on_commit(sender: Any, appointment_id: int, **kwargs: Any) -> None:
    """appointments.signals.appointment_held: queue the survey's task once
    the attendance commits (the organisation's switch is read there)."""
    transaction.on_commit(lambda: _hand_over(appointment_id))


def _hand_over(appointment_id: int) -> None:
    # Imported here: the tasks module imports this one.
    from .tasks import survey_invite_task

    # The survey is optional: one the broker did not take is logged, never
    # an error for the caseworker who recorded the attendance.
    task_hand_over(survey_invite_task, appointment_id, fallback="no survey is sent")


def survey_invitations_expire(*, now: dt.datetime) -> int:
    """Delete the links no longer answerable; how many."""
    deleted, _rows = SurveyInvitation.objects.filter(expires_at__lt=now).delete()
    return deleted


# --- Answering ------------------------------------------------------------------


def link_use_record(*, address: str, action: str, now: dt.datetime) -> bool:
    """Log one use of a survey link, in its own transaction; False (logged as
    refused) when the address has used links too often in the last hour."""
    hashed = address_hash(address)
    too_many = (
        SurveyLinkUse.objects.filter(
            address_hash=hashed, used_at__gt=now - dt.timedelta(hours=1)
        )
        .exclude(action=SurveyLinkUse.Action.REFUSED)
        .count()
        >= PER_ADDRESS_PER_HOUR
    )
    SurveyLinkUse.objects.create(
        used_at=now,
        action=SurveyLinkUse.Action.REFUSED if too_many else action,
        address_hash=hashed,
    )
    return not too_many


def is_unanswered(*, secret: str) -> bool:
    return SurveyInvitation.objects.filter(secret_hash=secret_hash(secret)).exists()


def survey_answer_record(
    *, secret: str, score: int, comment: str, now: dt.datetime
) -> SurveyAnswer:
    """Store the answer given through the link and forget the link, in one
    transaction (the only way an answer is written); AlreadyAnsweredError
    when the link was answered before."""
    with transaction.atomic():
        # Locked first: of two answers sent at once through the same link,
        # the second waits for the first to commit and then finds no row.
        deleted = list(
            SurveyInvitation.objects.filter(secret_hash=secret_hash(secret))
            .select_for_update()
            .values("organisation_id", "meeting_kind", "channel", "survey_channel")
        )
        if not deleted:
            raise AlreadyAnsweredError
        SurveyInvitation.objects.filter(secret_hash=secret_hash(secret)).delete()
        facts = deleted[0]
        answer = SurveyAnswer(
            organisation_id=facts["organisation_id"],
            month=now.astimezone(HELSINKI).date().replace(day=1),
            score=score,
            comment=comment.strip(),
            meeting_kind=facts["meeting_kind"],
            channel=facts["channel"],
            survey_channel=facts["survey_channel"],
        )
        answer.full_clean()
        answer.save()
    return answer


def already_answered_text() -> str:
    return _("This survey has already been answered. Thank you.")
