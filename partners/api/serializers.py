from __future__ import annotations

from typing import Any

from rest_framework import serializers

from core.api import InputSerializer
from partners.models import PartnershipAgreement


class PartyOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    organisation = serializers.CharField(source="organisation.name")
    organisation_id = serializers.IntegerField()
    role = serializers.CharField()
    approval = serializers.CharField(allow_null=True)


class ShareOutputSerializer(serializers.Serializer[Any]):
    organisation = serializers.CharField(source="organisation.name")
    cents = serializers.IntegerField()
    cap_cents = serializers.IntegerField(allow_null=True)


class FigureWarningOutputSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    values = serializers.SerializerMethodField()

    def get_values(self, warning: Any) -> list[dict[str, str]]:
        return [{"value": str(v), "source": s} for v, s in warning.values]


class ProjectOutputSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(source="project.name")
    administrator = serializers.CharField(source="project.administrator.name")
    split_key = serializers.CharField(source="project.split_key")
    total_cents = serializers.IntegerField(source="split.total_cents")
    external_cents = serializers.IntegerField(source="split.external_cents")
    own_cents = serializers.IntegerField(source="split.own_cents")
    split_error = serializers.CharField(source="split.error")
    shares = ShareOutputSerializer(source="split.shares", many=True)
    warnings = FigureWarningOutputSerializer(many=True)


class FindingOutputSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField()
    service = serializers.CharField(source="service_name")
    municipality = serializers.CharField(source="municipality_name")
    producers = serializers.CharField(source="producer_names")


class AgreementOutputSerializer(serializers.ModelSerializer[PartnershipAgreement]):
    class Meta:
        model = PartnershipAgreement
        fields = ["id", "name", "status", "valid_from", "valid_until", "source"]


class AgreementDetailOutputSerializer(serializers.Serializer[Any]):
    agreement = AgreementOutputSerializer()
    version = serializers.IntegerField(source="current.number", allow_null=True)
    parties = PartyOutputSerializer(many=True)
    matrix_findings = FindingOutputSerializer(source="findings", many=True)
    projects = ProjectOutputSerializer(many=True)


class ApprovalInputSerializer(InputSerializer):
    party = serializers.IntegerField()
    decision_body = serializers.CharField(max_length=40)
    decided_on = serializers.DateField()
    section = serializers.CharField(max_length=20)


class EndInputSerializer(InputSerializer):
    last_day = serializers.DateField()
    terminated = serializers.BooleanField(default=False)
