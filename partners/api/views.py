"""The agreements API: the same services and checks as the coordinators' pages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api_permissions import RolePermission
from core.api import bad_request
from partners import permissions, selectors, services

from . import serializers as s

if TYPE_CHECKING:
    from rest_framework.request import Request

    from accounts.models import User
    from partners.models import PartnershipAgreement


class IsAgreementManager(RolePermission):
    def allows(self, user: User) -> bool:
        return permissions.can_manage_agreements(user)


class ManagerApi(APIView):
    permission_classes = [IsAuthenticated, IsAgreementManager]


def _agreement(pk: int) -> PartnershipAgreement:
    return get_object_or_404(selectors.agreement_detail_queryset(), pk=pk)


def _detail(agreement: PartnershipAgreement) -> dict[str, Any]:
    context = selectors.agreement_overview(agreement, on=timezone.localdate())
    context["parties"] = [
        {
            "id": party.pk,
            "organisation": party.organisation,
            "organisation_id": party.organisation_id,
            "role": party.role,
            "approval": approval.citation if approval else None,
        }
        for party, approval in context["party_rows"]
    ]
    return dict(s.AgreementDetailOutputSerializer(context).data)


class AgreementListApi(ManagerApi):
    @extend_schema(
        responses=s.AgreementOutputSerializer(many=True),
        summary="Partnership agreements",
    )
    def get(self, request: Request) -> Response:
        return Response(
            s.AgreementOutputSerializer(selectors.agreement_list(), many=True).data
        )


class AgreementDetailApi(ManagerApi):
    @extend_schema(
        responses=s.AgreementDetailOutputSerializer,
        summary="An agreement with its approvals, matrix check and project money",
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(_detail(_agreement(pk)))


class ApprovalApi(ManagerApi):
    @extend_schema(
        request=s.ApprovalInputSerializer,
        responses={201: s.AgreementDetailOutputSerializer},
        summary="Record a party's approval of the current version",
    )
    def post(self, request: Request, pk: int) -> Response:
        agreement = _agreement(pk)
        data = s.ApprovalInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        party = agreement.parties.filter(pk=values.pop("party")).first()
        if party is None:
            raise exceptions.ValidationError(
                {"party": [services.not_a_party_message()]}
            )
        try:
            services.approval_record(agreement=agreement, party=party, **values)
        except DjangoValidationError as error:
            raise bad_request(error) from error
        return Response(_detail(_agreement(pk)), status=201)


class InForceApi(ManagerApi):
    @extend_schema(
        request=None,
        responses=s.AgreementDetailOutputSerializer,
        summary="Bring an agreement every party has approved into force",
    )
    def post(self, request: Request, pk: int) -> Response:
        try:
            services.bring_into_force(agreement=_agreement(pk))
        except DjangoValidationError as error:
            raise bad_request(error) from error
        return Response(_detail(_agreement(pk)))


class EndApi(ManagerApi):
    @extend_schema(
        request=s.EndInputSerializer,
        responses=s.AgreementDetailOutputSerializer,
        summary="End or terminate an agreement; partners' access ends with it",
    )
    def post(self, request: Request, pk: int) -> Response:
        data = s.EndInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.agreement_end(
                agreement=_agreement(pk),
                on=data.validated_data["last_day"],
                terminated=data.validated_data["terminated"],
            )
        except DjangoValidationError as error:
            raise bad_request(error) from error
        return Response(_detail(_agreement(pk)))
