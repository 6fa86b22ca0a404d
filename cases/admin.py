"""Administration of reference data and oversight records of cases.

Personal data is not edited here: jobseekers and their records change only
through the services behind the caseworker pages, which check the rules,
keep the history and log every read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import BreakGlassAccess, RetentionReport, ServiceType

if TYPE_CHECKING:
    from django.http import HttpRequest


@admin.register(ServiceType)
class ServiceTypeAdmin(admin.ModelAdmin[ServiceType]):
    list_display = (
        "code_shown",
        "name",
        "category",
        "counts_as_active",
        "valid_from",
        "valid_until",
    )
    list_filter = ("category", "counts_as_active")
    search_fields = ("code", "name", "name_sv", "name_en")

    # The code is what import files and the API carry: shown as literal text.
    @admin.display(description=_("code"), ordering="code")
    def code_shown(self, service_type: ServiceType) -> str:
        return format_html("<code>{}</code>", service_type.code)


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(RetentionReport)
class RetentionReportAdmin(ReadOnlyAdmin):
    """Dry runs wait here for the grace period; deleting one stops it."""

    list_display = ("run_on", "cutoff_on", "applied_on", "anonymised_count")
    readonly_fields = (
        "run_on",
        "cutoff_on",
        "counts",
        "applied_on",
        "anonymised_count",
    )
    exclude = ("jobseeker_ids",)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None or obj.applied_on is None


@admin.register(BreakGlassAccess)
class BreakGlassAccessAdmin(ReadOnlyAdmin):
    list_display = ("opened_at", "user", "organisation", "reviewed_at", "reviewed_by")
    list_filter = ("organisation",)
    exclude = ("jobseeker",)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
