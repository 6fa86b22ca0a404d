from __future__ import annotations

from typing import TYPE_CHECKING, Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from pilots.explain import check_summary
from pilots.models import EligibilityResult, EligibilityRuleSet, EvaluationRun, Pilot

if TYPE_CHECKING:
    from pilots.rules import CheckReport


class ConditionOutputSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    outcome = serializers.CharField()
    value = serializers.DecimalField(max_digits=20, decimal_places=6, allow_null=True)
    threshold = serializers.DecimalField(max_digits=20, decimal_places=6)
    legal_source = serializers.CharField(source="source")
    waivable = serializers.BooleanField()
    justification = serializers.CharField()


class CheckOutputSerializer(serializers.Serializer[Any]):
    outcome = serializers.CharField()
    summary = serializers.SerializerMethodField(
        help_text="The check in one line, as the pages show it"
    )
    conditions = ConditionOutputSerializer(many=True)

    @extend_schema_field(OpenApiTypes.STR)
    def get_summary(self, report: CheckReport) -> str:
        return check_summary(report)


def check_data(report: CheckReport) -> dict[str, Any]:
    return dict(CheckOutputSerializer(report).data)


class PilotOutputSerializer(serializers.ModelSerializer[Pilot]):
    name = serializers.CharField(source="organisation.name")
    municipalities = serializers.SerializerMethodField()

    class Meta:
        model = Pilot
        fields = ["id", "name", "status", "starts_on", "ends_on", "municipalities"]

    def get_municipalities(self, pilot: Pilot) -> list[dict[str, Any]]:
        return [
            {
                "code": m.municipality.municipality_code,
                "name": m.municipality.name,
                "population": m.population,
            }
            for m in pilot.municipalities.all()
        ]


class EvaluationInputSerializer(serializers.Serializer[Any]):
    on = serializers.DateField()


class EvaluationRunOutputSerializer(serializers.ModelSerializer[EvaluationRun]):
    class Meta:
        model = EvaluationRun
        fields = [
            "id",
            "pilot",
            "evaluated_on",
            "status",
            "total",
            "done",
            "evaluated",
            "eligible",
            "error",
            "rule_set",
            "started_at",
            "finished_at",
        ]


class RuleSetOutputSerializer(serializers.ModelSerializer[EligibilityRuleSet]):
    class Meta:
        model = EligibilityRuleSet
        fields = [
            "id",
            "version",
            "name",
            "status",
            "valid_from",
            "clauses",
            "source",
            "activated_at",
        ]


class ClauseInputSerializer(serializers.Serializer[Any]):
    clause = serializers.CharField()
    age = serializers.IntegerField(required=False, min_value=16, max_value=70)


class RuleSetDraftInputSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200)
    valid_from = serializers.DateField()
    clauses = ClauseInputSerializer(many=True)
    legal_source = serializers.CharField()


class DryRunQuerySerializer(serializers.Serializer[Any]):
    pilot = serializers.IntegerField()
    on = serializers.DateField()


class EligibilityResultOutputSerializer(serializers.ModelSerializer[EligibilityResult]):
    rule_version = serializers.IntegerField(source="rule_set.version")
    pilot_name = serializers.CharField(source="pilot.organisation.name")

    class Meta:
        model = EligibilityResult
        fields = [
            "pilot",
            "pilot_name",
            "evaluated_on",
            "eligible",
            "clause",
            "age",
            "rule_version",
            "computed_at",
        ]
