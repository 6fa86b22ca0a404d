from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers

from cases import explain
from cases.models import (
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
from core import textlimits


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
            "integration_need",
            "benefit_type",
            "benefit_days_as_of",
            "version",
        ]


class JobSearchPeriodOutputSerializer(serializers.ModelSerializer[JobSearchPeriod]):
    class Meta:
        model = JobSearchPeriod
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


class CaseCloseInputSerializer(serializers.Serializer[Any]):
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


class NoteInputSerializer(serializers.Serializer[Any]):
    text = serializers.CharField(max_length=textlimits.NOTE)
    is_health_related = serializers.BooleanField(default=False)


class NoteOutputSerializer(serializers.ModelSerializer[Note]):
    class Meta:
        model = Note
        fields = ["id", "case", "text", "is_health_related", "created_at"]


class MeetingInputSerializer(serializers.Serializer[Any]):
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
        fields = ["id", "case", "kind", "held_on", "channel", "summary", "step"]


class JobOfferInputSerializer(serializers.Serializer[Any]):
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


class PlanTaskInputSerializer(serializers.Serializer[Any]):
    description = serializers.CharField(max_length=500)
    responsible = serializers.ChoiceField(
        choices=PlanTask.Responsible.choices, default=PlanTask.Responsible.JOBSEEKER
    )
    due_on = serializers.DateField(required=False, allow_null=True, default=None)
    is_done = serializers.BooleanField(default=False)


class PlanVersionInputSerializer(serializers.Serializer[Any]):
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


class ServiceStartInputSerializer(serializers.Serializer[Any]):
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


class ServiceEndInputSerializer(serializers.Serializer[Any]):
    ended_on = serializers.DateField()
    end_reason = serializers.CharField(
        max_length=300, required=False, default="", allow_blank=True
    )
