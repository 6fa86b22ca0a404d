from __future__ import annotations

from typing import Any

from rest_framework import serializers

from cases import explain
from cases.models import (
    Case,
    JobOffer,
    JobSearchPeriod,
    Jobseeker,
    Plan,
    PlanVersion,
    ProcessStep,
    ServicePeriod,
)
from cases.models.case import ExitReason


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
        ]


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


class PlanVersionOutputSerializer(serializers.ModelSerializer[PlanVersion]):
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
        ]


class PlanOutputSerializer(serializers.ModelSerializer[Plan]):
    versions = PlanVersionOutputSerializer(many=True)

    class Meta:
        model = Plan
        fields = ["id", "case", "organisation", "kind", "version", "versions"]
