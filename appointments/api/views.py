"""The appointments API: the reader's calendar, free times and booking for a
step, the appointments of the reader's organisations, cancelling, attendance
and the outbox status of an appointment's messages. Scoped like the case
API: another organisation's object is a 404, and every read of personal
data is in the access log."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.generics import ListAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from accounts.requests import request_user
from appointments import permissions, selectors, services
from appointments.models import Appointment, Place
from audit.api import LoggedListMixin
from audit.models import AccessAction
from audit.services import log_request_read
from cases import permissions as case_permissions
from cases.api.views import IsCaseworker
from cases.models import StepStatus
from core.api import bad_request

from . import serializers as s

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from rest_framework.request import Request

    from cases.models import ProcessStep


def _step(request: Request, pk: int) -> ProcessStep:
    """An open step of the reader's organisations, or a 404."""
    step = case_permissions.get_step_for_user(request_user(request), pk)
    if step.status != StepStatus.OPEN:
        raise exceptions.NotFound
    log_request_read(request, AccessAction.API, [step.jobseeker])
    return step


def _appointment(request: Request, pk: int) -> Appointment:
    # A Http404 answers as the API's 404 (core.api.exception_handler).
    appointment = permissions.get_appointment_for_user(request_user(request), pk)
    log_request_read(request, AccessAction.API, [appointment.jobseeker])
    return appointment


class CalendarApi(APIView):
    permission_classes = [IsAuthenticated, IsCaseworker]

    @extend_schema(
        responses={200: s.CalendarOutputSerializer},
        summary="The reader's own bookable hours, extra hours and absences "
        "from today on",
    )
    def get(self, request: Request) -> Response:
        own = selectors.own_calendar(
            user=request_user(request), today=timezone.localdate()
        )
        return Response(s.CalendarOutputSerializer(own).data)


class FreeTimesApi(APIView):
    permission_classes = [IsAuthenticated, IsCaseworker]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "who",
                str,
                enum=["assigned", "team"],
                description="The assigned caseworker's times (default) or "
                "the whole team's.",
            )
        ],
        responses={200: s.FreeTimesOutputSerializer},
        summary="The first free times for a step's meeting before its due date",
    )
    def get(self, request: Request, pk: int) -> Response:
        step = _step(request, pk)
        who = request.query_params.get("who", "assigned")
        if who not in ("assigned", "team"):
            raise exceptions.ValidationError({"who": ["assigned or team"]})
        free = selectors.step_free_times(
            step=step,
            user_id=request_user(request).pk,
            team=who == "team",
            now=timezone.now(),
        )
        return Response(
            s.FreeTimesOutputSerializer(
                {
                    "due_on": step.due_on,
                    "before_due_date": free.before,
                    "after_due_date": free.later,
                }
            ).data
        )


class AppointmentBookApi(APIView):
    permission_classes = [IsAuthenticated, IsCaseworker]

    @extend_schema(
        request=s.BookingInputSerializer,
        responses={201: s.AppointmentOutputSerializer},
        summary="Book a step's meeting; refused (400, in the reader's language) "
        "in the past, outside bookable hours, after the due date without a "
        "reason, or at a time already taken",
    )
    def post(self, request: Request, pk: int) -> Response:
        step = _step(request, pk)
        data = s.BookingInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        user = request_user(request)
        caseworker_id = values.get("caseworker") or step.assignee_id or user.pk
        if caseworker_id not in selectors.step_caseworker_ids(
            step=step, user_id=user.pk, team=True
        ):
            raise exceptions.ValidationError({"caseworker": [_no_such("caseworker")]})
        place = Place.objects.filter(
            pk=values["place"], organisation_id=step.organisation_id, is_active=True
        ).first()
        if place is None:
            raise exceptions.ValidationError({"place": [_no_such("place")]})
        try:
            appointment = services.appointment_book(
                step=step,
                caseworker=User.objects.get(pk=caseworker_id),
                starts_at=values["starts_at"],
                length=dt.timedelta(minutes=int(values["length_minutes"])),
                place=place,
                late_reason=values["late_reason"],
                actor=user,
                now=timezone.now(),
            )
        except DjangoValidationError as error:
            raise bad_request(error) from error
        return Response(s.AppointmentOutputSerializer(appointment).data, status=201)


def _no_such(what: str) -> str:
    return {
        "caseworker": _("Choose a caseworker of the jobseeker's team."),
        "place": _("Choose a place of the jobseeker's organisation."),
    }[what]


class AppointmentListApi(LoggedListMixin, ListAPIView[Appointment]):
    """Keyset pages (core.api.CursorPage, the default), newest first."""

    permission_classes = [IsAuthenticated, IsCaseworker]
    serializer_class = s.AppointmentOutputSerializer
    ordering = ["-id"]

    @extend_schema(summary="Appointments of the reader's organisations")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Appointment]:
        if getattr(self, "swagger_fake_view", False):
            return Appointment.objects.none()
        return selectors.appointments_visible_to(user=request_user(self.request))


class AppointmentCancelApi(APIView):
    permission_classes = [IsAuthenticated, IsCaseworker]

    @extend_schema(
        request=None,
        responses={200: s.AppointmentOutputSerializer},
        summary="Cancel a booked appointment; the jobseeker is told",
    )
    def post(self, request: Request, pk: int) -> Response:
        appointment = _appointment(request, pk)
        try:
            services.appointment_cancel(
                appointment=appointment,
                actor=request_user(request),
                now=timezone.now(),
            )
        except DjangoValidationError as error:
            raise bad_request(error) from error
        return Response(s.AppointmentOutputSerializer(appointment).data)


class AttendanceApi(APIView):
    permission_classes = [IsAuthenticated, IsCaseworker]

    @extend_schema(
        request=s.AttendanceInputSerializer,
        responses={200: s.AttendanceOutputSerializer},
        summary="Record whether an appointment was held, not come to or "
        "cancelled; a missed or cancelled one adds a step to book again "
        "(a meeting held is recorded through POST cases/<id>/meetings/)",
    )
    def post(self, request: Request, pk: int) -> Response:
        appointment = _appointment(request, pk)
        data = s.AttendanceInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            rebooking = services.appointment_attendance_record(
                appointment=appointment,
                outcome=data.validated_data["outcome"],
                actor=request_user(request),
                now=timezone.now(),
            )
        except DjangoValidationError as error:
            raise bad_request(error) from error
        return Response(
            s.AttendanceOutputSerializer(
                {
                    "appointment": appointment,
                    "rebooking_step": rebooking.pk if rebooking else None,
                }
            ).data
        )


class AppointmentMessagesApi(APIView):
    permission_classes = [IsAuthenticated, IsCaseworker]

    @extend_schema(
        responses={200: s.MessageStatusOutputSerializer(many=True)},
        summary="The outbox status of an appointment's messages (a handful)",
    )
    def get(self, request: Request, pk: int) -> Response:
        appointment = _appointment(request, pk)
        rows = selectors.appointment_messages(appointment_id=appointment.pk)
        return Response(s.MessageStatusOutputSerializer(rows, many=True).data)
