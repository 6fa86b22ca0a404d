"""The outbox in the admin, read-only: a message changes only by being
sent (messaging.services), so its status stays the provider's answer."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin

from .models import Message

if TYPE_CHECKING:
    from django.http import HttpRequest


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin[Message]):
    list_display = ["created_at", "channel", "status", "attempts", "next_try_at"]
    list_filter = ["status", "channel"]
    search_fields = ["idempotency_key"]
    readonly_fields = [f.name for f in Message._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
