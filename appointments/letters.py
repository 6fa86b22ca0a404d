"""Letters for jobseekers with neither an e-mail address nor a mobile
number: the invitation and the reminder on paper, in the person's language
(the same text as the e-mail), one letter a page.

A letter is an outbox message of channel "letter" (messaging): queued with
the other channels' messages under its own idempotency key, never sent by a
worker, and recorded sent once printed, one by one from the jobseeker page
or as a day's batch (a LetterRun, in the background). So every letter, as
every e-mail and text message, is on the jobseeker's timeline and in the
access log."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import BigIntegerField, Exists, OuterRef, Q, Value
from django.db.models.functions import Cast, StrIndex, Substr
from django.utils import translation

from cases.permissions import personal_data_organisation_ids
from core.pdf import render_pdf, render_pdf_in_parts
from messaging.models import Message
from messaging.rendering import message_render
from messaging.rules import sms_number
from organisations.models import Organisation

from . import rules
from .keys import KEY_PREFIX, LETTER
from .models import Appointment, ReminderPause

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from django.db.models import QuerySet

    from accounts.models import User
    from cases.models import Jobseeker

LETTER_KINDS = ("invitation", "reminder")


@dataclass(frozen=True)
class Letter:
    language: str
    recipient: list[str]
    sender: str
    dated: str
    subject: str
    body: str


def has_no_channel(jobseeker: Jobseeker) -> bool:
    """Neither an e-mail address nor a number that takes text messages: the
    person is invited and reminded by letter."""
    return not jobseeker.email and not (jobseeker.phone and sms_number(jobseeker.phone))


def postal_recipient(jobseeker: Jobseeker) -> str:
    """The letter's address block, a line each: the name, then the address
    as written ("Testitie 5, 85100 Kalajoki" gives two lines)."""
    lines = [
        f"{jobseeker.first_names} {jobseeker.last_name}",
        *[line.strip() for line in jobseeker.address.split(",") if line.strip()],
    ]
    return "\n".join(lines)[:254]


def _dated(today: dt.date) -> str:
    return f"{today.day}.{today.month}.{today.year}"


def letters_of(messages: Iterable[Message], *, today: dt.date) -> list[Letter]:
    """The letters of these outbox messages, each in its recipient's
    language, signed by the organisation that queued it (one query)."""
    rows = list(messages)
    senders = Organisation.objects.in_bulk({m.organisation_id for m in rows})
    letters = []
    for message in rows:
        text = message_render(message)
        with translation.override(message.language):
            sender = senders[message.organisation_id].display_name
        letters.append(
            Letter(
                language=message.language,
                recipient=message.recipient.splitlines(),
                sender=sender,
                dated=_dated(today),
                subject=text.subject,
                body=text.body,
            )
        )
    return letters


def letters_pdf(letters: list[Letter], *, language: str) -> bytes:
    """One PDF, a letter a page (each in its own language)."""
    return render_pdf(
        "appointments/pdf/letters.html", {"letters": letters}, language=language
    )


def letters_pdf_in_parts(
    parts: Sequence[Sequence[Message]],
    *,
    today: dt.date,
    language: str,
    progress: Callable[[int], None],
) -> bytes:
    """One PDF of many letters, laid out a part at a time; `progress` gets
    the number of letters done after each part."""
    done = 0

    def part_done(index: int) -> None:
        nonlocal done
        done += len(parts[index - 1])
        progress(done)

    return render_pdf_in_parts(
        "appointments/pdf/letters.html",
        [{"letters": letters_of(part, today=today)} for part in parts],
        language=language,
        progress=part_done,
    )


def _appointment_id() -> Cast:
    """The appointment's id in a message key, in SQL:
    "appointment:<id>:<kind>:<channel>" (appointments.keys.message_key)."""
    rest = Substr("idempotency_key", len(KEY_PREFIX) + 1)
    return Cast(
        Substr(rest, 1, StrIndex(rest, Value(":")) - 1),
        output_field=BigIntegerField(),
    )


def letter_messages_of_day(
    *, user: User, day: dt.date, everyone: bool
) -> QuerySet[Message]:
    """The letters of the day's batch for the user's clients (or the
    organisations' with `everyone`): those queued that day, and those
    queued before, never printed, about an appointment still ahead, so
    that none is left behind by a day nobody printed. Oldest first."""
    start = dt.datetime.combine(day, dt.time(), tzinfo=rules.HELSINKI)
    end = start + dt.timedelta(days=1)
    about = Appointment.objects.filter(pk=OuterRef("appointment_id"))
    rows = (
        Message.objects.filter(
            channel=LETTER,
            idempotency_key__startswith=KEY_PREFIX,
            organisation_id__in=personal_data_organisation_ids(user),
        )
        .alias(appointment_id=_appointment_id())
        .filter(
            Q(created_at__gte=start, created_at__lt=end)
            | Q(
                Exists(about.filter(during__startswith__gte=end)),
                created_at__lt=start,
                status=Message.Status.QUEUED,
            )
        )
    )
    if not everyone:
        rows = rows.filter(Exists(about.filter(caseworker=user)))
    return rows.order_by("created_at", "id")


def reminder_appointments_of_day(
    *, user: User, day: dt.date, everyone: bool
) -> list[Appointment]:
    """The appointments of the user's clients (or the organisations') whose
    reminder goes by letter on `day` (rules.reminder_days), with reminders
    not paused: their letters join the day's batch even when it is printed
    before the reminder hour's run queues the other channels' reminders."""
    covered = rules.reminder_days(day)
    if covered is None:
        return []
    start = dt.datetime.combine(day, dt.time(), tzinfo=rules.HELSINKI)
    scope = Q(organisation_id__in=personal_data_organisation_ids(user))
    if not everyone:
        scope &= Q(caseworker=user)
    rows = (
        Appointment.objects.filter(
            scope,
            status=Appointment.Status.BOOKED,
            during__startswith__gte=dt.datetime.combine(
                covered[0], dt.time(), tzinfo=rules.HELSINKI
            ),
            during__startswith__lt=dt.datetime.combine(
                covered[1] + dt.timedelta(days=1), dt.time(), tzinfo=rules.HELSINKI
            ),
            jobseeker__email="",
        )
        # Booked that day: the invitation letter goes in the same batch,
        # and a reminder beside it would say the same again.
        .exclude(created_at__gte=start)
        .exclude(
            Exists(
                ReminderPause.objects.filter(
                    jobseeker_id=OuterRef("jobseeker_id"), resumed_at__isnull=True
                )
            )
        )
        .select_related("jobseeker", "place")
        .order_by("during", "pk")
    )
    return [a for a in rows.iterator(chunk_size=500) if has_no_channel(a.jobseeker)]
