"""Reads for booking: calendars as rule inputs, places, booked steps."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from django.db.models import Case, Q, When

from cases.models import ProcessStep, StepStatus
from cases.models.process import StepKind
from cases.permissions import personal_data_organisation_ids
from messaging.models import Message

from . import rules
from .keys import INVITATION_CHANNELS, invitation_key
from .models import (
    Absence,
    Appointment,
    BulkBookingResult,
    ExtraHours,
    Place,
    WeeklyHours,
)

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from accounts.models import User

if TYPE_CHECKING:
    from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING


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


def booking_states(*, step_ids: Collection[int]) -> dict[int, str]:
    """For the steps with a live (booked) appointment, BOOKED, or INVITED
    once an invitation to it has gone out; two queries, the second by the
    outbox's unique keys."""
    booked = dict(
        Appointment.objects.filter(
            step_id__in=list(step_ids), status=Appointment.Status.BOOKED
        ).values_list("id", "step_id")
    )
    if not booked:
        return {}
    keys = [
        invitation_key(appointment_id, channel)
        for appointment_id in booked
        for channel in INVITATION_CHANNELS
    ]
    invited = {
        int(key.split(":")[1])
        for key in Message.objects.filter(
            idempotency_key__in=keys, status=Message.Status.SENT
        ).values_list("idempotency_key", flat=True)
    }
    states: dict[int, str] = {}
    for appointment_id, step_id in booked.items():
        if states.get(step_id) != INVITED:
            states[step_id] = INVITED if appointment_id in invited else BOOKED
    return states


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
    upcoming: list[Appointment]
    # Earlier days' appointments still booked: attendance not yet recorded.
    awaiting_attendance: list[Appointment]


def own_calendar(*, user: User, today: dt.date) -> OwnCalendar:
    """The user's bookable hours, absences and appointments from today on."""
    start = dt.datetime.combine(today, dt.time(), tzinfo=rules.HELSINKI)
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
        upcoming=list(
            Appointment.objects.filter(
                caseworker=user,
                status=Appointment.Status.BOOKED,
                during__startswith__gte=start,
            )
            .select_related("place", "jobseeker")
            .order_by("during")[:50]
        ),
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
