from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin

from .models import AccessLog

if TYPE_CHECKING:
    from django.http import HttpRequest


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin[AccessLog]):
    """Read-only: the table itself refuses changes (audit migration 0002)."""

    list_display = (
        "occurred_at",
        "username",
        "roles",
        "action",
        "purpose",
        "jobseeker_id",
    )
    list_filter = ("action", "purpose")
    search_fields = ("username",)
    date_hierarchy = "occurred_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
