"""Municipal employment pilots (2021–2024), employment areas (from 2025) and
the pilot target group as versioned, reviewable rule data."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core import textlimits
from core.formats import short_date
from core.models import BaseModel, LocalisedNameMixin, in_active_language
from core.runs import BackgroundRun, RunStatus
from organisations.models import Organisation

from .rules import Clause


class PilotStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    APPROVED = "approved", _("Approved")
    NOT_SELECTED = "not_selected", _("Not selected")
    ENDED = "ended", _("Ended")


class Pilot(BaseModel):
    """A pilot (kuntakokeilu): its application figures and the conditions' check."""

    Status = PilotStatus

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.PROTECT,
        related_name="pilot",
        limit_choices_to={"kind": "pilot"},
        verbose_name=_("pilot organisation"),
    )
    responsible_municipality = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "municipality"},
        verbose_name=_("responsible municipality"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=PilotStatus.choices, default="applied"
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    te_office_clients = models.PositiveIntegerField(
        _("jobseeker clients of the TE office in the ELY area"), null=True, blank=True
    )
    clients_to_pilots = models.PositiveIntegerField(
        _("clients moving to pilots in the ELY area, this one included"),
        null=True,
        blank=True,
    )
    lms_expenditure_2018 = models.DecimalField(
        _("labour market subsidy expenditure 2018 (€)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
    )
    own_resourcing_per_year = models.DecimalField(
        _("own resourcing a year (€)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
    )
    source = models.TextField(_("source"), blank=True)

    class Meta:
        verbose_name = _("pilot")
        verbose_name_plural = _("pilots")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PilotStatus.values), name="pilot_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="pilot_valid_period",
                violation_error_message=_(
                    "The end date cannot be before the start date."
                ),
            ),
        ]

    def __str__(self) -> str:
        return str(self.organisation)


class PilotMunicipality(BaseModel):
    """A participating municipality with the figures of the application."""

    pilot = models.ForeignKey(
        Pilot,
        on_delete=models.CASCADE,
        related_name="municipalities",
        verbose_name=_("pilot"),
    )
    municipality = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "municipality"},
        verbose_name=_("municipality"),
    )
    population = models.PositiveIntegerField(_("population in the application"))
    ely_centre = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("ELY centre"),
    )

    class Meta:
        verbose_name = _("pilot municipality")
        verbose_name_plural = _("pilot municipalities")
        constraints = [
            models.UniqueConstraint(
                fields=["pilot", "municipality"], name="pilot_municipality_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pilot}: {self.municipality}"


class EmploymentArea(BaseModel):
    """An employment area (työllisyysalue) of 380/2023 and its check figures."""

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.PROTECT,
        related_name="employment_area",
        limit_choices_to={"kind": "employment_area"},
        verbose_name=_("employment area"),
    )
    responsible_municipality = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "municipality"},
        verbose_name=_("responsible municipality"),
    )
    contiguity_declared = models.BooleanField(
        _("declared geographically contiguous"), default=False
    )
    decision_reference = models.CharField(_("decision"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("employment area")
        verbose_name_plural = _("employment areas")

    def __str__(self) -> str:
        return str(self.organisation)


class AreaMunicipality(BaseModel):
    area = models.ForeignKey(
        EmploymentArea,
        on_delete=models.CASCADE,
        related_name="municipalities",
        verbose_name=_("employment area"),
    )
    municipality = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "municipality"},
        verbose_name=_("municipality"),
    )
    labour_force = models.PositiveIntegerField(_("labour force"), null=True, blank=True)
    labour_force_source = models.CharField(
        _("source of the figure"), max_length=200, blank=True
    )

    class Meta:
        verbose_name = _("area municipality")
        verbose_name_plural = _("area municipalities")
        constraints = [
            models.UniqueConstraint(
                fields=["area", "municipality"], name="area_municipality_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area}: {self.municipality}"


class ConditionWaiver(BaseModel):
    """A recorded justification for deviating from one condition (seed 003/004)."""

    pilot = models.ForeignKey(
        Pilot, on_delete=models.CASCADE, null=True, blank=True, related_name="waivers"
    )
    area = models.ForeignKey(
        EmploymentArea,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="waivers",
    )
    condition = models.CharField(_("condition"), max_length=32)
    justification = models.TextField(
        _("justification"), validators=textlimits.validators(textlimits.REASON)
    )
    # Empty for waivers recorded from a seed document by migration.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("waiver")
        verbose_name_plural = _("waivers")
        constraints = [
            models.CheckConstraint(
                condition=Q(pilot__isnull=False, area__isnull=True)
                | Q(pilot__isnull=True, area__isnull=False),
                name="waiver_for_pilot_or_area",
            ),
            models.UniqueConstraint(
                fields=["pilot", "condition"],
                condition=Q(pilot__isnull=False),
                name="waiver_once_per_pilot_condition",
            ),
            models.UniqueConstraint(
                fields=["area", "condition"],
                condition=Q(area__isnull=False),
                name="waiver_once_per_area_condition",
            ),
            textlimits.length_constraint(
                "justification", textlimits.REASON, name="waiver_justification_length"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pilot or self.area}: {self.condition}"


class RuleSetStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEWED = "reviewed", _("Reviewed")
    ACTIVE = "active", _("Active")


class EligibilityRuleSet(LocalisedNameMixin, BaseModel):
    """One version of the target-group rules, in force from `valid_from` once active.

    Versions are data: a changed rule is a new version that is drafted,
    reviewed by another person and activated from a date; the version in force
    on a day is the active one with the latest valid_from on or before it.
    Name and source are Finnish, with optional Swedish and English texts.
    """

    Status = RuleSetStatus

    version = models.PositiveIntegerField(_("version"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=RuleSetStatus.choices, default="draft"
    )
    valid_from = models.DateField(_("in force from"))
    # [{"clause": "under_age", "age": 30}, ...] in the order they are tried.
    clauses = models.JSONField(_("clauses"))
    source = models.TextField(_("source"))
    source_sv = models.TextField(_("source in Swedish"), blank=True)
    source_en = models.TextField(_("source in English"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("drafted by"),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    activated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("activated by"),
    )
    activated_at = models.DateTimeField(_("activated at"), null=True, blank=True)

    class Meta:
        verbose_name = _("eligibility rule version")
        verbose_name_plural = _("eligibility rule versions")
        ordering = ["-version"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RuleSetStatus.values),
                name="rule_set_status_valid",
            ),
            # Two active versions cannot start on the same day.
            models.UniqueConstraint(
                fields=["valid_from"],
                condition=Q(status="active"),
                name="rule_set_one_active_per_start",
            ),
        ]

    def __str__(self) -> str:
        return f"v{self.version} {self.localised_name}"

    @property
    def localised_source(self) -> str:
        return in_active_language(fi=self.source, sv=self.source_sv, en=self.source_en)


class EligibilityResult(models.Model):
    """A jobseeker's latest evaluation for one pilot, with the rule version used."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    # No single-column indexes on jobseeker and pilot: the unique
    # (jobseeker, pilot) and the (pilot, organisation, eligible) indexes lead
    # with them. Each index is written for every result, and a bulk run
    # writes a million (benchmarks.run eligibility_all at 1,000,000).
    jobseeker = models.ForeignKey(
        "cases.Jobseeker",
        on_delete=models.CASCADE,
        related_name="eligibility_results",
        verbose_name=_("jobseeker"),
        db_index=False,
    )
    pilot = models.ForeignKey(
        Pilot,
        on_delete=models.CASCADE,
        related_name="results",
        verbose_name=_("pilot"),
        db_index=False,
    )
    rule_set = models.ForeignKey(
        EligibilityRuleSet,
        on_delete=models.PROTECT,
        related_name="results",
        verbose_name=_("rule version"),
    )
    evaluated_on = models.DateField(_("evaluated for"))
    eligible = models.BooleanField(_("eligible"))
    clause = models.CharField(_("deciding clause"), max_length=40)
    age = models.PositiveSmallIntegerField(_("age on the day"))
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("eligibility result")
        verbose_name_plural = _("eligibility results")
        constraints = [
            models.UniqueConstraint(
                fields=["jobseeker", "pilot"],
                name="eligibility_result_latest_per_pilot",
            ),
        ]
        indexes = [
            # Counts per pilot and organisation for coordinators.
            models.Index(
                fields=["pilot", "organisation", "eligible"],
                name="eligibility_counts_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.jobseeker_id} {self.pilot_id}: {self.eligible}"


class EvaluationRun(BackgroundRun):
    """A bulk evaluation of a pilot's jobseekers, run by Celery tasks (one per
    member municipality); progress counts the municipalities evaluated."""

    Status = RunStatus
    task_name = "pilots.evaluation_run_task"

    pilot = models.ForeignKey(
        Pilot, on_delete=models.CASCADE, related_name="runs", verbose_name=_("pilot")
    )
    evaluated_on = models.DateField(_("evaluated for"))
    evaluated = models.PositiveIntegerField(_("jobseekers evaluated"), default=0)
    eligible = models.PositiveIntegerField(_("eligible"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    rule_set = models.ForeignKey(
        "EligibilityRuleSet",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rule version"),
    )
    # started_at (the base's) is the database's clock when the run began:
    # results it did not rewrite belong to people who moved out of the area
    # (services.evaluation._mark_moved_out).
    # Municipalities are evaluated by separate tasks, possibly side by side
    # and retried: each is counted once.
    municipalities_done = ArrayField(
        models.BigIntegerField(),
        default=list,
        blank=True,
        verbose_name=_("municipalities evaluated"),
    )

    class Meta(BackgroundRun.Meta):
        verbose_name = _("evaluation run")
        verbose_name_plural = _("evaluation runs")
        constraints = [
            *BackgroundRun.Meta.constraints,
            models.CheckConstraint(
                condition=Q(status__in=RunStatus.values),
                name="evaluation_run_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pilot} {short_date(self.evaluated_on)} {self.status}"

    def message_language(self) -> str:
        if self.requested_by is None:
            return super().message_language()
        return self.requested_by.preferred_language or super().message_language()


class TransferReason(models.TextChoices):
    ELIGIBLE = "eligible", _("In the pilot's target group")
    LANGUAGE_RIGHTS = "language_rights", _("Language rights")
    UNWORKABLE = "unworkable", _("The client relationship does not work")
    SAFETY = "safety", _("Safety")
    PILOT_ENDED = "pilot_ended", _("The pilot ended")
    OTHER = "other", _("Other")


class PilotTransfer(BaseModel):
    """A case moving to a pilot municipality or back (HE 43/2021), with its reason."""

    Reason = TransferReason

    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        related_name="pilot_transfers",
        verbose_name=_("case"),
    )
    from_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("from")
    )
    to_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("to")
    )
    transferred_on = models.DateField(_("transferred on"))
    reason = models.CharField(
        _("reason"), max_length=32, choices=TransferReason.choices
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("pilot transfer")
        verbose_name_plural = _("pilot transfers")
        constraints = [
            models.CheckConstraint(
                condition=Q(reason__in=TransferReason.values),
                name="pilot_transfer_reason_valid",
            ),
            models.CheckConstraint(
                condition=~Q(from_organisation=models.F("to_organisation")),
                name="pilot_transfer_changes_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case}: {self.from_organisation} → {self.to_organisation}"


CLAUSE_VALUES = [c.value for c in Clause]
