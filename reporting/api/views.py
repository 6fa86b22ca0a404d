"""Indicator definitions, runs and figures, and publishing a month: the same
services, permissions and small-number protection as the pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.generics import ListAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api_permissions import RolePermission
from accounts.models import User
from core.api import bad_request
from core.pdf import stored_pdf_response
from reporting import board, permissions, services
from reporting.models import (
    BoardReport,
    IndicatorDefinition,
    IndicatorRun,
    IndicatorValue,
)

from . import serializers as s

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from rest_framework.request import Request


class CanViewReports(RolePermission):
    def allows(self, user: User) -> bool:
        return permissions.can_view_reports(user)


class CanRunReports(RolePermission):
    def allows(self, user: User) -> bool:
        return permissions.can_run_reports(user)


@extend_schema(summary="Indicator definitions, every version")
class DefinitionListApi(ListAPIView[IndicatorDefinition]):
    permission_classes = [IsAuthenticated, CanViewReports]
    serializer_class = s.DefinitionOutputSerializer
    queryset = IndicatorDefinition.objects.all()
    filterset_fields = ["code"]
    ordering_fields = ["id"]
    ordering = ["id"]


@extend_schema(summary="Computed months and their revisions")
class RunListApi(ListAPIView[IndicatorRun]):
    permission_classes = [IsAuthenticated, CanViewReports]
    serializer_class = s.RunOutputSerializer
    queryset = IndicatorRun.objects.all()
    filterset_fields = ["month", "status"]
    ordering_fields = ["id", "month"]
    ordering = ["-id"]


@extend_schema(summary="A month's figures for the organisations you follow")
class RunValuesApi(ListAPIView[IndicatorValue]):
    permission_classes = [IsAuthenticated, CanViewReports]
    serializer_class = s.ValueOutputSerializer
    queryset = IndicatorValue.objects.none()
    filterset_fields = ["organisation", "definition__code"]
    ordering_fields = ["id"]
    ordering = ["id"]

    def get_queryset(self) -> QuerySet[IndicatorValue]:
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        run = get_object_or_404(IndicatorRun.objects.all(), pk=self.kwargs["pk"])
        user = self.request.user
        assert isinstance(user, User)  # noqa: S101 - IsAuthenticated ran first
        return (
            IndicatorValue.objects.filter(run=run)
            .filter(
                Q(organisation_id__in=permissions.organisations_visible(user))
                | Q(organisation__isnull=True)
            )
            .select_related("definition", "organisation")
        )


class RunPublishApi(APIView):
    permission_classes = [IsAuthenticated, CanRunReports]

    @extend_schema(
        request=None,
        responses=s.RunOutputSerializer,
        summary="Publish and freeze a month; a later recomputation is a new revision",
    )
    def post(self, request: Request, pk: int) -> Response:
        run = get_object_or_404(IndicatorRun.objects.all(), pk=pk)
        try:
            services.run_publish(run=run)
        except DjangoValidationError as error:
            raise bad_request(error) from error
        run.refresh_from_db()
        return Response(s.RunOutputSerializer(run).data)


@extend_schema(summary="Board reports of the organisations you follow")
class BoardReportListApi(ListAPIView[BoardReport]):
    permission_classes = [IsAuthenticated, CanViewReports]
    serializer_class = s.BoardReportOutputSerializer
    queryset = BoardReport.objects.none()
    filterset_fields = ["organisation", "month", "status", "language"]
    ordering_fields = ["id"]
    ordering = ["-id"]

    def get_queryset(self) -> QuerySet[BoardReport]:
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        user = self.request.user
        assert isinstance(user, User)  # noqa: S101 - IsAuthenticated ran first
        return board.board_report_list(user=user).order_by()


class BoardReportFileApi(APIView):
    permission_classes = [IsAuthenticated, CanViewReports]

    @extend_schema(
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
        summary="A finished board report's PDF, byte for byte as rendered",
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        user = request.user
        assert isinstance(user, User)  # noqa: S101 - IsAuthenticated ran first
        report = board.board_report_for_download(user=user, pk=pk)
        if report is None:
            raise Http404
        return stored_pdf_response(
            bytes(report.pdf), filename=report.filename, sha256=report.sha256
        )
