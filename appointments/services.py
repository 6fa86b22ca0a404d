"""Writes of booking: an appointment and its invitation, in one transaction."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import CharField, Count, Exists, OuterRef, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext as _
from psycopg.types.range import Range

from cases.models import Case, CaseEvent, ProcessStep, StepStatus
from cases.models.process import StepKind
from cases.rules import process as process_rules
from cases.services.events import event_record
from cases.services.steps import step_complete, step_create
from core import runs
from core.runs import RunStatus
from messaging import services as messaging_services
from messaging.models import Message
from messaging.rules import quiet_hours_end, sms_number
from messaging.services import NewMessage, message_queue, messages_queue

from . import letters, rules, selectors
from .answers import answer_url
from .keys import INVITATION_CHANNELS, LETTER, message_key
from .models import (
    Absence,
    Appointment,
    BulkBookingResult,
    BulkBookingRun,
    CalendarFeed,
    ExtraHours,
    LetterRun,
    Place,
    ReminderPause,
    WeeklyHours,
)
from .signals import appointment_held

if TYPE_CHECKING:
    from collections.abc import Collection

    from accounts.models import User
    from cases.models import Jobseeker

INVITATION = "appointments/messages/invitation"
CANCELLATION = "appointments/messages/cancellation"
REMINDER = "appointments/messages/reminder"


def _problem_text(code: str) -> str:
    return {
        rules.IN_THE_PAST: _("The time is in the past. Choose a later time."),
        rules.OUTSIDE_HOURS: _(
            "The time is outside the caseworker's bookable hours. "
            "Choose one of the free times or a time within bookable hours."
        ),
        rules.AFTER_DEADLINE: _(
            "The time is after the statutory due date. Give the reason for "
            "the later time, or choose a time before the due date."
        ),
    }[code]


def double_booking_text() -> str:
    return _(
        "The caseworker already has an appointment at that time. Choose another time."
    )


def appointment_book(
    *,
    step: ProcessStep,
    caseworker: User,
    starts_at: dt.datetime,
    length: dt.timedelta,
    place: Place,
    late_reason: str,
    actor: User,
    now: dt.datetime,
) -> Appointment:
    """Book the step's meeting with the caseworker and queue its invitation
    to the jobseeker; a ValidationError in the actor's language when the
    time is past, outside bookable hours, after the due date without a
    reason, or already taken."""
    ends_at = starts_at + length
    day = starts_at.astimezone(rules.HELSINKI).date()
    (calendar,) = selectors.calendars_for(
        caseworker_ids=[caseworker.pk], first_day=day, last_day=day
    )
    problems = rules.booking_problems(
        calendar,
        starts_at=starts_at,
        ends_at=ends_at,
        now=now,
        due_on=step.due_on,
        has_late_reason=bool(late_reason.strip()),
    )
    if problems:
        raise ValidationError([_problem_text(code) for code in problems])
    if place.organisation_id != step.organisation_id:
        raise ValidationError(_("Choose a place of the jobseeker's organisation."))
    appointment = Appointment(
        organisation_id=step.organisation_id,
        caseworker=caseworker,
        jobseeker=step.jobseeker,
        case_id=step.case_id,
        step=_meeting_step(step),
        during=Range(starts_at, ends_at, "[)"),
        channel=place.channel,
        place=place,
        late_reason=late_reason.strip() if day > step.due_on else "",
        booked_by=actor,
    )
    try:
        with transaction.atomic():
            appointment.save()
            _rebooking_steps_complete(case_id=step.case_id, on=now)
            _queue(appointment, template_key=INVITATION, kind="invitation")
    except IntegrityError as exc:
        # Checked here rather than with a query first: only the database
        # sees a booking made by someone else a moment ago.
        if "appointment_no_double_booking" in str(exc):
            raise ValidationError(double_booking_text()) from exc
        raise
    return appointment


def _meeting_step(step: ProcessStep) -> ProcessStep:
    """The step an appointment is for: booking from a rebooking step books
    the meeting that was missed, while its step is still open, so that the
    appointment held opens that meeting's record form."""
    if step.kind != StepKind.REBOOKING:
        return step
    missed = (
        Appointment.objects.filter(
            case_id=step.case_id,
            status__in=[Appointment.Status.NO_SHOW, Appointment.Status.CANCELLED],
            step__status=StepStatus.OPEN,
        )
        .select_related("step")
        .order_by("-during")
        .first()
    )
    return missed.step if missed is not None and missed.step is not None else step


def _rebooking_steps_complete(*, case_id: int, on: dt.datetime) -> None:
    """A new time booked on the case is what a rebooking step waits for."""
    day = on.astimezone(rules.HELSINKI).date()
    for pending in ProcessStep.objects.select_for_update().filter(
        case_id=case_id, kind=StepKind.REBOOKING, status=StepStatus.OPEN
    ):
        step_complete(pending, on=day)


def appointment_cancel(
    *, appointment: Appointment, actor: User, now: dt.datetime
) -> Appointment:
    """Cancel a booked appointment, freeing its time, and tell the jobseeker
    by every channel the invitation went by; on the timeline."""
    with transaction.atomic():
        updated = Appointment.objects.filter(
            pk=appointment.pk, status=Appointment.Status.BOOKED
        ).update(status=Appointment.Status.CANCELLED)
        if not updated:
            raise ValidationError(_("Only a booked appointment can be cancelled."))
        appointment.status = Appointment.Status.CANCELLED
        _attendance_event(appointment, outcome=rules.CANCELLED, actor=actor, now=now)
        _queue(appointment, template_key=CANCELLATION, kind="cancellation")
    return appointment


def _fmt_time(value: dt.datetime) -> str:
    # Finnish and Swedish both write 9.30; plain-language English accepts it.
    return f"{value.hour}.{value.minute:02d}"


def invitation_context(appointment: Appointment) -> dict[str, Any]:
    """What an invitation says: the time, the place or line, and how to get
    there, never the jobseeker's identity code or health data."""
    starts = appointment.during.lower.astimezone(rules.HELSINKI)
    ends = appointment.during.upper.astimezone(rules.HELSINKI)
    place = appointment.place
    location = place.address or place.video_url or place.phone or place.name
    return {
        "date": f"{starts.day}.{starts.month}.{starts.year}",
        "weekday": starts.weekday(),
        "time": _fmt_time(starts),
        "end_time": _fmt_time(ends),
        "channel": appointment.channel,
        "place_name": place.name,
        "address": place.address,
        "phone": place.phone,
        "video_url": place.video_url,
        "instructions": place.instructions,
        "event": {
            "uid": f"appointment-{appointment.pk}@polku",
            "starts_at": starts.isoformat(),
            "ends_at": ends.isoformat(),
            "location": location,
            "url": place.video_url,
        },
    }


def _messages(
    appointment: Appointment,
    *,
    template_key: str,
    kind: str,
    not_before: dt.datetime | None = None,
) -> list[NewMessage]:
    """One message per channel the jobseeker can be reached by, each sent
    at most once (the key names the appointment, kind and channel)."""
    jobseeker = appointment.jobseeker
    language = rules.message_language(jobseeker.mother_tongue)
    context = invitation_context(appointment)
    if kind != "invitation":
        # Only the invitation adds the entry to the person's calendar.
        context["event"] = None
    if kind != "cancellation":
        context["answer_url"] = answer_url(
            appointment_id=appointment.pk, language=language
        )
    recipients = {
        "email": jobseeker.email,
        "sms": sms_number(jobseeker.phone) if jobseeker.phone else None,
    }
    if not any(recipients.values()):
        # Neither: the message goes by post (appointments.letters).
        return [_letter(appointment, template_key=template_key, kind=kind)]
    return [
        NewMessage(
            organisation_id=appointment.organisation_id,
            channel=channel,
            recipient=recipient,
            language=language,
            template_key=template_key,
            context=context,
            idempotency_key=message_key(appointment.pk, kind, channel),
            jobseeker_id=appointment.jobseeker_id,
            not_before=not_before,
        )
        for channel in INVITATION_CHANNELS
        if (recipient := recipients[channel])
    ]


def _letter(appointment: Appointment, *, template_key: str, kind: str) -> NewMessage:
    """The message as a letter to the jobseeker's postal address: the
    e-mail's text without the answer link or calendar entry, which paper
    cannot carry (appointments.letters)."""
    jobseeker = appointment.jobseeker
    context = invitation_context(appointment)
    context["event"] = None
    context["letter"] = True
    return NewMessage(
        organisation_id=appointment.organisation_id,
        channel=LETTER,
        recipient=letters.postal_recipient(jobseeker),
        language=rules.message_language(jobseeker.mother_tongue),
        template_key=template_key,
        context=context,
        idempotency_key=message_key(appointment.pk, kind, LETTER),
        jobseeker_id=appointment.jobseeker_id,
    )


def _queue(appointment: Appointment, *, template_key: str, kind: str) -> None:
    for new in _messages(appointment, template_key=template_key, kind=kind):
        message_queue(
            organisation_id=new.organisation_id,
            channel=new.channel,
            recipient=new.recipient,
            language=new.language,
            template_key=new.template_key,
            context=new.context,
            idempotency_key=new.idempotency_key,
            jobseeker_id=new.jobseeker_id,
        )


# --- Reminders ----------------------------------------------------------------

# Appointments per batch: one SELECT and one INSERT of their messages each.
REMINDER_BATCH = 2000


def _reminder_key(channel: str) -> Concat:
    return Concat(
        Value("appointment:"),
        Cast(OuterRef("pk"), CharField()),
        Value(f":reminder:{channel}"),
        output_field=CharField(),
    )


def reminder_send_at(*, now: dt.datetime) -> dt.datetime | None:
    """When today's reminders go: the configured hour of a working day, or
    the end of the quiet hours when that hour falls in them; None before
    that hour or on a day off."""
    local = now.astimezone(rules.HELSINKI)
    if rules.reminder_days(local.date()) is None:
        return None
    at = dt.datetime.combine(
        local.date(), dt.time(settings.POLKU_REMINDER_HOUR), tzinfo=rules.HELSINKI
    )
    if now < at:
        return None
    quiet_end = quiet_hours_end(
        at,
        quiet_from=settings.POLKU_MESSAGE_QUIET_FROM_HOUR,
        quiet_until=settings.POLKU_MESSAGE_QUIET_UNTIL_HOUR,
        zone=rules.HELSINKI,
    )
    return quiet_end or at


def appointment_reminders_prepare(*, now: dt.datetime) -> int:
    """Queue today's reminders: for every live appointment on the days up
    to the next working day (rules.reminder_days) of a jobseeker without a
    reminder pause, one message per channel, at most once (the outbox's
    key); the number of messages queued. Set-based, in batches of
    REMINDER_BATCH appointments; running it again adds what was booked
    since."""
    send_at = reminder_send_at(now=now)
    if send_at is None:
        return 0
    first_day, last_day = rules.reminder_days(now.astimezone(rules.HELSINKI).date())  # type: ignore[misc]
    starts = dt.datetime.combine(first_day, dt.time(), tzinfo=rules.HELSINKI)
    ends = dt.datetime.combine(
        last_day + dt.timedelta(days=1), dt.time(), tzinfo=rules.HELSINKI
    )
    due = (
        Appointment.objects.filter(
            status=Appointment.Status.BOOKED,
            # A reminder after the start (quiet hours) would be no reminder.
            during__startswith__gt=max(starts, send_at),
            during__startswith__lt=ends,
        )
        .exclude(
            Exists(
                ReminderPause.objects.filter(
                    jobseeker_id=OuterRef("jobseeker_id"), resumed_at__isnull=True
                )
            )
        )
        .exclude(
            Exists(
                Message.objects.filter(
                    Q(idempotency_key=_reminder_key("email"))
                    | Q(idempotency_key=_reminder_key("sms"))
                    | Q(idempotency_key=_reminder_key(LETTER))
                )
            )
        )
        .select_related("jobseeker", "place")
        .only(
            "organisation_id",
            "jobseeker_id",
            "during",
            "channel",
            "place__name",
            "place__address",
            "place__phone",
            "place__video_url",
            "place__instructions",
            "jobseeker__mother_tongue",
            "jobseeker__email",
            "jobseeker__phone",
            # For a letter's address block.
            "jobseeker__first_names",
            "jobseeker__last_name",
            "jobseeker__address",
        )
        .order_by("pk")
    )
    queued = 0
    last_pk = 0
    while True:
        batch = list(due.filter(pk__gt=last_pk)[:REMINDER_BATCH])
        if not batch:
            return queued
        last_pk = batch[-1].pk
        with transaction.atomic():
            queued += len(
                messages_queue(
                    messages=[
                        new
                        for appointment in batch
                        for new in _messages(
                            appointment,
                            template_key=REMINDER,
                            kind="reminder",
                            not_before=send_at,
                        )
                        # Reminder letters are queued by the day's batch of
                        # letters (letter_run_execute), which knows what
                        # else that day's envelope holds.
                        if new.channel != LETTER
                    ]
                )
            )


def reminders_pause(
    *, jobseeker: Jobseeker, actor: User, now: dt.datetime
) -> ReminderPause:
    """Stop appointment reminders to the jobseeker until resumed; the pause
    already on when there is one."""
    current = ReminderPause.objects.filter(
        jobseeker=jobseeker, resumed_at__isnull=True
    ).first()
    if current is not None:
        return current
    try:
        with transaction.atomic():
            return ReminderPause.objects.create(
                jobseeker=jobseeker, paused_at=now, paused_by=actor
            )
    except IntegrityError:
        # Another caseworker paused them a moment ago.
        return ReminderPause.objects.get(jobseeker=jobseeker, resumed_at__isnull=True)


def reminders_resume(*, jobseeker: Jobseeker, actor: User, now: dt.datetime) -> bool:
    """Send reminders to the jobseeker again; False when none were paused."""
    return bool(
        ReminderPause.objects.filter(
            jobseeker=jobseeker, resumed_at__isnull=True
        ).update(resumed_at=now, resumed_by=actor, updated_at=now)
    )


# --- Attendance ------------------------------------------------------------------


def _attendance_problem_text(code: str) -> str:
    return {
        rules.NOT_BOOKED: _(
            "Attendance is already recorded, or the appointment was cancelled."
        ),
        rules.NOT_STARTED: _(
            "The appointment has not started yet. Attendance can be recorded "
            "once it has begun; a cancellation at any time."
        ),
    }[code]


def appointment_attendance_record(
    *, appointment: Appointment, outcome: str, actor: User, now: dt.datetime
) -> ProcessStep | None:
    """Record whether the appointment was held, missed or cancelled. A
    missed or cancelled one adds a step to book a new time (the rebooking
    rule of cases.rules.process) and a cancellation tells the jobseeker;
    returns that step. The record of a meeting held is the meeting form's
    (cases.services.meeting_record), which completes the statutory step."""
    if outcome not in rules.ATTENDANCE_OUTCOMES:
        raise ValidationError(_("Choose whether the appointment was held."))
    with transaction.atomic():
        locked = Appointment.objects.select_for_update().get(pk=appointment.pk)
        problems = rules.attendance_problems(
            status=locked.status,
            outcome=outcome,
            starts_at=locked.during.lower,
            now=now,
        )
        if problems:
            raise ValidationError([_attendance_problem_text(c) for c in problems])
        locked.status = outcome
        locked.save(update_fields=["status", "updated_at"])
        appointment.status = outcome
        _attendance_event(appointment, outcome=outcome, actor=actor, now=now)
        if outcome == rules.CANCELLED:
            _queue(appointment, template_key=CANCELLATION, kind="cancellation")
        if outcome == rules.HELD:
            appointment_held.send(sender=Appointment, appointment_id=locked.pk)
        if not rules.needs_rebooking(outcome=outcome):
            return None
        return rebooking_step_add(appointment=locked, now=now)


_ATTENDANCE_EVENTS = {
    rules.HELD: CaseEvent.Kind.APPOINTMENT_HELD,
    rules.NO_SHOW: CaseEvent.Kind.APPOINTMENT_NO_SHOW,
    rules.CANCELLED: CaseEvent.Kind.APPOINTMENT_CANCELLED,
}


def _attendance_event(
    appointment: Appointment, *, outcome: str, actor: User, now: dt.datetime
) -> None:
    """The timeline row of an attendance marked or a cancellation: who
    marked it (the actor), the meeting, its time and channel (codes only;
    appointments.explain words them)."""
    starts = appointment.during.lower.astimezone(rules.HELSINKI)
    step = appointment.step
    event_record(
        case=appointment.case,
        jobseeker=appointment.jobseeker,
        kind=_ATTENDANCE_EVENTS[outcome],
        # Held or missed on the appointment's day, even when marked later;
        # a cancellation on the day it was made.
        occurred_on=(
            now.astimezone(rules.HELSINKI).date()
            if outcome == rules.CANCELLED
            else starts.date()
        ),
        actor=actor,
        target=appointment,
        step=step.kind if step is not None else "",
        starts_at=starts.isoformat(),
        channel=appointment.channel,
    )


def rebooking_step_add(
    *, appointment: Appointment, now: dt.datetime
) -> ProcessStep | None:
    """The step to book again after a missed or cancelled appointment, while
    the meeting it was for is still to be held; an open one is kept."""
    if appointment.step is None or appointment.step.status not in (
        StepStatus.OPEN,
        StepStatus.PAUSED,
    ):
        return None
    deadline = process_rules.rebooking_deadline(
        missed_on=now.astimezone(rules.HELSINKI).date()
    )
    if deadline is None:
        return None
    case = Case.objects.get(pk=appointment.case_id)
    created = step_create(case, deadline)
    if created is not None:
        return created
    return ProcessStep.objects.filter(
        case_id=case.pk, kind=StepKind.REBOOKING, status=StepStatus.OPEN
    ).first()


# --- A caseworker's own calendar --------------------------------------------


def weekly_hours_add(
    *,
    caseworker: User,
    weekday: int,
    start_time: dt.time,
    end_time: dt.time,
    place: Place,
    valid_from: dt.date,
    valid_until: dt.date | None,
) -> WeeklyHours:
    """Add a weekly bookable stretch to the caseworker's calendar."""
    hours = WeeklyHours(
        caseworker=caseworker,
        weekday=weekday,
        start_time=start_time,
        end_time=end_time,
        place=place,
        valid_from=valid_from,
        valid_until=valid_until,
    )
    hours.full_clean()
    hours.save()
    return hours


def extra_hours_add(
    *,
    caseworker: User,
    day: dt.date,
    start_time: dt.time,
    end_time: dt.time,
    place: Place,
) -> ExtraHours:
    """Add bookable time on one date."""
    hours = ExtraHours(
        caseworker=caseworker,
        day=day,
        start_time=start_time,
        end_time=end_time,
        place=place,
    )
    hours.full_clean()
    hours.save()
    return hours


def absence_add(*, caseworker: User, starts_on: dt.date, ends_on: dt.date) -> Absence:
    """Mark whole days away; bookings already made then are left for the
    caseworker to move (the calendar page lists them)."""
    absence = Absence(caseworker=caseworker, starts_on=starts_on, ends_on=ends_on)
    absence.full_clean()
    absence.save()
    return absence


CALENDAR_MODELS: dict[str, type[WeeklyHours | ExtraHours | Absence]] = {
    "weekly": WeeklyHours,
    "extra": ExtraHours,
    "absence": Absence,
}


def calendar_entry_remove(*, caseworker: User, kind: str, pk: int) -> bool:
    """Remove one row of the caseworker's own calendar; False when there is
    no such row of theirs."""
    model = CALENDAR_MODELS.get(kind)
    if model is None:
        return False
    deleted, _rows = model._default_manager.filter(
        pk=pk, caseworker=caseworker
    ).delete()
    return deleted > 0


def calendar_feed_create(*, caseworker: User, now: dt.datetime) -> CalendarFeed:
    """A new secret feed address for the caseworker; the old one stops."""
    with transaction.atomic():
        calendar_feed_revoke(caseworker=caseworker, now=now)
        return CalendarFeed.objects.create(
            caseworker=caseworker, token=secrets.token_urlsafe(32)
        )


def calendar_feed_revoke(*, caseworker: User, now: dt.datetime) -> bool:
    """Stop the caseworker's feed address; False when there was none."""
    return bool(
        CalendarFeed.objects.filter(
            caseworker=caseworker, revoked_at__isnull=True
        ).update(revoked_at=now, updated_at=now)
    )


# --- Bulk booking --------------------------------------------------------------

# Appointments written per transaction: a worker that dies loses at most one
# chunk, which the retried run books again (results make it idempotent).
BULK_CHUNK = 200


def bulk_booking_request(
    *,
    organisation_id: int,
    step_ids: Collection[int],
    uses_team: bool,
    length: dt.timedelta,
    actor: User,
) -> BulkBookingRun:
    """Record a bulk booking of the steps and queue its task after commit."""
    ids = sorted(set(step_ids))
    if not ids:
        raise ValidationError(_("Choose at least one initial interview to book."))
    run = BulkBookingRun.objects.create(
        organisation_id=organisation_id,
        requested_by=actor,
        uses_team=uses_team,
        length_minutes=int(length.total_seconds() // 60),
        step_ids=ids,
        progress_total=len(ids),
    )
    runs.run_send_on_commit(run)
    return run


def _bulk_outcomes_before_booking(
    steps: list[ProcessStep], *, today: dt.date
) -> dict[int, str]:
    """The steps that cannot be booked, with why (the others get a time)."""
    outcome = BulkBookingResult.Outcome
    booked = selectors.booking_states(step_ids=[step.pk for step in steps])
    outcomes: dict[int, str] = {}
    for step in steps:
        if step.status != StepStatus.OPEN or step.kind != StepKind.INITIAL_INTERVIEW:
            outcomes[step.pk] = outcome.NOT_OPEN
        elif step.pk in booked:
            outcomes[step.pk] = outcome.ALREADY_BOOKED
        elif step.due_on < today:
            outcomes[step.pk] = outcome.DUE_DATE_PASSED
    return outcomes


def bulk_booking_run_execute(*, run_id: int, now: dt.datetime) -> BulkBookingRun:
    """Book the run's steps into free times before their due dates: the
    calendars are read once, the times allocated in memory (rules.allocate)
    and the appointments, results and invitations written in chunks with
    one statement each. Steps with a result already (a retried run) are
    skipped; the database still refuses a time someone booked meanwhile."""
    run = BulkBookingRun.objects.select_related("requested_by").get(pk=run_id)
    beat = runs.RunHeartbeat(model=BulkBookingRun, pk=run.pk)
    done = set(run.results.values_list("step_id", flat=True))
    steps = list(
        ProcessStep.objects.filter(
            pk__in=[pk for pk in run.step_ids if pk not in done],
            organisation_id=run.organisation_id,
        ).select_related("jobseeker")
    )
    today = now.astimezone(rules.HELSINKI).date()
    outcomes = _bulk_outcomes_before_booking(steps, today=today)
    bookable = [step for step in steps if step.pk not in outcomes]
    team = (
        selectors.team_caseworker_ids(organisation_id=run.organisation_id)
        if run.uses_team
        else []
    )
    requests = [
        rules.BookingRequest(
            step_id=step.pk,
            caseworker_ids=tuple(
                sorted({step.assignee_id or run.requested_by_id, *team})
            ),
            due_on=step.due_on,
        )
        for step in bookable
    ]
    length = dt.timedelta(minutes=run.length_minutes)
    allocation: dict[int, rules.Slot | None] = {}
    if requests:
        last_day = max(request.due_on for request in requests)
        caseworker_ids = {pk for r in requests for pk in r.caseworker_ids}
        slots = rules.free_slots(
            selectors.calendars_for(
                caseworker_ids=caseworker_ids, first_day=today, last_day=last_day
            ),
            now=now,
            first_day=today,
            last_day=last_day,
            length=length,
            limit=len(requests) * len(caseworker_ids),
        )
        allocation = rules.allocate(requests, slots)
    places = {
        place.pk: place
        for place in Place.objects.filter(
            pk__in={slot.place_id for slot in allocation.values() if slot}
        )
    }
    handled = len(done)
    # Steps without a time are recorded first: one statement.
    BulkBookingResult.objects.bulk_create(
        [
            BulkBookingResult(run=run, step_id=step_id, outcome=outcome)
            for step_id, outcome in [
                *outcomes.items(),
                *(
                    (pk, BulkBookingResult.Outcome.NO_FREE_TIME)
                    for pk, slot in allocation.items()
                    if slot is None
                ),
            ]
        ],
        ignore_conflicts=True,
    )
    handled += len(outcomes) + sum(1 for s in allocation.values() if s is None)
    beat(handled, len(run.step_ids))
    to_book = [step for step in bookable if allocation.get(step.pk) is not None]
    for start in range(0, len(to_book), BULK_CHUNK):
        chunk = to_book[start : start + BULK_CHUNK]
        _bulk_book_chunk(run, chunk, allocation, places, length=length, now=now)
        handled += len(chunk)
        beat(handled, len(run.step_ids))
    counts = dict(run.results.values_list("outcome").annotate(n=Count("id")).order_by())
    booked = counts.get(BulkBookingResult.Outcome.BOOKED, 0)
    BulkBookingRun.objects.filter(pk=run.pk).update(
        status=RunStatus.DONE,
        booked=booked,
        not_booked=sum(counts.values()) - booked,
        progress_done=len(run.step_ids),
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )
    run.refresh_from_db()
    return run


def _bulk_book_chunk(
    run: BulkBookingRun,
    steps: list[ProcessStep],
    allocation: dict[int, rules.Slot | None],
    places: dict[int, Place],
    *,
    length: dt.timedelta,
    now: dt.datetime,
) -> None:
    """Book one chunk in one transaction; if the database refuses a time
    (booked meanwhile by someone else), book the chunk one by one so that
    only the refused steps are left without a time."""
    appointments = []
    for step in steps:
        slot = allocation[step.pk]
        assert slot is not None  # noqa: S101 - only allocated steps come here
        place = places[slot.place_id]
        appointments.append(
            Appointment(
                organisation_id=step.organisation_id,
                caseworker_id=slot.caseworker_id,
                jobseeker=step.jobseeker,
                case_id=step.case_id,
                step=step,
                during=Range(slot.starts_at, slot.starts_at + length, "[)"),
                channel=place.channel,
                place=place,
                booked_by_id=run.requested_by_id,
            )
        )
    try:
        with transaction.atomic():
            _bulk_write(run, appointments)
    except IntegrityError as exc:
        if "appointment_no_double_booking" not in str(exc):
            raise
        for appointment in appointments:
            try:
                with transaction.atomic():
                    _bulk_write(run, [appointment])
            except IntegrityError as single:
                if "appointment_no_double_booking" not in str(single):
                    raise
                BulkBookingResult.objects.bulk_create(
                    [
                        BulkBookingResult(
                            run=run,
                            step=appointment.step,
                            outcome=BulkBookingResult.Outcome.TAKEN,
                        )
                    ],
                    ignore_conflicts=True,
                )


def _bulk_write(run: BulkBookingRun, appointments: list[Appointment]) -> None:
    Appointment.objects.bulk_create(appointments)
    BulkBookingResult.objects.bulk_create(
        [
            BulkBookingResult(
                run=run,
                step=appointment.step,
                outcome=BulkBookingResult.Outcome.BOOKED,
                appointment=appointment,
            )
            for appointment in appointments
        ]
    )
    messages_queue(
        messages=[
            message
            for appointment in appointments
            for message in _messages(
                appointment, template_key=INVITATION, kind="invitation"
            )
        ]
    )


# --- Letters --------------------------------------------------------------------

# Letters laid out per WeasyPrint call: the run beats between parts, so a
# batch of thousands never looks stalled to the sweeper (core.runs).
LETTER_PART = 100


def appointment_letter_print(
    *, appointment: Appointment, kind: str, user: User, now: dt.datetime
) -> Message:
    """The appointment's invitation or reminder as a letter, recorded
    printed by `user`: the letter queued for a person without e-mail or
    mobile number, or a new one (a message that failed, someone who asked
    for paper). A reprint is the same letter and no second send."""
    if kind not in letters.LETTER_KINDS:
        raise ValidationError(_("Choose the invitation or the reminder."))
    template_key = {"invitation": INVITATION, "reminder": REMINDER}[kind]
    new = _letter(appointment, template_key=template_key, kind=kind)
    with transaction.atomic():
        messages_queue(messages=[new])
        message = Message.objects.get(idempotency_key=new.idempotency_key)
        messaging_services.letters_printed(message_ids=[message.pk], user=user, now=now)
    message.refresh_from_db()
    return message


def letter_run_request(
    *, user: User, day: dt.date, who: str, language: str
) -> LetterRun:
    """Record a batch of the day's letters and queue its task after commit."""
    run = LetterRun(requested_by=user, day=day, who=who, language=language)
    run.full_clean()
    run.save()
    runs.run_send_on_commit(run)
    return run


def letter_run_execute(*, run_id: int, now: dt.datetime) -> LetterRun:
    """Print a day's letters: queue the reminder letters of the day not
    queued yet, render every letter of the batch into one PDF a part at a
    time (beating between parts), then store the PDF and record the letters
    printed (timeline, access log) in one transaction. A retried run renders
    the same letters again; those recorded by an earlier try stay as they
    were."""
    run = LetterRun.objects.select_related("requested_by").get(pk=run_id)
    user = run.requested_by
    everyone = run.who == LetterRun.Who.ORGANISATION
    beat = runs.RunHeartbeat(model=LetterRun, pk=run.pk)
    reminders = letters.reminder_appointments_of_day(
        user=user, day=run.day, everyone=everyone
    )
    if reminders:
        with transaction.atomic():
            messages_queue(
                messages=[
                    _letter(appointment, template_key=REMINDER, kind="reminder")
                    for appointment in reminders
                ]
            )
    batch = list(
        letters.letter_messages_of_day(user=user, day=run.day, everyone=everyone)
    )
    total = len(batch)
    beat(0, total)
    pdf = (
        letters.letters_pdf_in_parts(
            [
                batch[first : first + LETTER_PART]
                for first in range(0, total, LETTER_PART)
            ],
            today=now.astimezone(rules.HELSINKI).date(),
            language=run.language,
            progress=lambda done: beat(done, total),
        )
        if batch
        else b""
    )
    with transaction.atomic():
        messaging_services.letters_printed(
            message_ids=[m.pk for m in batch], user=user, now=now
        )
        LetterRun.objects.filter(pk=run.pk).exclude(status=RunStatus.DONE).update(
            status=RunStatus.DONE,
            progress_done=total,
            progress_total=total,
            letters=total,
            message_ids=[m.pk for m in batch],
            pdf=pdf,
            heartbeat_at=timezone.now(),
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )
    run.refresh_from_db()
    return run
