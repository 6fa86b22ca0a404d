from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers

from cases import explain
from cases.models import (
    BenefitType,
    Case,
    JobOffer,
    JobSearchPeriod,
    Jobseeker,
    Meeting,
    Note,
    Plan,
    PlanTask,
    PlanVersion,
    ProcessStep,
    ServicePeriod,
)
from cases.models.case import ExitReason
from cases.models.records import Channel, ContactChannel, MeetingKind, PlanKind
from cases.rules import records as record_rules
from cases.rules.contact import PHONE_INVALID, phone_e164
from core import textlimits
from core.api import FlatListSerializer, FormSerializer, InputSerializer


class RuleOutputSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    legal_source = serializers.CharField(source="source")
    valid_from = serializers.DateField()
    valid_until = serializers.DateField(allow_null=True)
    amount = serializers.IntegerField(allow_null=True)
    unit = serializers.CharField(allow_null=True)
    note = serializers.CharField()


class ExplanationOutputSerializer(serializers.Serializer[Any]):
    headline = serializers.CharField()
    basis = serializers.CharField()
    adjustments = serializers.ListField(child=serializers.CharField())


class DeadlineOutputSerializer(serializers.ModelSerializer[ProcessStep]):
    kind_label = serializers.CharField(source="get_kind_display")
    rule = serializers.SerializerMethodField()
    explanation = serializers.SerializerMethodField()

    class Meta:
        model = ProcessStep
        fields = [
            "id",
            "case",
            "kind",
            "kind_label",
            "sequence",
            "status",
            "due_on",
            "counts_from",
            "counts_from_event",
            "paused_on",
            "pause_reason",
            "rule",
            "explanation",
        ]

    def get_rule(self, step: ProcessStep) -> dict[str, Any] | None:
        rule = explain.RULES_BY_CODE.get(step.rule_code)
        return None if rule is None else RuleOutputSerializer(rule).data

    def get_explanation(self, step: ProcessStep) -> dict[str, Any]:
        return dict(ExplanationOutputSerializer(explain.explain_step(step)).data)


class JobseekerOutputSerializer(serializers.ModelSerializer[Jobseeker]):
    """Contact and background facts; the identity code is never in a list
    (the browser reveals it on request, logged separately)."""

    class Meta:
        model = Jobseeker
        list_serializer_class = FlatListSerializer
        fields = [
            "id",
            "organisation",
            "home_municipality",
            "first_names",
            "last_name",
            "birth_date",
            "mother_tongue",
            "email",
            "phone",
            "is_immigrant",
            "first_residence_on",
            "integration_need",
            "under_temporary_protection",
            "home_municipality_registered",
            "benefit_type",
            "lms_days_for_unemployment",
            "lms_days_last_12_months",
            "lms_days_after_max_allowance",
            "max_allowance_period_exhausted",
            "months_main_income_social_assistance",
            "benefit_days_as_of",
            "version",
        ]


class JobseekerUpdateInputSerializer(InputSerializer):
    """Changed details and facts of a jobseeker; what is left out stays.

    The same checks as the form (cases.forms.JobseekerDetailsForm) and the
    same service, so the change history, the timeline event, triggered
    deadlines and pilot re-evaluation follow as from the browser.
    """

    required_in_patch = True  # the schema requires version (core.api_schema)

    version = serializers.IntegerField(
        min_value=1,
        help_text="The jobseeker version the client last read (optimistic locking).",
    )
    first_names = serializers.CharField(max_length=200, required=False)
    last_name = serializers.CharField(max_length=200, required=False)
    home_municipality = serializers.IntegerField(
        required=False, help_text="A municipality (organisation id) you serve."
    )
    mother_tongue = serializers.ChoiceField(
        choices=Jobseeker.MotherTongue.choices, required=False
    )
    other_language = serializers.CharField(
        max_length=100, required=False, allow_blank=True
    )
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    address = serializers.CharField(max_length=300, required=False, allow_blank=True)
    is_immigrant = serializers.BooleanField(required=False)
    first_residence_on = serializers.DateField(required=False, allow_null=True)
    integration_need = serializers.BooleanField(required=False)
    under_temporary_protection = serializers.BooleanField(required=False)
    home_municipality_registered = serializers.BooleanField(
        required=False,
        help_text="False for a person without a registered home municipality in "
        "Finland yet (e.g. under temporary protection).",
    )
    benefit_type = serializers.ChoiceField(choices=BenefitType.choices, required=False)
    lms_days_for_unemployment = serializers.IntegerField(min_value=0, required=False)
    lms_days_last_12_months = serializers.IntegerField(
        min_value=0, max_value=366, required=False
    )
    lms_days_after_max_allowance = serializers.IntegerField(min_value=0, required=False)
    max_allowance_period_exhausted = serializers.BooleanField(required=False)
    months_main_income_social_assistance = serializers.IntegerField(
        min_value=0, max_value=240, required=False
    )
    benefit_days_as_of = serializers.DateField(required=False, allow_null=True)

    def validate_phone(self, value: str) -> str:
        if not value.strip():
            return ""
        number = phone_e164(value)
        if number is None:
            raise serializers.ValidationError(str(PHONE_INVALID))
        return number

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        current: Jobseeker = self.context["jobseeker"]

        def value(name: str) -> Any:
            return attrs[name] if name in attrs else getattr(current, name)

        if value("mother_tongue") == "other" and not value("other_language"):
            raise serializers.ValidationError(
                {"other_language": [_("Name the mother tongue.")]}
            )
        if value("is_immigrant") and value("first_residence_on") is None:
            raise serializers.ValidationError(
                {
                    "first_residence_on": [
                        _(
                            "Give the date of the first residence permit or "
                            "registration."
                        )
                    ]
                }
            )
        return attrs


class JobSearchPeriodOutputSerializer(serializers.ModelSerializer[JobSearchPeriod]):
    class Meta:
        model = JobSearchPeriod
        list_serializer_class = FlatListSerializer
        fields = [
            "id",
            "jobseeker",
            "organisation",
            "started_on",
            "ended_on",
            "status_at_start",
        ]


class CaseOutputSerializer(serializers.ModelSerializer[Case]):
    class Meta:
        model = Case
        list_serializer_class = FlatListSerializer
        fields = [
            "id",
            "jobseeker",
            "job_search_period",
            "organisation",
            "caseworker",
            "status",
            "opened_on",
            "closed_on",
            "exit_reason",
            "version",
        ]


class CaseCloseInputSerializer(InputSerializer):
    exit_reason = serializers.ChoiceField(choices=ExitReason.choices)
    closed_on = serializers.DateField()
    version = serializers.IntegerField(
        help_text="The case version the client last read (optimistic locking)."
    )


class ServicePeriodOutputSerializer(serializers.ModelSerializer[ServicePeriod]):
    service_type = serializers.CharField(source="service_type.code")
    counts_as_active = serializers.BooleanField(source="service_type.counts_as_active")
    state = serializers.SerializerMethodField(
        help_text="starting (before its start date: not yet active), ongoing or "
        "ended, today"
    )

    class Meta:
        model = ServicePeriod
        fields = [
            "id",
            "case",
            "organisation",
            "service_type",
            "counts_as_active",
            "provider",
            "started_on",
            "planned_end_on",
            "ended_on",
            "end_reason",
            "state",
        ]

    def get_state(self, period: ServicePeriod) -> str:
        return str(period.state_on(timezone.localdate()))


class JobOfferOutputSerializer(serializers.ModelSerializer[JobOffer]):
    class Meta:
        model = JobOffer
        list_serializer_class = FlatListSerializer
        fields = [
            "id",
            "case",
            "organisation",
            "offered_on",
            "employer",
            "job_title",
            "vacancy_reference",
            "apply_by",
            "outcome",
            "outcome_on",
        ]


class PlanTaskOutputSerializer(serializers.ModelSerializer[PlanTask]):
    class Meta:
        model = PlanTask
        fields = ["position", "description", "responsible", "due_on", "is_done"]


class PlanVersionOutputSerializer(serializers.ModelSerializer[PlanVersion]):
    tasks = PlanTaskOutputSerializer(many=True, read_only=True)

    class Meta:
        model = PlanVersion
        fields = [
            "id",
            "number",
            "agreed_on",
            "valid_until",
            "goal",
            "services",
            "applications_per_month",
            "obligation_reason",
            "contact_channel",
            "tasks",
        ]


class PlanOutputSerializer(serializers.ModelSerializer[Plan]):
    versions = PlanVersionOutputSerializer(many=True)

    class Meta:
        model = Plan
        fields = ["id", "case", "organisation", "kind", "version", "versions"]


# --- Recording on a case (the same services and rules as the forms) ---------


class NoteInputSerializer(InputSerializer):
    text = serializers.CharField(max_length=textlimits.NOTE)
    is_health_related = serializers.BooleanField(default=False)


class NoteOutputSerializer(serializers.ModelSerializer[Note]):
    class Meta:
        model = Note
        list_serializer_class = FlatListSerializer
        fields = ["id", "case", "text", "is_health_related", "created_at"]


class MeetingInputSerializer(InputSerializer):
    kind = serializers.ChoiceField(choices=MeetingKind.choices)
    held_on = serializers.DateField()
    channel = serializers.ChoiceField(choices=Channel.choices)
    summary = serializers.CharField(
        max_length=textlimits.NOTE, required=False, default="", allow_blank=True
    )

    def validate_held_on(self, value: Any) -> Any:
        if value > timezone.localdate():
            raise serializers.ValidationError(
                _("A meeting cannot be recorded before it is held.")
            )
        return value


class MeetingOutputSerializer(serializers.ModelSerializer[Meeting]):
    class Meta:
        model = Meeting
        list_serializer_class = FlatListSerializer
        fields = ["id", "case", "kind", "held_on", "channel", "summary", "step"]


class JobOfferInputSerializer(InputSerializer):
    offered_on = serializers.DateField()
    employer = serializers.CharField(max_length=200)
    job_title = serializers.CharField(max_length=200)
    vacancy_reference = serializers.CharField(
        max_length=100, required=False, default="", allow_blank=True
    )
    apply_by = serializers.DateField(required=False, allow_null=True, default=None)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        problem = record_rules.apply_by_problem(
            offered_on=attrs.get("offered_on"), apply_by=attrs.get("apply_by")
        )
        if problem:
            raise serializers.ValidationError({"apply_by": [problem]})
        return attrs


class PlanTaskInputSerializer(InputSerializer):
    description = serializers.CharField(max_length=500)
    responsible = serializers.ChoiceField(
        choices=PlanTask.Responsible.choices, default=PlanTask.Responsible.JOBSEEKER
    )
    due_on = serializers.DateField(required=False, allow_null=True, default=None)
    is_done = serializers.BooleanField(default=False)


class PlanVersionInputSerializer(InputSerializer):
    """A new version of the case's plan of `kind`; `context["plan_dates"]`
    gives what the task dates are checked against (cases.services.plan_dates)."""

    kind = serializers.ChoiceField(choices=PlanKind.choices)
    version = serializers.IntegerField(
        min_value=0,
        help_text="The plan version the client last read, 0 for a new plan "
        "(optimistic locking).",
    )
    agreed_on = serializers.DateField()
    valid_until = serializers.DateField(required=False, allow_null=True, default=None)
    goal = serializers.CharField(max_length=textlimits.TEXT)
    services = serializers.CharField(
        max_length=textlimits.TEXT, required=False, default="", allow_blank=True
    )
    applications_per_month = serializers.IntegerField(
        min_value=0, max_value=4, default=4
    )
    obligation_reason = serializers.CharField(
        max_length=300, required=False, default="", allow_blank=True
    )
    contact_channel = serializers.ChoiceField(
        choices=ContactChannel.choices, default=ContactChannel.E_SERVICE
    )
    tasks = PlanTaskInputSerializer(many=True, required=False, default=list)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        agreed, until = attrs["agreed_on"], attrs.get("valid_until")
        if until is not None and until < agreed:
            raise serializers.ValidationError(
                {"valid_until": [_("The plan cannot end before it is agreed.")]}
            )
        if attrs["applications_per_month"] < 4 and not attrs["obligation_reason"]:
            raise serializers.ValidationError(
                {
                    "obligation_reason": [
                        _(
                            "Give the reason when fewer than 4 applications a "
                            "month are required."
                        )
                    ]
                }
            )
        plan_dates = self.context.get("plan_dates")
        if plan_dates is not None:
            dates = plan_dates(attrs["kind"], agreed, until)
            errors = [
                {"due_on": [problem]}
                if (
                    problem := record_rules.task_due_problem(
                        due_on=task.get("due_on"),
                        is_done=task.get("is_done", False),
                        dates=dates,
                    )
                )
                else {}
                for task in attrs["tasks"]
            ]
            if any(errors):
                raise serializers.ValidationError({"tasks": errors})
        return attrs


class ServiceStartInputSerializer(InputSerializer):
    service_type = serializers.SlugField(
        max_length=64, help_text="The service's code in the catalogue."
    )
    started_on = serializers.DateField()
    planned_end_on = serializers.DateField(
        required=False, allow_null=True, default=None
    )
    provider = serializers.CharField(
        max_length=200, required=False, default="", allow_blank=True
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        end = attrs.get("planned_end_on")
        if end is not None and end < attrs["started_on"]:
            raise serializers.ValidationError(
                {"planned_end_on": [_("The planned end cannot be before the start.")]}
            )
        return attrs


class ServiceEndInputSerializer(InputSerializer):
    ended_on = serializers.DateField()
    end_reason = serializers.CharField(
        max_length=300, required=False, default="", allow_blank=True
    )


class ExportQuerySerializer(FormSerializer):
    file_format = serializers.ChoiceField(
        choices=[("csv", "CSV"), ("xlsx", "XLSX")],
        default="csv",
        help_text="csv (default, UTF-8) or xlsx",
    )
