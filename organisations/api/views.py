"""Organisations and their relations are public reference data (names,
municipality codes, dated memberships of areas and pilots); memberships are
the reader's own."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from drf_spectacular.utils import extend_schema
from rest_framework.generics import ListAPIView

from organisations.models import Membership, Organisation, OrganisationRelation

from . import serializers as s

if TYPE_CHECKING:
    from django.db.models import QuerySet


@extend_schema(summary="Organisations (municipalities, areas, pilots, partners)")
class OrganisationListApi(ListAPIView[Organisation]):
    serializer_class = s.OrganisationOutputSerializer
    queryset = Organisation.objects.all()
    filterset_fields = ["kind", "municipality_code", "region"]
    ordering_fields = ["id", "name"]
    ordering = ["id"]


@extend_schema(summary="Dated links between organisations (area and pilot members)")
class RelationListApi(ListAPIView[OrganisationRelation]):
    serializer_class = s.RelationOutputSerializer
    queryset = OrganisationRelation.objects.all()
    filterset_fields = ["parent", "child", "kind"]
    ordering_fields = ["id"]
    ordering = ["id"]


@extend_schema(summary="Your own memberships: organisations and roles")
class MembershipListApi(ListAPIView[Membership]):
    serializer_class = s.MembershipOutputSerializer
    queryset = Membership.objects.none()
    ordering_fields = ["id"]
    ordering = ["id"]

    def get_queryset(self) -> QuerySet[Membership]:
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        # IsAuthenticated ran first: the user is signed in and has a key.
        return Membership.objects.filter(user_id=cast("int", self.request.user.pk))
