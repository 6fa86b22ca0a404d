"""Letters for jobseekers with neither an e-mail address nor a mobile
number: the invitation and the reminder on paper, in the person's language
(the same text as the e-mail), one letter a page, printed one by one or as
a day's batch."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import translation

from cases.permissions import personal_data_organisation_ids
from core.pdf import render_pdf
from messaging.models import Message
from messaging.rendering import message_render
from messaging.rules import sms_number

from . import rules
from .models import Appointment
from .services import INVITATION, REMINDER, invitation_context

if TYPE_CHECKING:
    from accounts.models import User
    from cases.models import Jobseeker

LETTER_KINDS = {"invitation": INVITATION, "reminder": REMINDER}
# Letters in one PDF rendered while the caseworker waits (about 0.1 s each).
BATCH_LIMIT = 300


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


def letter_for(appointment: Appointment, *, kind: str, today: dt.date) -> Letter:
    """The letter of `kind` about the appointment, in the jobseeker's language."""
    jobseeker = appointment.jobseeker
    language = rules.message_language(jobseeker.mother_tongue)
    context = invitation_context(appointment)
    context["event"] = None
    # A letter cannot say "do not reply to this message".
    context["letter"] = True
    # Rendered as the e-mail is, from an unsaved outbox row: one wording.
    text = message_render(
        Message(
            channel=Message.Channel.EMAIL,
            recipient="",
            language=language,
            template_key=LETTER_KINDS[kind],
            context=context,
            idempotency_key="",
        )
    )
    with translation.override(language):
        sender = appointment.organisation.display_name
    return Letter(
        language=language,
        recipient=[
            f"{jobseeker.first_names} {jobseeker.last_name}",
            *[line.strip() for line in jobseeker.address.split(",") if line.strip()],
        ],
        sender=sender,
        dated=f"{today.day}.{today.month}.{today.year}",
        subject=text.subject,
        body=text.body,
    )


def letters_pdf(letters: list[Letter], *, language: str) -> bytes:
    """One PDF, a letter a page (each in its own language)."""
    return render_pdf(
        "appointments/pdf/letters.html", {"letters": letters}, language=language
    )


def letters_of_day(
    *, user: User, day: dt.date, everyone: bool
) -> list[tuple[Appointment, str]]:
    """The day's letters to print for the user's clients without e-mail or
    mobile number (or the whole organisation's with `everyone`): invitations
    of the appointments booked that day, and reminders of those the day's
    reminder run covers (rules.reminder_days). At most BATCH_LIMIT + 1, so
    that the caller can tell there are more."""
    scope = Q(organisation_id__in=personal_data_organisation_ids(user))
    if not everyone:
        scope &= Q(caseworker=user)
    start = dt.datetime.combine(day, dt.time(), tzinfo=rules.HELSINKI)
    end = start + dt.timedelta(days=1)
    covered = rules.reminder_days(day)
    kinds = Q(created_at__gte=start, created_at__lt=end)
    if covered is not None:
        kinds |= Q(
            during__startswith__gte=dt.datetime.combine(
                covered[0], dt.time(), tzinfo=rules.HELSINKI
            ),
            during__startswith__lt=dt.datetime.combine(
                covered[1] + dt.timedelta(days=1), dt.time(), tzinfo=rules.HELSINKI
            ),
        )
    rows = (
        Appointment.objects.filter(scope, kinds, status=Appointment.Status.BOOKED)
        .filter(jobseeker__email="")
        .select_related("jobseeker", "place", "organisation")
        .order_by("during", "pk")
    )
    letters: list[tuple[Appointment, str]] = []
    for appointment in rows.iterator(chunk_size=500):
        if not has_no_channel(appointment.jobseeker):
            continue
        booked_today = start <= appointment.created_at < end
        reminded_today = covered is not None and (
            covered[0]
            <= appointment.during.lower.astimezone(rules.HELSINKI).date()
            <= covered[1]
        )
        if booked_today:
            letters.append((appointment, "invitation"))
        if reminded_today and not booked_today:
            letters.append((appointment, "reminder"))
        if len(letters) > BATCH_LIMIT:
            break
    return letters
