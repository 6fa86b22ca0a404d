from __future__ import annotations

from django.contrib import admin

from .models import SurveyAnswer


@admin.register(SurveyAnswer)
class SurveyAnswerAdmin(admin.ModelAdmin[SurveyAnswer]):
    list_display = ("answered_on", "organisation", "score", "service_type", "channel")
    list_filter = ("score", "channel", "organisation")
    date_hierarchy = "answered_on"
    list_select_related = ("organisation", "service_type")
    autocomplete_fields = ["organisation"]
