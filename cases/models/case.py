"""Job search periods, the client relationship (case) and its event log."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import RangeOperators
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.formats import short_date
from core.models import BaseModel
from organisations.models import DateRange, Organisation

from .jobseeker import Jobseeker


class LabourMarketStatus(models.TextChoices):
    """Status at registration (Act 916/2012 1:3 as amended by 1379/2021)."""

    UNEMPLOYED = "unemployed", _("Unemployed")
    THREAT_OF_UNEMPLOYMENT = "threat", _("Under threat of unemployment")
    LAID_OFF = "laid_off", _("Fully laid off")
    PART_TIME = "part_time", _("Part-time or reduced working hours")
    IN_SERVICE = "in_service", _("In an employment-promoting service")
    EMPLOYED = "employed", _("Employed, seeking another job")


class ExitReason(models.TextChoices):
    OPEN_MARKET_EMPLOYMENT = "open_market_employment", _("Open-market employment")
    SUBSIDISED_EMPLOYMENT = "subsidised_employment", _("Subsidised employment")
    EDUCATION = "education", _("Education")
    OUT_OF_LABOUR_FORCE = "out_of_labour_force", _("Out of the labour force")
    MOVED_AWAY = "moved_away", _("Moved away")
    OTHER = "other", _("Other")


class CaseStatus(models.TextChoices):
    NEW = "new", _("New – awaiting initial interview")
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    CLOSED = "closed", _("Closed")


class JobSearchPeriod(BaseModel):
    """One registration as a jobseeker until it ends (Act 380/2023 28 §)."""

    jobseeker = models.ForeignKey(
        Jobseeker,
        on_delete=models.PROTECT,
        related_name="job_search_periods",
        verbose_name=_("jobseeker"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible organisation"),
    )
    started_on = models.DateField(_("registered on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    status_at_start = models.CharField(
        _("labour market status at registration"),
        max_length=16,
        choices=LabourMarketStatus.choices,
        default=LabourMarketStatus.UNEMPLOYED,
    )

    class Meta:
        verbose_name = _("job search period")
        verbose_name_plural = _("job search periods")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="job_search_period_valid_dates",
                violation_error_message=_(
                    "The end date cannot be before the start date."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status_at_start__in=LabourMarketStatus.values),
                name="job_search_period_status_valid",
            ),
            # A person has one job search at a time.
            ExclusionConstraint(
                name="job_search_period_no_overlap",
                expressions=[
                    ("jobseeker", RangeOperators.EQUAL),
                    (
                        DateRange("started_on", "ended_on", models.Value("[]")),
                        RangeOperators.OVERLAPS,
                    ),
                ],
                violation_error_message=_(
                    "The jobseeker already has a job search for an overlapping period."
                ),
            ),
        ]
        indexes = [
            # The month's new clients (reporting.indicators.new_clients) from
            # the index alone: 52 ms a month reading the whole table at
            # 300,000 jobseekers, 5-7 ms this way (issue 21).
            models.Index(
                fields=["started_on"],
                include=["organisation", "id"],
                name="job_search_period_started_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.jobseeker} {short_date(self.started_on)}–"


class Case(BaseModel):
    """The client relationship of one job search with the responsible organisation."""

    Status = CaseStatus

    jobseeker = models.ForeignKey(
        Jobseeker,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("jobseeker"),
    )
    job_search_period = models.OneToOneField(
        JobSearchPeriod,
        on_delete=models.PROTECT,
        related_name="case",
        verbose_name=_("job search period"),
    )
    # No single-column indexes: case_org_status_idx and
    # case_caseworker_status_idx lead with these columns (issue 21).
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("responsible organisation"),
        db_index=False,
    )
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("responsible caseworker"),
        db_index=False,
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NEW
    )
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    exit_reason = models.CharField(
        _("exit reason"), max_length=32, choices=ExitReason.choices, blank=True
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CaseStatus.values),
                name="case_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(exit_reason="") | Q(exit_reason__in=ExitReason.values),
                name="case_exit_reason_valid",
            ),
            # A closed case always says when and why; an open one never does.
            models.CheckConstraint(
                condition=(
                    Q(status="closed", closed_on__isnull=False) & ~Q(exit_reason="")
                )
                | (~Q(status="closed") & Q(closed_on__isnull=True, exit_reason="")),
                name="case_closed_iff_exit_reason",
                violation_error_message=_(
                    "A closed case needs a closing date and an exit reason."
                ),
            ),
        ]
        indexes = [
            # "My cases" and the team view.
            models.Index(
                fields=["caseworker", "status"], name="case_caseworker_status_idx"
            ),
            models.Index(fields=["organisation", "status"], name="case_org_status_idx"),
            # The month's closed cases (reporting.indicators.case_exits and
            # days_to_open_market_employment), read from the index alone:
            # both read the whole case table, 70 and 100 ms a month at
            # 300,000 jobseekers, 13 and 30 ms this way (issue 21).
            models.Index(
                fields=["closed_on"],
                include=["organisation", "exit_reason", "job_search_period"],
                condition=Q(closed_on__isnull=False),
                name="case_closed_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.jobseeker} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CLOSED


class EventKind(models.TextChoices):
    REGISTERED = "registered", _("Registered as a jobseeker")
    CASE_OPENED = "case_opened", _("Case opened")
    CASE_STATUS_CHANGED = "case_status_changed", _("Case status changed")
    CASE_ASSIGNED = "case_assigned", _("Caseworker assigned")
    CASE_CLOSED = "case_closed", _("Case closed")
    JOBSEEKER_UPDATED = "jobseeker_updated", _("Jobseeker details updated")
    MEETING_HELD = "meeting_held", _("Meeting held")
    ASSESSMENT_RECORDED = "assessment_recorded", _("Service needs assessed")
    PLAN_VERSION_CREATED = "plan_version_created", _("Plan version created")
    SERVICE_STARTED = "service_started", _("Service started")
    SERVICE_ENDED = "service_ended", _("Service ended")
    JOB_OFFER_MADE = "job_offer_made", _("Job offer made")
    JOB_OFFER_OUTCOME = "job_offer_outcome", _("Job offer outcome recorded")
    BENEFIT_NOTICE_SENT = (
        "benefit_notice_sent",
        _("Information sent for benefit decision"),
    )
    NOTE_ADDED = "note_added", _("Note added")
    REFERRAL_MADE = "referral_made", _("Shared with a partner")
    REFERRAL_ENDED = "referral_ended", _("Sharing with a partner ended")
    STEP_PAUSED = "step_paused", _("Deadline paused")
    STEP_RESUMED = "step_resumed", _("Deadline resumed")
    STEP_OVERDUE = "step_overdue", _("Deadline passed")
    DECISION_MADE = "decision_made", _("Appropriation decision made")
    DECISION_CHANGED = "decision_changed", _("Appropriation decision shortened")
    DECISION_CANCELLED = "decision_cancelled", _("Appropriation decision cancelled")
    # Recorded by appointments when the outbox has sent a message about an
    # appointment, or given up on one (messaging.signals.messages_outcome).
    MESSAGE_SENT = "message_sent", _("Message sent to the jobseeker")
    MESSAGE_FAILED = "message_failed", _("Message to the jobseeker failed")
    # Recorded by appointments when a caseworker marks an appointment's
    # attendance, or cancels it (appointments.services).
    APPOINTMENT_HELD = "appointment_held", _("Appointment marked held")
    APPOINTMENT_NO_SHOW = "appointment_no_show", _("Did not come to the appointment")
    APPOINTMENT_CANCELLED = "appointment_cancelled", _("Appointment cancelled")


_EVENT_KIND_LABELS = dict(EventKind.choices)


class CaseEvent(models.Model):
    """Append-only audit trail and timeline of a jobseeker (STYLE.md 2.3).

    Every service that changes a case record writes one row. At national scale
    this is the largest table (≈ 20 events per jobseeker); the timeline reads
    it by (jobseeker, occurred_at) and reporting by (organisation, kind, date).
    """

    Kind = EventKind

    # No single-column indexes: event_org_kind_idx and event_timeline_idx
    # lead with these columns (issue 21).
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
        db_index=False,
    )
    jobseeker = models.ForeignKey(
        Jobseeker,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("jobseeker"),
        db_index=False,
    )
    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("case"),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    occurred_on = models.DateField(_("date"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    # What the event is about ("cases.Meeting", 17), to link the timeline row.
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.BigIntegerField(null=True, blank=True)
    # Non-personal details for the timeline text (codes, dates, old/new status).
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=EventKind.values),
                name="case_event_kind_valid",
            ),
        ]
        indexes = [
            # The jobseeker page timeline, newest first.
            models.Index(
                fields=["jobseeker", "-occurred_on", "-id"], name="event_timeline_idx"
            ),
            # Reporting: events of a kind per organisation and month.
            models.Index(
                fields=["organisation", "kind", "occurred_on"],
                name="event_org_kind_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind_label} {short_date(self.occurred_on)}"

    @property
    def kind_label(self) -> str:
        """get_kind_display() without Django rebuilding the choices dict on
        every call: the timeline asks once per line (as ProcessStep)."""
        return str(_EVENT_KIND_LABELS.get(self.kind, self.kind))
