from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api_permissions import RolePermission
from accounts.models import User
from accounts.requests import request_user
from audit.api import LoggedListMixin
from audit.models import AccessAction
from audit.services import Reader, log_request_read
from cases import exports, permissions, services
from cases.models import (
    Case,
    JobOffer,
    JobSearchPeriod,
    Jobseeker,
    Plan,
    ProcessStep,
    ServicePeriod,
    ServiceType,
)
from cases.models.process import OPEN_STATUSES
from core.api import Conflict, bad_request
from core.api_schema import RefusedAsNotFound
from core.formats import download_name
from organisations.models import Organisation
from organisations.selectors import PERSONAL_DATA_ROLES, organisation_ids_covered

from . import filters
from . import serializers as s
from .serializers import DeadlineOutputSerializer

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

if TYPE_CHECKING:
    from django.db.models import Model, QuerySet
    from django.http import HttpResponseBase
    from rest_framework.request import Request


@extend_schema(summary="A jobseeker's pending deadlines, each explaining its rule")
class JobseekerDeadlinesApi(ListAPIView[ProcessStep]):
    serializer_class = DeadlineOutputSerializer
    pagination_class = None  # a case has a handful of pending deadlines
    ordering_fields = ["id", "due_on"]

    queryset = ProcessStep.objects.none()  # for the schema generator

    def get_queryset(self) -> QuerySet[ProcessStep]:
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        # Scoped like the browser: outside the user's organisations it is 404.
        user = self.request.user
        assert isinstance(user, User)  # noqa: S101 - IsAuthenticated ran first
        jobseeker = permissions.get_jobseeker_for_user(user, self.kwargs["pk"])
        log_request_read(self.request, AccessAction.API, [jobseeker])
        return ProcessStep.objects.filter(
            jobseeker=jobseeker, status__in=OPEN_STATUSES
        ).order_by("due_on", "id")


# --- Lists (cursor-paged, filtered, scoped in SQL, logged) ---------------------


def _covered(request: Request) -> list[int]:
    # Constants, so that (organisation, id) indexes serve the cursor pages.
    return permissions.personal_data_organisation_ids(request_user(request))


class IsCaseworker(RefusedAsNotFound, RolePermission):
    """Caseworkers and team leads; for anyone else a personal-data address
    does not exist (404, as in the browser)."""

    def allows(self, user: User) -> bool:
        if permissions.can_use_caseworker_pages(user):
            return True
        raise exceptions.NotFound


class ScopedList(LoggedListMixin, ListAPIView[Any]):
    """A personal-data list: the reader's organisations only, newest first."""

    permission_classes = [IsAuthenticated, IsCaseworker]

    model: type[Model]
    related: tuple[str, ...] = ()
    ordering_fields = ["id"]
    ordering = ["-id"]

    def get_queryset(self) -> QuerySet[Any]:
        manager = self.model._default_manager
        if getattr(self, "swagger_fake_view", False):
            return manager.none()
        return manager.filter(
            organisation_id__in=_covered(self.request)
        ).select_related(*self.related)


@extend_schema(summary="Jobseekers of the reader's organisations")
class JobseekerListApi(ScopedList):
    model = Jobseeker
    serializer_class = s.JobseekerOutputSerializer
    filterset_class = filters.JobseekerFilter


class JobseekerDetailApi(RetrieveAPIView[Jobseeker]):
    permission_classes = [IsAuthenticated, IsCaseworker]
    serializer_class = s.JobseekerOutputSerializer
    queryset = Jobseeker.objects.none()

    def get_object(self) -> Jobseeker:
        jobseeker = permissions.get_jobseeker_for_user(
            request_user(self.request), self.kwargs["pk"]
        )
        log_request_read(self.request, AccessAction.API, [jobseeker])
        return jobseeker

    @extend_schema(summary="One jobseeker, with every fact the rules read")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=s.JobseekerUpdateInputSerializer,
        responses={200: s.JobseekerOutputSerializer, 409: None},
        summary="Change a jobseeker's details and the facts the rules read "
        "(the same checks and service as the form)",
    )
    def patch(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        jobseeker = self.get_object()
        data = s.JobseekerUpdateInputSerializer(
            data=request.data, context={"jobseeker": jobseeker}
        )
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        version = values.pop("version")
        municipality: Organisation | None = jobseeker.home_municipality
        if "home_municipality" in values:
            municipality = Organisation.objects.filter(
                pk=values.pop("home_municipality"),
                kind=Organisation.Kind.MUNICIPALITY,
                id__in=organisation_ids_covered(user=user, roles=PERSONAL_DATA_ROLES),
            ).first()
        if municipality is None:
            raise exceptions.ValidationError(
                {"home_municipality": [_("Not a municipality you serve.")]}
            )
        current = {name: getattr(jobseeker, name) for name in services.JOBSEEKER_FIELDS}
        try:
            jobseeker = services.jobseeker_update(
                jobseeker=jobseeker,
                expected_version=version,
                data=services.JobseekerData(**{**current, **values}),
                actor=user,
                home_municipality=municipality,
                on=timezone.localdate(),
            )
        except services.ConflictError as error:
            raise Conflict(
                _("Someone else changed the jobseeker; read it again.")
            ) from error
        except DjangoValidationError as error:
            raise bad_request(error) from error
        return Response(s.JobseekerOutputSerializer(jobseeker).data)


@extend_schema(summary="Job search periods")
class JobSearchPeriodListApi(ScopedList):
    model = JobSearchPeriod
    serializer_class = s.JobSearchPeriodOutputSerializer
    filterset_fields = ["organisation", "jobseeker"]
    ordering_fields = ["id", "started_on"]


@extend_schema(summary="Cases")
class CaseListApi(ScopedList):
    model = Case
    serializer_class = s.CaseOutputSerializer
    filterset_class = filters.CaseFilter
    ordering_fields = ["id", "opened_on"]


@extend_schema(summary="Process steps (statutory deadlines)")
class StepListApi(ScopedList):
    model = ProcessStep
    serializer_class = s.DeadlineOutputSerializer
    filterset_class = filters.StepFilter
    ordering_fields = ["id", "due_on"]


@extend_schema(summary="Services started and ended")
class ServicePeriodListApi(ScopedList):
    model = ServicePeriod
    related = ("case", "service_type")
    serializer_class = s.ServicePeriodOutputSerializer
    filterset_class = filters.ServicePeriodFilter
    ordering_fields = ["id", "started_on"]


@extend_schema(summary="Job offers")
class JobOfferListApi(ScopedList):
    model = JobOffer
    related = ("case",)
    serializer_class = s.JobOfferOutputSerializer
    filterset_class = filters.JobOfferFilter
    ordering_fields = ["id", "offered_on"]


@extend_schema(summary="Plans with their versions")
class PlanListApi(ScopedList):
    model = Plan
    related = ("case",)
    serializer_class = s.PlanOutputSerializer
    filterset_class = filters.PlanFilter

    def get_queryset(self) -> QuerySet[Any]:
        return super().get_queryset().prefetch_related("versions__tasks")


class CaseCloseApi(APIView):
    @extend_schema(
        request=s.CaseCloseInputSerializer,
        responses={200: s.CaseOutputSerializer, 409: None},
        summary="Close a case with its exit reason (the same rules as the browser)",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        case = permissions.get_case_for_user(user, pk)
        data = s.CaseCloseInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            case = services.case_transition(
                case=case,
                to_status="closed",
                roles=permissions.case_roles(user, case),
                expected_version=data.validated_data["version"],
                on=data.validated_data["closed_on"],
                actor=user,
                exit_reason=data.validated_data["exit_reason"],
            )
        except services.ConflictError as error:
            raise Conflict(
                _("Someone else changed the case; read it again.")
            ) from error
        except DjangoValidationError as error:
            raise bad_request(error) from error
        return Response(s.CaseOutputSerializer(case).data)


class JobseekerExportApi(APIView):
    """The jobseekers the reader may see, streamed as CSV or XLSX."""

    permission_classes = [IsAuthenticated, IsCaseworker]

    @extend_schema(
        parameters=[s.ExportQuerySerializer],
        responses={
            (200, "text/csv"): OpenApiTypes.BINARY,
            (200, XLSX): OpenApiTypes.BINARY,
        },
        summary="Export the jobseekers you may see (streamed, logged as an export)",
    )
    def get(self, request: Request) -> HttpResponseBase:
        query = s.ExportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        queryset = permissions.jobseekers_visible_to(request_user(request))
        reader = Reader.from_request(request)
        rows = exports.export_rows(queryset)
        stamp = f"{timezone.localdate():%Y%m%d}"
        label = pgettext_lazy("file name", "jobseekers")
        if query.validated_data["file_format"] == "xlsx":
            return FileResponse(
                exports.xlsx_file(rows, reader),
                as_attachment=True,
                filename=download_name(label, stamp, extension="xlsx"),
                content_type=XLSX,
            )
        response = StreamingHttpResponse(
            exports.csv_stream(rows, reader), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{download_name(label, stamp, extension="csv")}"'
        )
        return response


# --- Recording on a case -------------------------------------------------------


class CaseRecordApi(APIView):
    """POST a record on a case the reader may edit (an open case of their
    organisation; anything else is 404, as in the browser), through the same
    service as the form; a service's refusal is a 400 with field errors."""

    permission_classes = [IsAuthenticated, IsCaseworker]

    def editable_case(self, request: Request, pk: int) -> Case:
        user = request_user(request)
        case = permissions.get_case_for_user(user, pk)
        if not permissions.can_edit_case(user, case):
            raise exceptions.NotFound
        log_request_read(request, AccessAction.API, [case])
        return case

    def record(self, save: Any) -> Any:
        try:
            return save()
        except services.ConflictError as error:
            raise Conflict(
                _("Someone else changed the record; read it again.")
            ) from error
        except DjangoValidationError as error:
            raise bad_request(error) from error


class NoteCreateApi(CaseRecordApi):
    @extend_schema(
        request=s.NoteInputSerializer,
        responses={201: s.NoteOutputSerializer},
        summary="Add a note to a case",
    )
    def post(self, request: Request, pk: int) -> Response:
        case = self.editable_case(request, pk)
        data = s.NoteInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        note = self.record(
            lambda: services.note_add(
                case=case,
                actor=request_user(request),
                on=timezone.localdate(),
                **data.validated_data,
            )
        )
        return Response(s.NoteOutputSerializer(note).data, status=201)


class MeetingCreateApi(CaseRecordApi):
    @extend_schema(
        request=s.MeetingInputSerializer,
        responses={201: s.MeetingOutputSerializer},
        summary="Record an interview or discussion; its deadline is met and the "
        "next ones scheduled",
    )
    def post(self, request: Request, pk: int) -> Response:
        case = self.editable_case(request, pk)
        data = s.MeetingInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        meeting = self.record(
            lambda: services.meeting_record(
                case=case, actor=request_user(request), **data.validated_data
            )
        )
        return Response(s.MeetingOutputSerializer(meeting).data, status=201)


class JobOfferCreateApi(CaseRecordApi):
    @extend_schema(
        request=s.JobOfferInputSerializer,
        responses={201: s.JobOfferOutputSerializer},
        summary="Make a job offer",
    )
    def post(self, request: Request, pk: int) -> Response:
        case = self.editable_case(request, pk)
        data = s.JobOfferInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        offer = self.record(
            lambda: services.job_offer_create(
                case=case, actor=request_user(request), **data.validated_data
            )
        )
        return Response(s.JobOfferOutputSerializer(offer).data, status=201)


class PlanVersionCreateApi(CaseRecordApi):
    @extend_schema(
        request=s.PlanVersionInputSerializer,
        responses={201: s.PlanVersionOutputSerializer, 409: None},
        summary="Agree a new version of the case's plan of a kind",
    )
    def post(self, request: Request, pk: int) -> Response:
        case = self.editable_case(request, pk)

        def plan_dates(kind: str, agreed_on: Any, valid_until: Any) -> Any:
            plan = Plan.objects.filter(case=case, kind=kind).first()
            return services.plan_dates(
                plan, agreed_on=agreed_on, valid_until=valid_until
            )

        data = s.PlanVersionInputSerializer(
            data=request.data, context={"plan_dates": plan_dates}
        )
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        tasks = [services.TaskData(**task) for task in values.pop("tasks")]
        version = self.record(
            lambda: services.plan_version_create(
                case=case,
                expected_version=values.pop("version"),
                tasks=tasks,
                actor=request_user(request),
                **values,
            )
        )
        return Response(s.PlanVersionOutputSerializer(version).data, status=201)


class ServiceStartApi(CaseRecordApi):
    @extend_schema(
        request=s.ServiceStartInputSerializer,
        responses={201: s.ServicePeriodOutputSerializer},
        summary="Record a service on a case (starting until its start date)",
    )
    def post(self, request: Request, pk: int) -> Response:
        case = self.editable_case(request, pk)
        data = s.ServiceStartInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        service_type = ServiceType.objects.filter(
            code=values.pop("service_type")
        ).first()
        if service_type is None:
            raise exceptions.ValidationError(
                {"service_type": [_("No service has this code.")]}
            )
        period = self.record(
            lambda: services.service_start(
                case=case,
                service_type=service_type,
                actor=request_user(request),
                **values,
            )
        )
        return Response(s.ServicePeriodOutputSerializer(period).data, status=201)


class ServiceEndApi(CaseRecordApi):
    @extend_schema(
        request=s.ServiceEndInputSerializer,
        responses={200: s.ServicePeriodOutputSerializer},
        summary="Record the end of a service",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        period = (
            ServicePeriod.objects.filter(organisation_id__in=_covered(request))
            .select_related("service_type")
            .filter(pk=pk)
            .first()
        )
        if period is None:
            raise exceptions.NotFound
        self.editable_case(request, period.case_id)
        data = s.ServiceEndInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        period = self.record(
            lambda: services.service_end(
                period=period, actor=user, **data.validated_data
            )
        )
        return Response(s.ServicePeriodOutputSerializer(period).data)
