from __future__ import annotations

from typing import Any

from rest_framework import serializers

from cases import explain
from cases.models import ProcessStep


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
