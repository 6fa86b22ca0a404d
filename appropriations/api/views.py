"""Quotas' follow-up and the decisions on cases, through the same services
and the same scoping as the browser."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api_permissions import RolePermission
from accounts.requests import request_user
from appropriations import permissions, selectors, services
from appropriations.models import Decision
from audit.models import AccessAction
from audit.services import log_request_read
from cases import permissions as case_permissions
from core.api import bad_request

from . import serializers as s

if TYPE_CHECKING:
    from rest_framework.request import Request

    from accounts.models import User


class CanFollowQuotas(RolePermission):
    def allows(self, user: User) -> bool:
        return permissions.can_follow_quotas(user)


class QuotaListApi(APIView):
    permission_classes = [IsAuthenticated, CanFollowQuotas]

    @extend_schema(
        responses=s.QuotaRowOutputSerializer(many=True),
        summary="Appropriation quotas: committed, used, remaining and forecast",
    )
    def get(self, request: Request) -> Response:
        rows = selectors.quota_rows(
            list(selectors.quota_list()), on=timezone.localdate()
        )
        return Response(s.QuotaRowOutputSerializer(rows, many=True).data)


class QuotaDetailApi(APIView):
    permission_classes = [IsAuthenticated, CanFollowQuotas]

    @extend_schema(
        responses=s.QuotaDetailOutputSerializer,
        summary="One quota with its follow-up by month",
    )
    def get(self, request: Request, pk: int) -> Response:
        quota = get_object_or_404(selectors.quota_list(), pk=pk)
        today = timezone.localdate()
        row = selectors.quota_rows([quota], on=today)[0]
        data = {
            "quota": quota,
            "used_cents": row.used_cents,
            "forecast_cents": row.forecast_cents,
            "forecast_over": row.forecast_over,
            "months": selectors.quota_months(quota, until=today),
        }
        return Response(s.QuotaDetailOutputSerializer(data).data)


class CaseDecisionsApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses=s.DecisionOutputSerializer(many=True),
        summary="The appropriation decisions of a case",
    )
    def get(self, request: Request, pk: int) -> Response:
        case = case_permissions.get_case_for_user(request_user(request), pk)
        log_request_read(request, AccessAction.API, [case])
        decisions = case.decisions.order_by("-decided_on", "-id")
        return Response(s.DecisionOutputSerializer(decisions, many=True).data)

    @extend_schema(
        request=s.DecisionInputSerializer,
        responses={201: s.DecisionOutputSerializer},
        summary="Record a decision; refused (400) when it would exceed its quota",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        case = case_permissions.get_case_for_user(user, pk)
        if not case_permissions.can_edit_case(user, case):
            raise bad_request(DjangoValidationError(services.closed_case_message()))
        data = s.DecisionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            decision = services.decision_record(
                case=case, actor=user, **data.validated_data
            )
        except DjangoValidationError as error:
            raise bad_request(error) from error
        return Response(s.DecisionOutputSerializer(decision).data, status=201)


def _decision(request: Request, pk: int) -> Decision:
    covered = case_permissions.personal_data_organisation_ids(request_user(request))
    return get_object_or_404(
        Decision.objects.select_related("case", "jobseeker").filter(
            organisation_id__in=covered
        ),
        pk=pk,
    )


class DecisionCancelApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=s.DecisionCancelInputSerializer,
        responses=s.DecisionOutputSerializer,
        summary="Cancel a decision from a date; the rest returns to the quota",
    )
    def post(self, request: Request, pk: int) -> Response:
        decision = _decision(request, pk)
        data = s.DecisionCancelInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            decision = services.decision_cancel(
                decision=decision,
                actor=request_user(request),
                on=data.validated_data["cancelled_from"],
                reason=data.validated_data["reason"],
            )
        except DjangoValidationError as error:
            raise bad_request(error) from error
        return Response(s.DecisionOutputSerializer(decision).data)


class DecisionShortenApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=s.DecisionShortenInputSerializer,
        responses=s.DecisionOutputSerializer,
        summary="End a decision earlier; the days dropped return to the quota",
    )
    def post(self, request: Request, pk: int) -> Response:
        decision = _decision(request, pk)
        data = s.DecisionShortenInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            decision = services.decision_shorten(
                decision=decision,
                actor=request_user(request),
                ends_on=data.validated_data["ends_on"],
                on=timezone.localdate(),
                reason=data.validated_data["reason"],
            )
        except DjangoValidationError as error:
            raise bad_request(error) from error
        return Response(s.DecisionOutputSerializer(decision).data)
