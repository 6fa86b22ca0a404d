"""The pilots API: the same services and scoping as the coordinators' pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api_permissions import RolePermission
from accounts.requests import request_user
from audit.models import AccessAction
from audit.services import log_request_read
from cases import permissions as case_permissions
from cases.api.views import IsCaseworker
from core.api import bad_request
from pilots import permissions, selectors, services
from pilots.models import (
    EligibilityRuleSet,
    EmploymentArea,
    EvaluationRun,
)

from . import serializers as s

if TYPE_CHECKING:
    from rest_framework.request import Request

    from accounts.models import User


class IsPilotManager(RolePermission):
    def allows(self, user: User) -> bool:
        return permissions.can_manage_pilots(user)


class ManagerApi(APIView):
    permission_classes = [IsAuthenticated, IsPilotManager]


class PilotListApi(ManagerApi):
    @extend_schema(
        responses=s.PilotOutputSerializer(many=True), summary="Pilots and their checks"
    )
    def get(self, request: Request) -> Response:
        data = []
        for pilot in selectors.pilot_list():
            row = dict(s.PilotOutputSerializer(pilot).data)
            row["check"] = s.check_data(services.pilot_check(pilot))
            data.append(row)
        return Response(data)


class PilotDetailApi(ManagerApi):
    @extend_schema(
        responses=s.PilotOutputSerializer, summary="A pilot and its application check"
    )
    def get(self, request: Request, pk: int) -> Response:
        pilot = get_object_or_404(selectors.pilot_list(), pk=pk)
        data = dict(s.PilotOutputSerializer(pilot).data)
        data["check"] = s.check_data(services.pilot_check(pilot))
        return Response(data)


class EmploymentAreaDetailApi(ManagerApi):
    @extend_schema(
        responses=s.CheckOutputSerializer, summary="An employment area's check"
    )
    def get(self, request: Request, pk: int) -> Response:
        area = get_object_or_404(EmploymentArea.objects.all(), pk=pk)
        return Response(s.check_data(services.area_check(area)))


class EvaluationStartApi(ManagerApi):
    @extend_schema(
        request=s.EvaluationInputSerializer,
        responses={202: s.EvaluationRunOutputSerializer},
        summary="Start a bulk evaluation of the pilot's jobseekers",
    )
    def post(self, request: Request, pk: int) -> Response:
        pilot = permissions.get_covered_pilot(request_user(request), pk)
        data = s.EvaluationInputSerializer(data=request.data, context={"pilot": pilot})
        data.is_valid(raise_exception=True)
        run = services.evaluation_run_start(
            pilot=pilot, on=data.validated_data["on"], actor=request_user(request)
        )
        run.refresh_from_db()
        return Response(
            s.EvaluationRunOutputSerializer(run).data, status=status.HTTP_202_ACCEPTED
        )


class EvaluationRunApi(ManagerApi):
    @extend_schema(
        responses=s.EvaluationRunOutputSerializer, summary="Progress of an evaluation"
    )
    def get(self, request: Request, pk: int) -> Response:
        covered = permissions.pilots_covered_by(request_user(request)).values("pk")
        run = get_object_or_404(EvaluationRun.objects.all(), pk=pk, pilot__in=covered)
        return Response(s.EvaluationRunOutputSerializer(run).data)


class RuleSetListApi(ManagerApi):
    @extend_schema(
        responses=s.RuleSetOutputSerializer(many=True), summary="Rule versions"
    )
    def get(self, request: Request) -> Response:
        return Response(
            s.RuleSetOutputSerializer(selectors.rule_set_list(), many=True).data
        )

    @extend_schema(
        request=s.RuleSetDraftInputSerializer,
        responses={201: s.RuleSetOutputSerializer},
        summary="Draft a new rule version",
    )
    def post(self, request: Request) -> Response:
        data = s.RuleSetDraftInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            draft = services.rule_set_draft(
                name=values["name"],
                name_sv=values["name_sv"],
                valid_from=values["valid_from"],
                clauses=[dict(clause) for clause in values["clauses"]],
                source=values["legal_source"],
                source_sv=values["legal_source_sv"],
                actor=request_user(request),
            )
        except DjangoValidationError as error:
            raise bad_request(error) from error
        return Response(
            s.RuleSetOutputSerializer(draft).data, status=status.HTTP_201_CREATED
        )


class RuleSetReviewApi(ManagerApi):
    @extend_schema(
        request=None,
        responses=s.RuleSetOutputSerializer,
        summary="Review a draft (by someone other than its drafter)",
    )
    def post(self, request: Request, pk: int) -> Response:
        rule_set = get_object_or_404(EligibilityRuleSet.objects.all(), pk=pk)
        try:
            rule_set = services.rule_set_review(
                rule_set=rule_set, actor=request_user(request)
            )
        except DjangoValidationError as error:
            raise bad_request(error) from error
        return Response(s.RuleSetOutputSerializer(rule_set).data)


class RuleSetActivateApi(ManagerApi):
    @extend_schema(
        request=None,
        responses=s.RuleSetOutputSerializer,
        summary="Activate a reviewed version from its start day",
    )
    def post(self, request: Request, pk: int) -> Response:
        rule_set = get_object_or_404(EligibilityRuleSet.objects.all(), pk=pk)
        try:
            rule_set = services.rule_set_activate(
                rule_set=rule_set, actor=request_user(request)
            )
        except DjangoValidationError as error:
            raise bad_request(error) from error
        return Response(s.RuleSetOutputSerializer(rule_set).data)


class RuleSetDryRunApi(ManagerApi):
    @extend_schema(
        parameters=[s.DryRunQuerySerializer],
        responses=dict,
        summary="Who would enter or leave the target group under this version",
    )
    def get(self, request: Request, pk: int) -> Response:
        rule_set = get_object_or_404(EligibilityRuleSet.objects.all(), pk=pk)
        query = s.DryRunQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        pilot = permissions.get_covered_pilot(
            request_user(request), query.validated_data["pilot"]
        )
        try:
            dry = services.eligibility_dry_run(
                pilot=pilot, draft=rule_set, on=query.validated_data["on"]
            )
        except DjangoValidationError as error:
            raise bad_request(error) from error
        return Response(
            {
                "compared_with_version": dry.current.version,
                "by_municipality": [
                    {
                        "code": m.municipality_code,
                        "name": m.name,
                        "entering": e,
                        "leaving": leaving,
                    }
                    for m, e, leaving in dry.by_municipality
                ],
                "entering": [row.jobseeker_id for row in dry.entering],
                "leaving": [row.jobseeker_id for row in dry.leaving],
            }
        )


class JobseekerEligibilityApi(APIView):
    @extend_schema(
        responses=s.EligibilityResultOutputSerializer(many=True),
        summary="A jobseeker's pilot eligibility in the current job search, with "
        "the rule version",
    )
    def get(self, request: Request, pk: int) -> Response:
        jobseeker = case_permissions.get_jobseeker_for_user(request_user(request), pk)
        log_request_read(request, AccessAction.API, [jobseeker])
        results = selectors.eligibility_for_current_job_search(jobseeker=jobseeker)
        return Response(s.EligibilityResultOutputSerializer(results, many=True).data)


class JobseekerConditionsApi(APIView):
    """Every condition and trigger of a jobseeker decided for a chosen day."""

    permission_classes = [IsAuthenticated, IsCaseworker]

    @extend_schema(
        parameters=[s.ConditionsQuerySerializer],
        responses={200: s.JobseekerConditionsOutputSerializer},
        summary="A jobseeker's conditions and triggers on a chosen day (activation "
        "plan, multi-sectoral assessment, integration plan, pilot target group), "
        "each with its explanation and the rule version used",
    )
    def get(self, request: Request, pk: int) -> Response:
        jobseeker = case_permissions.get_jobseeker_for_user(request_user(request), pk)
        query = s.ConditionsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        on = query.validated_data.get("on") or timezone.localdate()
        log_request_read(request, AccessAction.API, [jobseeker])
        facts, conditions = selectors.jobseeker_conditions(jobseeker=jobseeker, on=on)
        return Response(
            s.JobseekerConditionsOutputSerializer(
                {
                    "jobseeker": jobseeker.pk,
                    "on": on,
                    "facts": facts,
                    "conditions": conditions,
                }
            ).data
        )
