"""Shapes of the appointments API: input validated here, decisions in the
services (STYLE.md 2.7)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from appointments.forms import LENGTHS
from appointments.models import Absence, Appointment, ExtraHours, Place, WeeklyHours
from appointments.rules import ATTENDANCE_OUTCOMES
from messaging.models import Message


class PlaceOutputSerializer(serializers.ModelSerializer[Place]):
    class Meta:
        model = Place
        fields = ["id", "name", "channel", "address", "phone", "video_url"]


class WeeklyHoursOutputSerializer(serializers.ModelSerializer[WeeklyHours]):
    class Meta:
        model = WeeklyHours
        fields = [
            "id",
            "weekday",
            "start_time",
            "end_time",
            "place",
            "valid_from",
            "valid_until",
        ]


class ExtraHoursOutputSerializer(serializers.ModelSerializer[ExtraHours]):
    class Meta:
        model = ExtraHours
        fields = ["id", "day", "start_time", "end_time", "place"]


class AbsenceOutputSerializer(serializers.ModelSerializer[Absence]):
    class Meta:
        model = Absence
        fields = ["id", "starts_on", "ends_on"]


class CalendarOutputSerializer(serializers.Serializer[Any]):
    weekly = WeeklyHoursOutputSerializer(many=True)
    extra = ExtraHoursOutputSerializer(many=True)
    absences = AbsenceOutputSerializer(many=True)


class FreeTimeOutputSerializer(serializers.Serializer[Any]):
    caseworker = serializers.IntegerField(source="caseworker_id")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    place = serializers.IntegerField(source="place_id")


class FreeTimesOutputSerializer(serializers.Serializer[Any]):
    due_on = serializers.DateField()
    before_due_date = FreeTimeOutputSerializer(
        many=True, help_text="The first free times on or before the due date."
    )
    after_due_date = FreeTimeOutputSerializer(
        many=True,
        help_text="When none fits before the due date, the first ones after "
        "it (booking one needs a late_reason).",
    )


class AppointmentOutputSerializer(serializers.ModelSerializer[Appointment]):
    starts_at = serializers.DateTimeField(source="during.lower")
    ends_at = serializers.DateTimeField(source="during.upper")

    class Meta:
        model = Appointment
        fields = [
            "id",
            "organisation",
            "caseworker",
            "jobseeker",
            "case",
            "step",
            "starts_at",
            "ends_at",
            "channel",
            "place",
            "status",
            "late_reason",
        ]


class BookingInputSerializer(serializers.Serializer[Any]):
    caseworker = serializers.IntegerField(
        required=False, help_text="Defaults to the step's assigned caseworker."
    )
    starts_at = serializers.DateTimeField()
    length_minutes = serializers.ChoiceField(
        choices=[minutes for minutes, _label in LENGTHS], default=60
    )
    place = serializers.IntegerField()
    late_reason = serializers.CharField(
        max_length=500, required=False, allow_blank=True, default=""
    )


class AttendanceInputSerializer(serializers.Serializer[Any]):
    outcome = serializers.ChoiceField(choices=list(ATTENDANCE_OUTCOMES))


class AttendanceOutputSerializer(serializers.Serializer[Any]):
    appointment = AppointmentOutputSerializer()
    rebooking_step = serializers.IntegerField(
        allow_null=True,
        help_text="The step to book a new time by, after a missed or "
        "cancelled meeting.",
    )


class MessageStatusOutputSerializer(serializers.ModelSerializer[Message]):
    kind = serializers.SerializerMethodField(
        help_text="invitation, cancellation, reminder …"
    )

    class Meta:
        model = Message
        fields = [
            "id",
            "kind",
            "channel",
            "language",
            "status",
            "attempts",
            "next_try_at",
            "sent_at",
            "last_error",
        ]

    def get_kind(self, message: Message) -> str:
        # appointment:<id>:<kind>:<channel> (appointments.keys)
        parts = message.idempotency_key.split(":")
        return parts[2] if len(parts) > 2 else ""
