from __future__ import annotations

from rest_framework import serializers

from organisations.models import Membership, Organisation, OrganisationRelation


class OrganisationOutputSerializer(serializers.ModelSerializer[Organisation]):
    class Meta:
        model = Organisation
        fields = [
            "id",
            "kind",
            "name",
            "name_sv",
            "name_en",
            "municipality_code",
            "business_id",
            "region",
            "sub_region",
            "population",
            "population_year",
            "valid_from",
            "valid_until",
            "source",
        ]


class RelationOutputSerializer(serializers.ModelSerializer[OrganisationRelation]):
    class Meta:
        model = OrganisationRelation
        fields = [
            "id",
            "parent",
            "child",
            "kind",
            "is_responsible",
            "valid_from",
            "valid_until",
            "source",
        ]


class MembershipOutputSerializer(serializers.ModelSerializer[Membership]):
    class Meta:
        model = Membership
        fields = ["id", "organisation", "role", "team", "valid_from", "valid_until"]
