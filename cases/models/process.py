"""Statutory process steps with their deadlines, and reminders about them.

A ProcessStep is one deadline of the service process (the initial interview,
the next job search discussion, ...), materialised when the event that starts
it happens, so the worklist is an indexed range scan on (assignee, due_on)
even with a million jobseekers. The rule that set the date is stored by code
(cases.rules.process.RULES) so the deadline can explain itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.formats import short_date
from core.models import BaseModel
from organisations.models import Organisation

from .case import Case
from .jobseeker import Jobseeker

if TYPE_CHECKING:
    import datetime as dt


class StepKind(models.TextChoices):
    # Values equal cases.rules.process.StepKind (tested).
    INITIAL_INTERVIEW = "initial_interview", _("Initial interview")
    SUPPLEMENTARY_DISCUSSION = (
        "supplementary_discussion",
        _("Supplementary job search discussion"),
    )
    JOB_SEARCH_DISCUSSION = "job_search_discussion", _("Job search discussion")
    ACTIVATION_PLAN = "activation_plan", _("Activation plan")
    MULTISECTORAL_ASSESSMENT = (
        "multisectoral_assessment",
        _("Multi-sectoral service assessment"),
    )
    MULTISECTORAL_PLAN = "multisectoral_plan", _("Multi-sectoral employment plan")
    MULTISECTORAL_REVIEW = "multisectoral_review", _("Multi-sectoral plan review")
    INTEGRATION_PLAN = "integration_plan", _("Integration plan")
    REBOOKING = "rebooking", _("New appointment after a missed one")


class StepStatus(models.TextChoices):
    OPEN = "open", _("Open")
    PAUSED = "paused", _("Paused")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATUSES = (StepStatus.OPEN, StepStatus.PAUSED)


_STEP_KIND_LABELS = dict(StepKind.choices)


class ProcessStepQuerySet(models.QuerySet["ProcessStep"]):
    def open(self) -> ProcessStepQuerySet:
        """Steps still waiting to be done (not paused, done or cancelled)."""
        return self.filter(status=StepStatus.OPEN)

    def overdue(self, *, on: dt.date) -> ProcessStepQuerySet:
        """Open steps whose due date has passed on `on`."""
        return self.open().filter(due_on__lt=on)

    def due_between(self, *, start: dt.date, end: dt.date) -> ProcessStepQuerySet:
        return self.open().filter(due_on__gte=start, due_on__lte=end)


class ProcessStep(BaseModel):
    Kind = StepKind
    Status = StepStatus

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    # No single-column index: step_case_status_idx leads with the case.
    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        related_name="steps",
        verbose_name=_("case"),
        db_index=False,
    )
    # Denormalised from the case so that the worklist needs no join to find
    # "my steps"; services keep it in step with Case.caseworker.
    jobseeker = models.ForeignKey(
        Jobseeker,
        on_delete=models.PROTECT,
        related_name="steps",
        verbose_name=_("jobseeker"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="process_steps",
        verbose_name=_("caseworker"),
    )
    kind = models.CharField(_("step"), max_length=32, choices=StepKind.choices)
    sequence = models.PositiveSmallIntegerField(_("sequence"), default=1)
    status = models.CharField(
        _("status"), max_length=16, choices=StepStatus.choices, default=StepStatus.OPEN
    )
    due_on = models.DateField(_("due on"))
    counts_from = models.DateField(_("counted from"))
    counts_from_event = models.CharField(_("counted from event"), max_length=32)
    rule_code = models.CharField(_("rule"), max_length=64)
    completed_on = models.DateField(_("done on"), null=True, blank=True)
    paused_on = models.DateField(_("paused on"), null=True, blank=True)
    pause_reason = models.CharField(_("reason for pause"), max_length=300, blank=True)
    # History of due-date changes (pauses, resumptions) with their reasons.
    adjustments = models.JSONField(_("adjustments"), default=list, blank=True)
    overdue_flagged_on = models.DateField(
        _("flagged overdue on"), null=True, blank=True
    )

    objects = ProcessStepQuerySet.as_manager()

    class Meta:
        verbose_name = _("process step")
        verbose_name_plural = _("process steps")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=StepKind.values), name="process_step_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=StepStatus.values),
                name="process_step_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(completed_on__isnull=False),
                name="process_step_done_has_date",
                violation_error_message=_("A done step needs the date it was done."),
            ),
            models.CheckConstraint(
                condition=~Q(status="paused") | Q(paused_on__isnull=False),
                name="process_step_paused_has_date",
            ),
            # Creating the same pending deadline twice (a retried task, a
            # double-submitted form) must fail rather than duplicate the step.
            models.UniqueConstraint(
                fields=["case", "kind", "sequence"],
                condition=Q(status__in=["open", "paused"]),
                name="process_step_one_pending_per_sequence",
            ),
        ]
        indexes = [
            # Worklist "my steps", ordered by due date (keyset on due_on, id).
            models.Index(
                fields=["assignee", "due_on", "id"],
                condition=Q(status="open"),
                name="step_worklist_assignee_idx",
            ),
            # Team and municipality views of open steps.
            models.Index(
                fields=["organisation", "due_on", "id"],
                condition=Q(status="open"),
                name="step_worklist_org_idx",
            ),
            # A team's worklist: its organisations' unassigned open steps,
            # walked beside each member's (cases.selectors.worklist).
            models.Index(
                fields=["organisation", "due_on", "id"],
                condition=Q(status="open", assignee__isnull=True),
                name="step_worklist_unassigned_idx",
            ),
            # Nightly overdue flagging: open steps past due not yet flagged.
            models.Index(
                fields=["due_on"],
                condition=Q(status="open", overdue_flagged_on__isnull=True),
                name="step_overdue_unflagged_idx",
            ),
            models.Index(fields=["case", "status"], name="step_case_status_idx"),
            # The month's initial interviews due (reporting.indicators.
            # booked_within_deadline), read from the index alone: the step
            # table was read whole for them, 0.25 s a month at 300,000
            # jobseekers (271 MB), 12 ms this way (issue 21).
            models.Index(
                fields=["due_on"],
                include=["organisation", "id"],
                condition=Q(kind="initial_interview") & ~Q(status="cancelled"),
                name="step_interview_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind_label} {short_date(self.due_on)}"

    @property
    def kind_label(self) -> str:
        """get_kind_display() without rebuilding the choices dict on every
        call (Django does): a worklist page asks for it a hundred times."""
        return str(_STEP_KIND_LABELS.get(self.kind, self.kind))

    def is_overdue_on(self, day: dt.date) -> bool:
        return self.status == StepStatus.OPEN and self.due_on < day


class Reminder(BaseModel):
    """A note to a user that a step is overdue; created once per step, user and kind."""

    class Kind(models.TextChoices):
        OVERDUE = "overdue", _("Step overdue")
        OVERDUE_TEAM = "overdue_team", _("Step overdue in your team")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("user"),
    )
    step = models.ForeignKey(
        ProcessStep,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("step"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            # The nightly task may run twice: the second run adds nothing.
            models.UniqueConstraint(
                fields=["step", "user", "kind"], name="reminder_once_per_step_user_kind"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["overdue", "overdue_team"]),
                name="reminder_kind_valid",
            ),
        ]
        indexes = [
            models.Index(
                fields=["user", "created_at"],
                condition=Q(read_at__isnull=True),
                name="reminder_unread_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.step}"
