"""Caseworkers' calendars and the appointments booked in them (issue 22).

Bookable time is a weekly pattern per caseworker, less absences, plus extra
hours on single dates; the free times are worked out from these rows by
appointments.rules. An appointment holds its time as a PostgreSQL range, so
the database itself refuses a second booking overlapping the first.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import (
    ArrayField,
    DateTimeRangeField,
    RangeOperators,
)
from django.db import models
from django.db.models import F, Func, Q
from django.utils.translation import gettext_lazy as _

from cases.models import Case, Jobseeker, ProcessStep
from core.models import BaseModel
from core.runs import BackgroundRun, RunStatus
from organisations.models import Organisation


class Channel(models.TextChoices):
    FACE_TO_FACE = "face_to_face", _("Face to face")
    PHONE = "phone", _("By phone")
    VIDEO = "video", _("By video")


class Place(BaseModel):
    """Where or how an organisation meets clients: an office address, a
    phone number the caseworker calls from, or a video meeting link."""

    Channel = Channel

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="appointment_places",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    address = models.CharField(_("street address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    video_url = models.URLField(_("video meeting link"), blank=True)
    instructions = models.CharField(
        _("instructions for the client"), max_length=500, blank=True
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["organisation", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(channel__in=Channel.values), name="place_channel_valid"
            ),
            models.CheckConstraint(
                condition=~Q(channel="face_to_face") | ~Q(address=""),
                name="place_office_has_address",
                violation_error_message=_("An office needs a street address."),
            ),
            models.CheckConstraint(
                condition=~Q(channel="video") | ~Q(video_url=""),
                name="place_video_has_link",
                violation_error_message=_("A video place needs a meeting link."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class WeeklyHours(BaseModel):
    """One bookable stretch of a caseworker's week (Monday = 0)."""

    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="weekly_hours",
        verbose_name=_("caseworker"),
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"))
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))
    place = models.ForeignKey(
        Place,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("place"),
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("weekly bookable hours")
        verbose_name_plural = _("weekly bookable hours")
        ordering = ["caseworker", "weekday", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weekday__lte=6), name="weekly_hours_weekday_valid"
            ),
            models.CheckConstraint(
                condition=Q(start_time__lt=models.F("end_time")),
                name="weekly_hours_start_before_end",
                violation_error_message=_("Bookable hours must end after they start."),
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="weekly_hours_valid_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.weekday} {self.start_time}–{self.end_time}"


class ExtraHours(BaseModel):
    """Bookable time on one date outside the weekly pattern."""

    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="extra_hours",
        verbose_name=_("caseworker"),
    )
    day = models.DateField(_("date"))
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="+", verbose_name=_("place")
    )

    class Meta:
        verbose_name = _("extra bookable hours")
        verbose_name_plural = _("extra bookable hours")
        ordering = ["caseworker", "day", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_time__lt=models.F("end_time")),
                name="extra_hours_start_before_end",
                violation_error_message=_("Bookable hours must end after they start."),
            ),
        ]
        indexes = [
            # Free-time search: a caseworker's extra hours between two dates.
            models.Index(fields=["caseworker", "day"], name="extra_hours_day_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.start_time}–{self.end_time}"


class Absence(BaseModel):
    """Whole days a caseworker is away (holiday, training, sick leave)."""

    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="absences",
        verbose_name=_("caseworker"),
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["caseworker", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="absence_valid_period",
                violation_error_message=_("An absence must end on or after its start."),
            ),
        ]
        indexes = [
            # Free-time search: absences ending on or after the first day shown.
            models.Index(fields=["caseworker", "ends_on"], name="absence_ends_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.starts_on}–{self.ends_on}"


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    HELD = "held", _("Held")
    NO_SHOW = "no_show", _("Did not come")
    CANCELLED = "cancelled", _("Cancelled")


class Appointment(BaseModel):
    Channel = Channel
    Status = AppointmentStatus

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="appointments",
        verbose_name=_("caseworker"),
    )
    jobseeker = models.ForeignKey(
        Jobseeker,
        on_delete=models.PROTECT,
        related_name="appointments",
        verbose_name=_("jobseeker"),
    )
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="+", verbose_name=_("case")
    )
    step = models.ForeignKey(
        ProcessStep,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appointments",
        verbose_name=_("step"),
    )
    during = DateTimeRangeField(_("time"))
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="+", verbose_name=_("place")
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=AppointmentStatus.choices,
        default=AppointmentStatus.BOOKED,
    )
    # Why the time is after the step's statutory due date (required then).
    late_reason = models.CharField(
        _("reason for a time after the deadline"), max_length=500, blank=True
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("booked by"),
    )

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["during"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=AppointmentStatus.values),
                name="appointment_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(channel__in=Channel.values),
                name="appointment_channel_valid",
            ),
            models.CheckConstraint(
                condition=Q(during__isempty=False)
                & Q(during__lower_inf=False)
                & Q(during__upper_inf=False),
                name="appointment_during_bounded",
            ),
            # One caseworker, one client at a time: two live appointments of
            # the same caseworker may not overlap (needs btree_gist for "=").
            ExclusionConstraint(
                name="appointment_no_double_booking",
                expressions=[
                    ("caseworker", RangeOperators.EQUAL),
                    ("during", RangeOperators.OVERLAPS),
                ],
                condition=~Q(status="cancelled"),
                violation_error_message=_(
                    "The caseworker already has an appointment at that time."
                ),
            ),
        ]
        indexes = [
            # Reminders (services.appointment_reminders_prepare): live bookings
            # starting within the next working days.
            models.Index(
                Func(F("during"), function="lower"),
                condition=Q(status="booked"),
                name="appointment_booked_start_idx",
            ),
            # The API's keyset pages of an organisation's appointments
            # (core.api.CursorPage reads the keys from this index first).
            models.Index(fields=["organisation", "id"], name="appointment_org_id_idx"),
            # The worklist's booked / not booked column: live bookings of steps.
            models.Index(
                fields=["step"],
                condition=Q(status="booked"),
                name="appointment_booked_step_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.during}"


class ReminderPause(BaseModel):
    """A caseworker's "no reminders" for a jobseeker (e.g. the person asked
    for none, or a guardian handles the appointments): while it is on, no
    appointment reminder is prepared for them. Resuming closes the row, so
    who paused and who resumed, and when, stay on record."""

    jobseeker = models.ForeignKey(
        Jobseeker,
        on_delete=models.PROTECT,
        related_name="reminder_pauses",
        verbose_name=_("jobseeker"),
    )
    paused_at = models.DateTimeField(_("paused at"))
    paused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("paused by"),
    )
    resumed_at = models.DateTimeField(_("resumed at"), null=True, blank=True)
    resumed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resumed by"),
    )

    class Meta:
        verbose_name = _("reminder pause")
        verbose_name_plural = _("reminder pauses")
        ordering = ["-paused_at"]
        constraints = [
            # One pause on at a time; it also serves the reminders' NOT EXISTS.
            models.UniqueConstraint(
                fields=["jobseeker"],
                condition=Q(resumed_at__isnull=True),
                name="reminder_pause_one_on",
            ),
            models.CheckConstraint(
                condition=Q(resumed_at__isnull=True)
                | (Q(resumed_by__isnull=False) & Q(resumed_at__gte=F("paused_at"))),
                name="reminder_pause_resumed_after",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.jobseeker_id} {self.paused_at}"


class AnswerKind(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed the time")
    OTHER_TIME = "other_time", _("Asked for another time")


class AppointmentAnswer(BaseModel):
    """The jobseeker's answer through the signed link of a message: the
    caseworker sees the latest on the jobseeker page and in "My calendar"."""

    Kind = AnswerKind

    appointment = models.ForeignKey(
        Appointment,
        on_delete=models.PROTECT,
        related_name="answers",
        verbose_name=_("appointment"),
    )
    kind = models.CharField(_("answer"), max_length=16, choices=AnswerKind.choices)
    # Typed by the person: shown escaped, never put into a message.
    message = models.CharField(_("message"), max_length=500, blank=True)
    answered_at = models.DateTimeField(_("answered at"))

    class Meta:
        verbose_name = _("answer to an appointment")
        verbose_name_plural = _("answers to appointments")
        ordering = ["-answered_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=AnswerKind.values),
                name="appointment_answer_kind_valid",
            ),
        ]
        indexes = [
            # The latest answer of each appointment on a page.
            models.Index(
                fields=["appointment", "-answered_at"], name="answer_latest_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.appointment_id} {self.kind}"


class AnswerLinkUse(models.Model):
    """Every use of an answer link (the page opened, an answer sent, a use
    refused for too many): the log of the links, and what their rate limits
    count. The address is kept only as a keyed hash."""

    class Action(models.TextChoices):
        VIEW = "view", _("Opened")
        ANSWER = "answer", _("Answered")
        REFUSED = "refused", _("Refused: too many uses")

    appointment = models.ForeignKey(
        Appointment,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("appointment"),
    )
    used_at = models.DateTimeField(_("used at"))
    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    address_hash = models.CharField(_("address (keyed hash)"), max_length=64)

    class Meta:
        verbose_name = _("use of an answer link")
        verbose_name_plural = _("uses of answer links")
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=["view", "answer", "refused"]),
                name="answer_link_use_action_valid",
            ),
        ]
        indexes = [
            # Rate limits: one link's uses, and one address's, in the last hour.
            models.Index(fields=["appointment", "used_at"], name="link_use_link_idx"),
            models.Index(
                fields=["address_hash", "used_at"], name="link_use_address_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.appointment_id} {self.action} {self.used_at}"


class CalendarFeed(BaseModel):
    """A caseworker's iCalendar feed behind a secret address, for Outlook
    and phones: revoking it (or making a new one) stops the old address at
    once. The feed shows initials and purpose only (appointments.ics)."""

    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
        verbose_name=_("caseworker"),
    )
    # secrets.token_urlsafe(32): the address is the only key to the feed.
    token = models.CharField(_("secret"), max_length=64, unique=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.UniqueConstraint(
                fields=["caseworker"],
                condition=Q(revoked_at__isnull=True),
                name="calendar_feed_one_live",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.caseworker_id} {self.created_at}"


class BulkBookingRun(BackgroundRun):
    """A team lead's booking of many unbooked initial interviews into free
    times at once, done by a Celery task; progress counts the steps handled
    and each step's outcome is a BulkBookingResult."""

    Status = RunStatus
    task_name = "appointments.bulk_booking_run_task"

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    # True: any caseworker of the organisation's team; False: each step's
    # assigned caseworker only.
    uses_team = models.BooleanField(_("the team's free times"), default=False)
    length_minutes = models.PositiveSmallIntegerField(_("length (minutes)"))
    step_ids = ArrayField(
        models.BigIntegerField(), default=list, verbose_name=_("steps")
    )
    booked = models.PositiveIntegerField(_("booked"), default=0)
    not_booked = models.PositiveIntegerField(_("not booked"), default=0)

    class Meta(BackgroundRun.Meta):
        verbose_name = _("bulk booking")
        verbose_name_plural = _("bulk bookings")
        constraints = [
            *BackgroundRun.Meta.constraints,
            models.CheckConstraint(
                condition=Q(status__in=RunStatus.values),
                name="bulk_booking_run_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.status}"

    def message_language(self) -> str:
        return self.requested_by.preferred_language or super().message_language()


class BulkBookingOutcome(models.TextChoices):
    BOOKED = "booked", _("Booked")
    NO_FREE_TIME = "no_free_time", _("No free time before the due date")
    DUE_DATE_PASSED = "due_date_passed", _("The due date has passed")
    ALREADY_BOOKED = "already_booked", _("Already booked")
    NOT_OPEN = "not_open", _("No longer waiting for an initial interview")
    TAKEN = "taken", _("The time was booked by someone else meanwhile")


class BulkBookingResult(models.Model):
    """One step's outcome in a bulk booking; written with the appointment
    in one transaction, so a retried run skips the steps it has done."""

    Outcome = BulkBookingOutcome

    run = models.ForeignKey(
        BulkBookingRun,
        on_delete=models.CASCADE,
        related_name="results",
        verbose_name=_("bulk booking"),
    )
    step = models.ForeignKey(
        ProcessStep, on_delete=models.PROTECT, related_name="+", verbose_name=_("step")
    )
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=BulkBookingOutcome.choices
    )
    appointment = models.ForeignKey(
        Appointment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("appointment"),
    )

    class Meta:
        verbose_name = _("bulk booking result")
        verbose_name_plural = _("bulk booking results")
        ordering = ["run", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=BulkBookingOutcome.values),
                name="bulk_booking_result_outcome_valid",
            ),
            models.UniqueConstraint(
                fields=["run", "step"], name="bulk_booking_result_once_per_step"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.step_id}: {self.outcome}"


class LetterRun(BackgroundRun):
    """A day's letters (the outbox's letter messages, appointments.letters)
    rendered into one PDF by a Celery task, downloadable by the requester
    when done; the letters it prints are recorded printed (sent) in the
    outbox, each on its jobseeker's timeline. Progress counts letters."""

    Status = RunStatus
    task_name = "appointments.letter_run_task"

    class Who(models.TextChoices):
        MINE = "mine", _("My clients")
        ORGANISATION = "organisation", _("The organisation's")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    day = models.DateField(_("day"))
    who = models.CharField(
        _("whose clients"), max_length=16, choices=Who.choices, default=Who.MINE
    )
    # The language of the PDF's own texts and of an error; each letter is in
    # its recipient's language.
    language = models.CharField(_("language"), max_length=8, default="fi")
    letters = models.PositiveIntegerField(_("letters"), default=0)
    # The outbox's letter messages in the PDF, in order: a download logs a
    # read of each.
    message_ids = ArrayField(
        models.BigIntegerField(), default=list, blank=True, verbose_name=_("letters")
    )
    # Names and addresses: only the requester downloads it, and each
    # download is in the access log (appointments.views.letter_run_pdf).
    pdf = models.BinaryField(_("PDF"), blank=True, editable=False, default=b"")

    class Meta(BackgroundRun.Meta):
        verbose_name = _("letter batch")
        verbose_name_plural = _("letter batches")
        constraints = [
            *BackgroundRun.Meta.constraints,
            models.CheckConstraint(
                condition=Q(status__in=RunStatus.values),
                name="letter_run_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(who__in=["mine", "organisation"]),
                name="letter_run_who_valid",
            ),
        ]
        indexes = [
            # "My calendar": the requester's latest batches.
            models.Index(
                fields=["requested_by", "-created_at"], name="letter_run_user_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.who} {self.status}"

    def message_language(self) -> str:
        return self.language
