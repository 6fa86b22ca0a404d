"""Writes of booking: an appointment and its invitation, in one transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from psycopg.types.range import Range

from cases.models import Case, ProcessStep, StepStatus
from cases.models.process import StepKind
from cases.rules import process as process_rules
from cases.services.steps import step_complete, step_create
from messaging.rules import sms_number
from messaging.services import message_queue

from . import rules, selectors
from .keys import INVITATION_CHANNELS, message_key
from .models import Absence, Appointment, ExtraHours, Place, WeeklyHours

if TYPE_CHECKING:
    import datetime as dt

    from accounts.models import User

INVITATION = "appointments/messages/invitation"
CANCELLATION = "appointments/messages/cancellation"


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


def appointment_cancel(*, appointment: Appointment, actor: User) -> Appointment:
    """Cancel a booked appointment, freeing its time, and tell the jobseeker
    by every channel the invitation went by."""
    with transaction.atomic():
        updated = Appointment.objects.filter(
            pk=appointment.pk, status=Appointment.Status.BOOKED
        ).update(status=Appointment.Status.CANCELLED)
        if not updated:
            raise ValidationError(_("Only a booked appointment can be cancelled."))
        appointment.status = Appointment.Status.CANCELLED
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


def _queue(appointment: Appointment, *, template_key: str, kind: str) -> None:
    """One message per channel the jobseeker can be reached by, each sent
    at most once (the key names the appointment, kind and channel)."""
    jobseeker = appointment.jobseeker
    language = rules.message_language(jobseeker.mother_tongue)
    context = invitation_context(appointment)
    recipients = {
        "email": jobseeker.email,
        "sms": sms_number(jobseeker.phone) if jobseeker.phone else None,
    }
    for channel in INVITATION_CHANNELS:
        recipient = recipients[channel]
        if not recipient:
            continue
        message_queue(
            organisation_id=appointment.organisation_id,
            channel=channel,
            recipient=recipient,
            language=language,
            template_key=template_key,
            # A cancellation carries no calendar entry to add.
            context=context if kind == "invitation" else {**context, "event": None},
            idempotency_key=message_key(appointment.pk, kind, channel),
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
        if outcome == rules.CANCELLED:
            _queue(appointment, template_key=CANCELLATION, kind="cancellation")
        if not rules.needs_rebooking(outcome=outcome):
            return None
        return rebooking_step_add(appointment=locked, now=now)


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
