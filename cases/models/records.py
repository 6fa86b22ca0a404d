"""What a caseworker records on a case: meetings, assessments, plans, services,
job offers, information for benefit decisions and notes.

Every row carries `organisation` (the tenancy of the case when it was written)
so that any list of it can be scoped in SQL without joining through the case.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cases.rules.records import ServiceState, service_state
from core import textlimits
from core.formats import short_date
from core.models import BaseModel, LocalisedNameMixin
from organisations.models import Organisation

from .case import Case
from .process import ProcessStep

if TYPE_CHECKING:
    import datetime as dt


class CaseRecord(BaseModel):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="+", verbose_name=_("case")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        abstract = True


class MeetingKind(models.TextChoices):
    INITIAL_INTERVIEW = "initial_interview", _("Initial interview")
    SUPPLEMENTARY_DISCUSSION = (
        "supplementary_discussion",
        _("Supplementary job search discussion"),
    )
    JOB_SEARCH_DISCUSSION = "job_search_discussion", _("Job search discussion")


class Channel(models.TextChoices):
    OFFICE = "office", _("Face to face at the office")
    OUTREACH = "outreach", _("Face to face elsewhere")
    VIDEO = "video", _("Video call")
    PHONE = "phone", _("Phone")
    E_SERVICE = "e_service", _("E-service")


FACE_TO_FACE_CHANNELS = (Channel.OFFICE, Channel.OUTREACH)


class Meeting(CaseRecord):
    """An initial interview or a job search discussion that was held."""

    Kind = MeetingKind

    kind = models.CharField(_("meeting"), max_length=32, choices=MeetingKind.choices)
    held_on = models.DateField(_("held on"))
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    step = models.OneToOneField(
        ProcessStep,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting",
        verbose_name=_("deadline met"),
    )
    summary = models.TextField(
        _("summary"), blank=True, validators=textlimits.validators(textlimits.NOTE)
    )

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=MeetingKind.values), name="meeting_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(channel__in=Channel.values), name="meeting_channel_valid"
            ),
            textlimits.length_constraint(
                "summary", textlimits.NOTE, name="meeting_summary_length"
            ),
        ]
        indexes = [models.Index(fields=["case", "-held_on"], name="meeting_case_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {short_date(self.held_on)}"

    @property
    def is_face_to_face(self) -> bool:
        return self.channel in FACE_TO_FACE_CHANNELS


class WorkAbility(models.TextChoices):
    FULL = "full", _("Full work ability")
    REDUCED = "reduced", _("Reduced work ability")
    UNCLEAR = "unclear", _("Needs to be assessed")


class EducationLevel(models.TextChoices):
    BASIC = "basic", _("Basic education or none")
    UPPER_SECONDARY = "upper_secondary", _("Upper secondary")
    VOCATIONAL = "vocational", _("Vocational qualification")
    HIGHER = "higher", _("Higher education")
    UNKNOWN = "unknown", _("Not known")


class ServiceNeedsAssessment(CaseRecord):
    """The (enhanced) service-needs assessment of seed 004, kept current."""

    assessed_on = models.DateField(_("assessed on"))
    education_level = models.CharField(
        _("education"), max_length=16, choices=EducationLevel.choices, default="unknown"
    )
    skills = models.TextField(
        _("skills and work experience"),
        blank=True,
        validators=textlimits.validators(textlimits.TEXT),
    )
    training_need = models.BooleanField(_("training need"), default=False)
    training_need_notes = models.TextField(
        _("training need, details"),
        blank=True,
        validators=textlimits.validators(textlimits.TEXT),
    )
    work_ability = models.CharField(
        _("work ability"), max_length=16, choices=WorkAbility.choices, default="unclear"
    )
    # Health-related: partners see this only when consent covers it (issue 4).
    work_ability_notes = models.TextField(
        _("work ability, details"),
        blank=True,
        validators=textlimits.validators(textlimits.TEXT),
    )
    social_services_need = models.BooleanField(
        _("need for social services"), default=False
    )
    health_services_need = models.BooleanField(
        _("need for health services"), default=False
    )
    rehabilitation_need = models.BooleanField(
        _("need for rehabilitation"), default=False
    )
    kela_coordination = models.BooleanField(
        _("coordinated with Kela's rehabilitation"), default=False
    )
    language_skills = models.CharField(_("language skills"), max_length=300, blank=True)
    notes = models.TextField(
        _("notes"), blank=True, validators=textlimits.validators(textlimits.TEXT)
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("service needs assessment")
        verbose_name_plural = _("service needs assessments")
        constraints = [
            # One current assessment per case; it is updated, with history in events.
            models.UniqueConstraint(fields=["case"], name="assessment_one_per_case"),
            models.CheckConstraint(
                condition=Q(work_ability__in=WorkAbility.values),
                name="assessment_work_ability_valid",
            ),
            models.CheckConstraint(
                condition=Q(education_level__in=EducationLevel.values),
                name="assessment_education_valid",
            ),
            *(
                textlimits.length_constraint(
                    name, textlimits.TEXT, name=f"assessment_{name}_length"
                )
                for name in (
                    "skills",
                    "training_need_notes",
                    "work_ability_notes",
                    "notes",
                )
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} {short_date(self.assessed_on)}"


class PlanKind(models.TextChoices):
    EMPLOYMENT = "employment", _("Employment plan")
    ACTIVATION = "activation", _("Activation plan")
    INTEGRATION = "integration", _("Integration plan")
    MULTISECTORAL = "multisectoral", _("Multi-sectoral employment plan")


class Plan(CaseRecord):
    """A plan of one kind on a case; its content lives in immutable versions."""

    Kind = PlanKind

    kind = models.CharField(_("plan"), max_length=16, choices=PlanKind.choices)
    # Incremented by every new version; the form posts the number it saw.
    version = models.PositiveIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind"], name="plan_one_per_kind_per_case"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=PlanKind.values), name="plan_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.case.jobseeker}"


class ContactChannel(models.TextChoices):
    E_SERVICE = "e_service", _("E-service messages")
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("Email")
    LETTER = "letter", _("Letter")


class PlanVersion(BaseModel):
    """One agreed version of a plan; never edited, replaced by the next version."""

    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="versions", verbose_name=_("plan")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    number = models.PositiveIntegerField(_("version"))
    agreed_on = models.DateField(_("agreed on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    goal = models.TextField(
        _("goal"), validators=textlimits.validators(textlimits.TEXT)
    )
    services = models.TextField(
        _("agreed services"),
        blank=True,
        validators=textlimits.validators(textlimits.TEXT),
    )
    # Job search obligation: as a rule 4 applications per 1-month review period,
    # individually 0-4 (Act 380/2023 ch. 4; HE 167/2021).
    applications_per_month = models.PositiveSmallIntegerField(
        _("job applications per month"),
        default=4,
        validators=[MaxValueValidator(4)],
    )
    obligation_reason = models.CharField(
        _("reason for fewer applications"), max_length=300, blank=True
    )
    contact_channel = models.CharField(
        _("agreed contact channel"),
        max_length=16,
        choices=ContactChannel.choices,
        default=ContactChannel.E_SERVICE,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("made by"),
    )

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"], name="plan_version_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(applications_per_month__lte=4),
                name="plan_version_obligation_0_to_4",
                violation_error_message=_(
                    "The job search obligation is 0–4 applications a month."
                ),
            ),
            models.CheckConstraint(
                condition=Q(applications_per_month=4) | ~Q(obligation_reason=""),
                name="plan_version_reduced_obligation_has_reason",
                violation_error_message=_(
                    "Give the reason when fewer than 4 applications a month "
                    "are required."
                ),
            ),
            models.CheckConstraint(
                condition=Q(contact_channel__in=ContactChannel.values),
                name="plan_version_contact_channel_valid",
            ),
            textlimits.length_constraint(
                "goal", textlimits.TEXT, name="plan_version_goal_length"
            ),
            textlimits.length_constraint(
                "services", textlimits.TEXT, name="plan_version_services_length"
            ),
            # The plan runs from its agreement; an end before it is a typo.
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_until__gte=models.F("agreed_on")),
                name="plan_version_valid_after_agreed",
                violation_error_message=_("The plan cannot end before it is agreed."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"


class PlanTask(models.Model):
    class Responsible(models.TextChoices):
        JOBSEEKER = "jobseeker", _("Jobseeker")
        CASEWORKER = "caseworker", _("Caseworker")
        PARTNER = "partner", _("Partner")

    version = models.ForeignKey(
        PlanVersion,
        on_delete=models.CASCADE,
        related_name="tasks",
        verbose_name=_("version"),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    description = models.CharField(_("task"), max_length=500)
    responsible = models.CharField(
        _("responsible"),
        max_length=16,
        choices=Responsible.choices,
        default="jobseeker",
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    is_done = models.BooleanField(_("done"), default=False)

    class Meta:
        verbose_name = _("plan task")
        verbose_name_plural = _("plan tasks")
        ordering = ["version", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(responsible__in=["jobseeker", "caseworker", "partner"]),
                name="plan_task_responsible_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.description


class ServiceCategory(models.TextChoices):
    SUBSIDISED_WORK = "subsidised_work", _("Subsidised work")
    TRIAL = "trial", _("Work or training trial")
    TRAINING = "training", _("Training and studies")
    COACHING = "coaching", _("Coaching")
    REHABILITATION = "rehabilitation", _("Rehabilitative services")
    ENTERPRISE = "enterprise", _("Starting a business")
    GUIDANCE = "guidance", _("Guidance and assessment")


class ServiceType(LocalisedNameMixin, BaseModel):
    """The service catalogue; `counts_as_active` feeds the activation rate."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    category = models.CharField(
        _("category"), max_length=32, choices=ServiceCategory.choices
    )
    counts_as_active = models.BooleanField(
        _("counts as an active service"),
        default=False,
        help_text=_("People in these services are in the activation rate's numerator."),
    )
    source = models.TextField(_("source"), blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("service type")
        verbose_name_plural = _("service types")
        ordering = ["category", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(category__in=ServiceCategory.values),
                name="service_type_category_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.localised_name


class ServicePeriod(CaseRecord):
    service_type = models.ForeignKey(
        ServiceType,
        on_delete=models.PROTECT,
        related_name="periods",
        verbose_name=_("service"),
    )
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    started_on = models.DateField(_("started on"))
    planned_end_on = models.DateField(_("planned end"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("how it ended"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("service period")
        verbose_name_plural = _("service periods")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="service_period_valid_dates",
                violation_error_message=_(
                    "The end date cannot be before the start date."
                ),
            ),
            models.CheckConstraint(
                condition=Q(planned_end_on__isnull=True)
                | Q(planned_end_on__gte=models.F("started_on")),
                name="service_period_valid_planned_end",
                violation_error_message=_(
                    "The planned end cannot be before the start date."
                ),
            ),
        ]
        indexes = [
            # Activation rate: services running at a month end, per organisation.
            models.Index(
                fields=["organisation", "started_on", "ended_on"],
                name="service_period_org_idx",
            ),
            models.Index(
                fields=["case", "-started_on"], name="service_period_case_idx"
            ),
            # The month's service starts (reporting.indicators.service_starts)
            # from the index alone: 46 ms a month reading the whole table at
            # 300,000 jobseekers, 3 ms this way (issue 21).
            models.Index(
                fields=["started_on"],
                include=["organisation", "id"],
                name="service_period_started_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service_type} {short_date(self.started_on)}"

    def state_on(self, day: dt.date) -> ServiceState:
        """Starting (not yet active), ongoing or ended on `day`."""
        return service_state(started_on=self.started_on, ended_on=self.ended_on, on=day)


class JobOfferOutcome(models.TextChoices):
    PENDING = "pending", _("Waiting for the outcome")
    APPLIED = "applied", _("Applied")
    HIRED = "hired", _("Hired")
    NOT_SELECTED = "not_selected", _("Not selected")
    DID_NOT_APPLY = "did_not_apply", _("Did not apply")
    REFUSED = "refused", _("Refused the job")


class JobOffer(CaseRecord):
    """A binding job offer; from 2026 an authority-assigned vacancy (seed 004)."""

    Outcome = JobOfferOutcome

    offered_on = models.DateField(_("offered on"))
    employer = models.CharField(_("employer"), max_length=200)
    job_title = models.CharField(_("job"), max_length=200)
    vacancy_reference = models.CharField(
        _("vacancy reference"), max_length=100, blank=True
    )
    apply_by = models.DateField(_("apply by"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=JobOfferOutcome.choices, default="pending"
    )
    outcome_on = models.DateField(_("outcome recorded on"), null=True, blank=True)

    class Meta:
        verbose_name = _("job offer")
        verbose_name_plural = _("job offers")
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=JobOfferOutcome.values),
                name="job_offer_outcome_valid",
            ),
            models.CheckConstraint(
                condition=Q(outcome="pending") | Q(outcome_on__isnull=False),
                name="job_offer_outcome_has_date",
            ),
            # An application deadline before the offer cannot be met.
            models.CheckConstraint(
                condition=Q(apply_by__isnull=True)
                | Q(apply_by__gte=models.F("offered_on")),
                name="job_offer_apply_by_after_offer",
                violation_error_message=_(
                    "The application deadline cannot be before the offer."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.job_title} – {self.employer}"


class BenefitNoticeKind(models.TextChoices):
    REFUSED_JOB = "refused_job", _("Refused or did not apply for a job")
    REFUSED_SERVICE = "refused_service", _("Refused or interrupted a service")
    MISSED_MEETING = "missed_meeting", _("Missed an interview or discussion")
    JOB_SEARCH_NEGLECTED = "job_search_neglected", _("Job search obligation not met")
    STUDIES = "studies", _("Studies")
    ENTERPRISE = "enterprise", _("Work as an entrepreneur")
    OTHER = "other", _("Other fact affecting the benefit")


class BenefitNotice(CaseRecord):
    """Information given for a labour-policy statement on unemployment benefit.

    Pilots supplied facts to the TE office, which kept the statements (seed
    004); from 2025 the employment authority sends them to Kela or the fund.
    """

    Kind = BenefitNoticeKind

    kind = models.CharField(
        _("matter"), max_length=32, choices=BenefitNoticeKind.choices
    )
    sent_on = models.DateField(_("sent on"))
    recipient = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recipient"),
    )
    description = models.TextField(
        _("description"), validators=textlimits.validators(textlimits.NOTE)
    )

    class Meta:
        verbose_name = _("information for a benefit decision")
        verbose_name_plural = _("information for benefit decisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=BenefitNoticeKind.values),
                name="benefit_notice_kind_valid",
            ),
            textlimits.length_constraint(
                "description", textlimits.NOTE, name="benefit_notice_description_length"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {short_date(self.sent_on)}"


class Note(CaseRecord):
    text = models.TextField(
        _("note"), validators=textlimits.validators(textlimits.NOTE)
    )
    is_health_related = models.BooleanField(
        _("contains health information"),
        default=False,
        help_text=_("Shown to partners only when the jobseeker's consent covers it."),
    )

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        constraints = [
            textlimits.length_constraint(
                "text", textlimits.NOTE, name="note_text_length"
            )
        ]

    def __str__(self) -> str:
        return self.text[:50]
