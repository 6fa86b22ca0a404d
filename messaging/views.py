"""The development page of sent messages (no SMS leaves a development
machine; e-mail goes to Mailpit when compose runs it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.requests import signed_in_user
from core.decorators import allowed_if

from . import permissions, selectors

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse


@allowed_if(permissions.can_read_development_messages)
@require_GET
def development_messages(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "messaging/development_messages.html",
        {
            "messages_shown": selectors.development_messages(
                user=signed_in_user(request)
            )
        },
    )
