from __future__ import annotations

from typing import Any

from rest_framework import serializers

from appropriations.models import AppropriationType, Decision, Quota
from core import textlimits
from core.api import InputSerializer


class QuotaOutputSerializer(serializers.ModelSerializer[Quota]):
    holder = serializers.CharField(source="holder.name")
    remaining_cents = serializers.IntegerField()
    remaining_tenths = serializers.IntegerField(allow_null=True)

    class Meta:
        model = Quota
        fields = [
            "id",
            "holder",
            "holder_id",
            "appropriation",
            "starts_on",
            "ends_on",
            "amount_cents",
            "person_month_limit",
            "committed_cents",
            "committed_tenths",
            "overridden_cents",
            "remaining_cents",
            "remaining_tenths",
            "source_reference",
            "source_date",
            "revision",
        ]


class QuotaRowOutputSerializer(serializers.Serializer[Any]):
    quota = QuotaOutputSerializer()
    used_cents = serializers.IntegerField()
    forecast_cents = serializers.IntegerField(allow_null=True)
    forecast_over = serializers.BooleanField()


class MonthOutputSerializer(serializers.Serializer[Any]):
    month = serializers.DateField()
    decisions = serializers.IntegerField()
    committed_cents = serializers.IntegerField()
    committed_tenths = serializers.IntegerField()
    used_cents = serializers.IntegerField()


class QuotaDetailOutputSerializer(QuotaRowOutputSerializer):
    months = MonthOutputSerializer(many=True)


class DecisionOutputSerializer(serializers.ModelSerializer[Decision]):
    class Meta:
        model = Decision
        fields = [
            "id",
            "case_id",
            "appropriation",
            "status",
            "decided_on",
            "starts_on",
            "ends_on",
            "amount_cents",
            "original_amount_cents",
            "person_month_tenths",
            "employer_name",
            "employer_business_id",
            "subsidy_percent",
            "municipality_own_post",
            "provider",
            "override_reason",
            "cancelled_on",
            "change_reason",
        ]


class DecisionInputSerializer(InputSerializer):
    appropriation = serializers.ChoiceField(choices=AppropriationType.choices)
    decided_on = serializers.DateField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    amount_cents = serializers.IntegerField(min_value=1)
    employer_name = serializers.CharField(required=False, default="", allow_blank=True)
    employer_business_id = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=9
    )
    subsidy_percent = serializers.IntegerField(
        required=False, allow_null=True, default=None
    )
    municipality_own_post = serializers.BooleanField(required=False, default=False)
    provider = serializers.CharField(required=False, default="", allow_blank=True)
    override_reason = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=textlimits.REASON
    )


class DecisionCancelInputSerializer(InputSerializer):
    cancelled_from = serializers.DateField()
    reason = serializers.CharField(max_length=textlimits.REASON)


class DecisionShortenInputSerializer(InputSerializer):
    ends_on = serializers.DateField()
    reason = serializers.CharField(max_length=textlimits.REASON)
