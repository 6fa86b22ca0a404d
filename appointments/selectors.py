"""Reads for booking: calendars as rule inputs, places, booked steps."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Case, CharField, Q, When

from cases.models import ProcessStep, StepStatus
from cases.models.process import StepKind
from cases.permissions import personal_data_organisation_ids
from cases.selectors import PageSection, user_json, with_user
from core.db import OnRow, from_json
from messaging.models import Message

from . import rules
from .keys import (
    KEY_PREFIX,
    MESSAGE_CHANNELS,
    MESSAGE_KINDS,
    all_message_keys,
    parse_message_key,
)
from .models import (
    Absence,
    Appointment,
    AppointmentAnswer,
    BulkBookingResult,
    CalendarFeed,
    ExtraHours,
    LetterRun,
    Place,
    ReminderPause,
    WeeklyHours,
)

if TYPE_CHECKING:
    from collections.abc import Collection

    from django.db.models import QuerySet

    from accounts.models import User


def calendars_for(
    *, caseworker_ids: Collection[int], first_day: dt.date, last_day: dt.date
) -> list[rules.Calendar]:
    """The caseworkers' bookable hours, absences and live bookings between
    two dates, as rule inputs: four queries however many caseworkers."""
    ids = list(caseworker_ids)
    weekly: dict[int, list[rules.Weekly]] = defaultdict(list)
    for row in WeeklyHours.objects.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=first_day),
        caseworker_id__in=ids,
        valid_from__lte=last_day,
    ):
        weekly[row.caseworker_id].append(
            rules.Weekly(
                row.weekday,
                row.start_time,
                row.end_time,
                row.place_id,
                row.valid_from,
                row.valid_until,
            )
        )
    extra: dict[int, list[rules.Extra]] = defaultdict(list)
    for hours in ExtraHours.objects.filter(
        caseworker_id__in=ids, day__gte=first_day, day__lte=last_day
    ):
        extra[hours.caseworker_id].append(
            rules.Extra(hours.day, hours.start_time, hours.end_time, hours.place_id)
        )
    absences: dict[int, list[tuple[dt.date, dt.date]]] = defaultdict(list)
    for caseworker_id, starts_on, ends_on in Absence.objects.filter(
        caseworker_id__in=ids, ends_on__gte=first_day, starts_on__lte=last_day
    ).values_list("caseworker_id", "starts_on", "ends_on"):
        absences[caseworker_id].append((starts_on, ends_on))
    busy: dict[int, list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
    start = dt.datetime.combine(first_day, dt.time(), tzinfo=rules.HELSINKI)
    end = dt.datetime.combine(
        last_day + dt.timedelta(days=1), dt.time(), tzinfo=rules.HELSINKI
    )
    # The exclusion constraint's GiST index serves (caseworker =, during &&).
    # The bounds as plain timestamps: psycopg parses a range in Python, a
    # timestamp in C (a third of a busy caseworker's search, benchmarks.booking).
    for caseworker_id, starts_at, ends_at in (
        Appointment.objects.filter(caseworker_id__in=ids, during__overlap=(start, end))
        .exclude(status=Appointment.Status.CANCELLED)
        .order_by()
        .values_list("caseworker_id", "during__startswith", "during__endswith")
    ):
        busy[caseworker_id].append((starts_at, ends_at))
    return [
        rules.Calendar(
            caseworker_id=pk,
            weekly=weekly[pk],
            extra=extra[pk],
            absences=absences[pk],
            busy=busy[pk],
        )
        for pk in ids
    ]


def team_caseworker_ids(*, organisation_id: int) -> list[int]:
    """Caseworkers with bookable hours at the organisation's places."""
    return sorted(
        set(
            WeeklyHours.objects.filter(place__organisation_id=organisation_id)
            .values_list("caseworker_id", flat=True)
            .distinct()
        )
    )


def places_for_organisation(*, organisation_id: int) -> list[Place]:
    return list(
        Place.objects.filter(organisation_id=organisation_id, is_active=True).order_by(
            "name"
        )
    )


BOOKED = "booked"
INVITED = "invited"
FAILED = "failed"


def messages_by_appointment(
    *, appointment_ids: Collection[int], statuses: Collection[str] = ()
) -> dict[int, list[Message]]:
    """The outbox's messages about these appointments (of the given statuses,
    or all), by appointment: one query by the outbox's unique keys."""
    rows = Message.objects.filter(
        idempotency_key__in=all_message_keys(appointment_ids)
    ).defer("context")
    if statuses:
        rows = rows.filter(status__in=list(statuses))
    found: dict[int, list[Message]] = defaultdict(list)
    for message in rows.order_by("created_at", "id"):
        parsed = parse_message_key(message.idempotency_key)
        if parsed is not None:
            found[parsed[0]].append(message)
    return found


def _keys_sql(kinds: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """`message_key(a.id, kind, channel)` in SQL for each kind and channel
    (a printed invitation letter is an invitation sent too): an IN list the
    outbox's unique key index answers."""
    suffixes = tuple(
        f":{kind}:{channel}" for kind in kinds for channel in MESSAGE_CHANNELS
    )
    keys = ", ".join(["%s || a.id::text || %s"] * len(suffixes))
    params = tuple(part for suffix in suffixes for part in (KEY_PREFIX, suffix))
    return keys, params


def _booking_state_sql() -> tuple[str, tuple[Any, ...]]:
    booked = (
        f"SELECT 1 FROM {Appointment._meta.db_table} a "  # noqa: S608 - table names
        "WHERE a.step_id = {row}.id AND a.status = %s"
    )
    messages = Message._meta.db_table
    sent_keys, sent_params = _keys_sql(("invitation",))
    any_keys, any_params = _keys_sql(MESSAGE_KINDS)
    # Fixed text: table names and placeholders only.
    sql = (
        "CASE"  # noqa: S608 - fixed text
        f" WHEN EXISTS ({booked} AND EXISTS (SELECT 1 FROM {messages} m"
        f" WHERE m.idempotency_key IN ({any_keys}) AND m.status = %s))"
        " THEN %s"
        f" WHEN EXISTS ({booked} AND EXISTS (SELECT 1 FROM {messages} m"
        f" WHERE m.idempotency_key IN ({sent_keys}) AND m.status = %s))"
        " THEN %s"
        f" WHEN EXISTS ({booked}) THEN %s"
        " ELSE '' END"
    )
    booked_status = Appointment.Status.BOOKED.value
    params = (
        *(booked_status, *any_params, Message.Status.FAILED.value, FAILED),
        *(booked_status, *sent_params, Message.Status.SENT.value, INVITED),
        *(booked_status, BOOKED),
    )
    return sql, params


def booking_state() -> OnRow:
    """The booking state of the outer row's step: FAILED when a message
    about a live (booked) appointment failed for good (the caseworker must
    act), INVITED once an invitation to one has gone out, BOOKED before
    that, else "". An expression, so that the worklist reads it in its page
    statement instead of two more statements per page (issue 21); the
    messages are found by the outbox's unique keys
    (appointments.keys.message_key). Fixed SQL text: the same three EXISTS
    built with the ORM cost 13.6 ms of Python per worklist request to build
    and compile on a loaded machine, more than the page statement took."""
    sql, params = _booking_state_sql()
    return OnRow(sql, params, output_field=CharField())


def booking_states(*, step_ids: Collection[int]) -> dict[int, str]:
    """booking_state() for these steps, where they have one: one query."""
    return {
        pk: state
        for pk, state in ProcessStep.objects.filter(pk__in=list(step_ids))
        .annotate(booking=booking_state())
        .values_list("pk", "booking")
        if state
    }


def latest_answers(*, appointment_ids: Collection[int]) -> dict[int, AppointmentAnswer]:
    """Each appointment's latest answer through its link: one query."""
    return {
        answer.appointment_id: answer
        for answer in AppointmentAnswer.objects.filter(
            appointment_id__in=list(appointment_ids)
        )
        .order_by("appointment_id", "-answered_at", "-id")
        .distinct("appointment_id")
    }


@dataclass(frozen=True)
class AppointmentMessages:
    appointment: Appointment
    messages: list[Message]
    # The jobseeker's latest answer through the link in the messages.
    answer: AppointmentAnswer | None = None

    @property
    def failed(self) -> list[Message]:
        return [m for m in self.messages if m.status == Message.Status.FAILED]


# Appointments shown on the jobseeker page (the latest first).
JOBSEEKER_PAGE_APPOINTMENTS = 10


def jobseeker_appointments(*, jobseeker_id: int) -> list[AppointmentMessages]:
    """The jobseeker's latest appointments with the messages about them and
    the latest answer: three queries."""
    appointments = list(
        Appointment.objects.filter(jobseeker_id=jobseeker_id)
        .select_related("place")
        .order_by("-during")[:JOBSEEKER_PAGE_APPOINTMENTS]
    )
    ids = [a.pk for a in appointments]
    messages = messages_by_appointment(appointment_ids=ids)
    answers = latest_answers(appointment_ids=ids)
    return [
        AppointmentMessages(a, messages.get(a.pk, []), answers.get(a.pk))
        for a in appointments
    ]


def jobseeker_appointments_section() -> PageSection:
    """jobseeker_appointments in the jobseeker page's one statement
    (jobseeker_appointments_from_json reads it back): the latest
    appointments, each with its messages (by the outbox's unique keys, the
    context left out) and its latest answer."""
    # Every key all_message_keys gives, as messages_by_appointment reads.
    suffixes = [
        f":{kind}:{channel}" for kind in MESSAGE_KINDS for channel in MESSAGE_CHANNELS
    ]
    keys = ", ".join(
        f"%(appointment_key_prefix)s || a.id::text || %(appointment_key_{n})s"
        for n in range(len(suffixes))
    )
    params: dict[str, Any] = {"appointment_key_prefix": KEY_PREFIX}
    params.update({f"appointment_key_{n}": s for n, s in enumerate(suffixes)})
    return PageSection(
        f"""SELECT json_agg(json_build_array(
                to_json(a),
                to_json(pl),
                (SELECT json_agg(to_jsonb(m) - 'context' ORDER BY m.created_at, m.id)
                 FROM messaging_message m WHERE m.idempotency_key IN ({keys})),
                (SELECT to_json(x) FROM appointments_appointmentanswer x
                 WHERE x.appointment_id = a.id
                 ORDER BY x.answered_at DESC, x.id DESC LIMIT 1))
            ORDER BY a.during DESC)
        FROM (SELECT * FROM appointments_appointment a
              WHERE a.jobseeker_id = {{jobseeker}}
              ORDER BY a.during DESC LIMIT {JOBSEEKER_PAGE_APPOINTMENTS}) a
        JOIN appointments_place pl ON pl.id = a.place_id""",  # noqa: S608 - fixed text
        params,
    )


def jobseeker_appointments_from_json(
    value: list[Any] | None,
) -> list[AppointmentMessages]:
    rows = []
    for data, place, messages, answer in value or []:
        appointment = from_json(Appointment, data)
        appointment.place = from_json(Place, place)
        rows.append(
            AppointmentMessages(
                appointment,
                [from_json(Message, m) for m in messages or []],
                from_json(AppointmentAnswer, answer) if answer else None,
            )
        )
    return rows


def reminder_pause_section() -> PageSection:
    """reminder_pause_on in the jobseeker page's one statement
    (reminder_pause_from_json reads it back)."""
    return PageSection(
        f"""SELECT json_build_array(to_json(p), {user_json("u")})
        FROM appointments_reminderpause p
        LEFT JOIN accounts_user u ON u.id = p.paused_by_id
        WHERE p.jobseeker_id = {{jobseeker}} AND p.resumed_at IS NULL
        ORDER BY p.paused_at DESC LIMIT 1"""  # noqa: S608 - fixed text
    )


def reminder_pause_from_json(value: list[Any] | None) -> ReminderPause | None:
    if not value:
        return None
    data, paused_by = value
    pause = from_json(ReminderPause, data)
    with_user(pause, "paused_by", paused_by)
    return pause


def reminder_pause_on(*, jobseeker_id: int) -> ReminderPause | None:
    """The jobseeker's reminder pause, when reminders are paused."""
    return (
        ReminderPause.objects.filter(jobseeker_id=jobseeker_id, resumed_at__isnull=True)
        .select_related("paused_by")
        .first()
    )


def appointments_for_step(*, step_id: int) -> list[Appointment]:
    return list(
        Appointment.objects.filter(step_id=step_id)
        .exclude(status=Appointment.Status.CANCELLED)
        .select_related("place", "caseworker")
        .order_by("during")
    )


def places_for_user(*, user: User) -> list[Place]:
    """Places of the organisations whose clients the user serves."""
    return list(
        Place.objects.filter(
            organisation_id__in=personal_data_organisation_ids(user), is_active=True
        )
        .select_related("organisation")
        .order_by("organisation__name", "name")
    )


@dataclass(frozen=True)
class OwnCalendar:
    weekly: list[WeeklyHours]
    extra: list[ExtraHours]
    absences: list[Absence]
    upcoming: list[AppointmentMessages]
    # Earlier days' appointments still booked: attendance not yet recorded.
    awaiting_attendance: list[Appointment]


def own_calendar(*, user: User, today: dt.date) -> OwnCalendar:
    """The user's bookable hours, absences and appointments from today on,
    each with its messages that failed for good."""
    start = dt.datetime.combine(today, dt.time(), tzinfo=rules.HELSINKI)
    upcoming = list(
        Appointment.objects.filter(
            caseworker=user,
            status=Appointment.Status.BOOKED,
            during__startswith__gte=start,
        )
        .select_related("place", "jobseeker")
        .order_by("during")[:50]
    )
    ids = [a.pk for a in upcoming]
    failed = messages_by_appointment(
        appointment_ids=ids, statuses=[Message.Status.FAILED]
    )
    answers = latest_answers(appointment_ids=ids)
    return OwnCalendar(
        weekly=list(
            WeeklyHours.objects.filter(caseworker=user)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
            .select_related("place")
        ),
        extra=list(
            ExtraHours.objects.filter(caseworker=user, day__gte=today).select_related(
                "place"
            )
        ),
        absences=list(Absence.objects.filter(caseworker=user, ends_on__gte=today)),
        upcoming=[
            AppointmentMessages(
                appointment,
                failed.get(appointment.pk, []),
                answers.get(appointment.pk),
            )
            for appointment in upcoming
        ],
        awaiting_attendance=list(
            Appointment.objects.filter(
                caseworker=user,
                status=Appointment.Status.BOOKED,
                during__startswith__lt=start,
            )
            .select_related("place", "jobseeker")
            .order_by("-during")[:50]
        ),
    )


def rebooking_step(*, case_id: int) -> ProcessStep | None:
    """The case's open step to book a new time after a missed meeting."""
    return (
        ProcessStep.objects.filter(
            case_id=case_id, kind=StepKind.REBOOKING, status=StepStatus.OPEN
        )
        .order_by("due_on")
        .first()
    )


def bulk_results(*, run_id: int) -> list[BulkBookingResult]:
    """A bulk booking's outcomes, those without a time first, with what the
    result list shows (two queries)."""
    return list(
        BulkBookingResult.objects.filter(run_id=run_id)
        .select_related("step__jobseeker", "appointment__caseworker")
        .order_by(
            Case(When(outcome="booked", then=1), default=0),
            "step__due_on",
            "id",
        )
    )


def steps_by_organisation(
    *, step_ids: Collection[int], organisation_ids: Any
) -> dict[int, list[int]]:
    """The steps among `step_ids` in the given organisations, by
    organisation (others are left out as if they did not exist)."""
    grouped: dict[int, list[int]] = defaultdict(list)
    for pk, organisation_id in ProcessStep.objects.filter(
        pk__in=list(step_ids), organisation_id__in=organisation_ids
    ).values_list("pk", "organisation_id"):
        grouped[organisation_id].append(pk)
    return dict(grouped)


# The length the booking page and the API propose times for.
DEFAULT_LENGTH = dt.timedelta(minutes=60)


@dataclass(frozen=True)
class FreeTimes:
    caseworker_ids: list[int]
    # The first free times before the step's due date, or, when none fits,
    # the first ones after it (`before` empty).
    before: list[rules.Slot]
    later: list[rules.Slot]


def step_caseworker_ids(*, step: ProcessStep, user_id: int, team: bool) -> list[int]:
    """Whose times a step is booked into: its assigned caseworker's (the
    user's when unassigned), or with `team` every caseworker with bookable
    hours at the organisation's places too."""
    own = step.assignee_id or user_id
    if not team:
        return [own]
    return sorted({own, *team_caseworker_ids(organisation_id=step.organisation_id)})


def step_free_times(
    *,
    step: ProcessStep,
    user_id: int,
    team: bool,
    now: dt.datetime,
    length: dt.timedelta = DEFAULT_LENGTH,
) -> FreeTimes:
    """The first free times for the step's meeting before its due date, or
    the first after it when none fits (four queries)."""
    ids = step_caseworker_ids(step=step, user_id=user_id, team=team)
    today = now.astimezone(rules.HELSINKI).date()
    last_day = rules.search_last_day(due_on=step.due_on, today=today)
    calendars = calendars_for(
        caseworker_ids=ids, first_day=today, last_day=last_day + dt.timedelta(weeks=6)
    )
    before = rules.free_slots(
        calendars, now=now, first_day=today, last_day=last_day, length=length
    )
    later = (
        []
        if before
        else rules.free_slots(
            calendars,
            now=now,
            first_day=max(today, step.due_on + dt.timedelta(days=1)),
            last_day=last_day + dt.timedelta(weeks=6),
            length=length,
        )
    )
    return FreeTimes(ids, before, later)


def appointments_visible_to(*, user: User) -> QuerySet[Appointment]:
    """Appointments of the organisations whose clients the user serves."""
    return Appointment.objects.filter(
        organisation_id__in=personal_data_organisation_ids(user)
    )


def appointment_messages(*, appointment_id: int) -> list[Message]:
    """The outbox rows of an appointment's messages, by their keys."""
    return list(
        Message.objects.filter(
            idempotency_key__startswith=f"appointment:{appointment_id}:"
        ).order_by("created_at", "id")
    )


def calendar_feed_live(*, caseworker: User) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(
        caseworker=caseworker, revoked_at__isnull=True
    ).first()


# What a feed holds: a month back and half a year ahead.
FEED_PAST = dt.timedelta(days=31)
FEED_AHEAD = dt.timedelta(days=183)


def feed_appointments(
    *, token: str, now: dt.datetime
) -> tuple[CalendarFeed, list[Appointment]] | None:
    """The live feed of `token` and its caseworker's appointments (cancelled
    ones too, so that calendars drop them); None for an unknown or revoked
    address. Two queries."""
    feed = (
        CalendarFeed.objects.select_related("caseworker")
        .filter(token=token, revoked_at__isnull=True)
        .first()
    )
    if feed is None:
        return None
    appointments = list(
        Appointment.objects.filter(
            caseworker_id=feed.caseworker_id,
            during__overlap=(now - FEED_PAST, now + FEED_AHEAD),
        )
        .select_related("jobseeker", "place", "step")
        .order_by("during")[:2000]
    )
    return feed, appointments


def letter_run_messages(*, run: LetterRun) -> list[Message]:
    """The outbox rows of a batch's letters, as much as the access log needs."""
    return list(
        Message.objects.filter(pk__in=run.message_ids).only(
            "id", "jobseeker_id", "organisation_id"
        )
    )


# Batches of letters listed on "My calendar".
LETTER_RUNS_SHOWN = 5


def letter_runs_of(*, user: User) -> list[LetterRun]:
    """The user's latest batches of letters, newest first (without their PDFs)."""
    return list(
        LetterRun.objects.filter(requested_by=user)
        .defer("pdf", "message_ids")
        .order_by("-created_at", "-id")[:LETTER_RUNS_SHOWN]
    )
