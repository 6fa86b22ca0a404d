"""Administrators set up places and caseworkers' bookable hours here until
caseworkers have a calendar page of their own; appointments themselves
are booked through the booking page (appointments.services), so the
admin only shows them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.db import models

from .models import Absence, Appointment, ExtraHours, Place, WeeklyHours

if TYPE_CHECKING:
    from django.http import HttpRequest


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin[Place]):
    # Video links are https; Django 6 assumes so, 5.2 warns until told.
    formfield_overrides = {
        models.URLField: {"assume_scheme": "https"},
    }
    list_display = ["name", "organisation", "channel", "is_active"]
    list_filter = ["channel", "is_active"]
    search_fields = ["name", "address"]
    autocomplete_fields = ["organisation"]


@admin.register(WeeklyHours)
class WeeklyHoursAdmin(admin.ModelAdmin[WeeklyHours]):
    list_display = [
        "caseworker",
        "weekday",
        "start_time",
        "end_time",
        "place",
        "valid_from",
    ]
    list_filter = ["weekday"]
    search_fields = ["caseworker__username", "caseworker__last_name"]
    autocomplete_fields = ["caseworker", "place"]


@admin.register(ExtraHours)
class ExtraHoursAdmin(admin.ModelAdmin[ExtraHours]):
    list_display = ["caseworker", "day", "start_time", "end_time", "place"]
    search_fields = ["caseworker__username", "caseworker__last_name"]
    autocomplete_fields = ["caseworker", "place"]


@admin.register(Absence)
class AbsenceAdmin(admin.ModelAdmin[Absence]):
    list_display = ["caseworker", "starts_on", "ends_on"]
    search_fields = ["caseworker__username", "caseworker__last_name"]
    autocomplete_fields = ["caseworker"]


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin[Appointment]):
    list_display = ["during", "caseworker", "channel", "status"]
    list_filter = ["status", "channel"]
    readonly_fields = [f.name for f in Appointment._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
