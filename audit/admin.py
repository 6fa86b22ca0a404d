from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import AccessLog

if TYPE_CHECKING:
    from django.http import HttpRequest


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin[AccessLog]):
    """Read-only: the table itself refuses changes (audit migration 0002)."""

    list_display = (
        "occurred_at",
        "username",
        "role_names",
        "action",
        "purpose",
        "jobseeker_id",
    )
    list_filter = ("action", "purpose")
    search_fields = ("username",)
    date_hierarchy = "occurred_at"
    # Codes (roles, model paths) as the reader's words.
    fields = (
        "occurred_at",
        "username",
        "role_names",
        "organisation",
        "jobseeker_id",
        "object_type_name",
        "object_id",
        "action",
        "purpose",
        "path",
    )
    readonly_fields = ("role_names", "object_type_name")

    @admin.display(description=_("roles"))
    def role_names(self, entry: AccessLog) -> str:
        return entry.role_names

    @admin.display(description=_("object type"))
    def object_type_name(self, entry: AccessLog) -> str:
        return entry.object_type_name

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
