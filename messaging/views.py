"""The development page of sent messages (no SMS leaves a development
machine; e-mail goes to Mailpit when compose runs it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.requests import signed_in_user
from core.decorators import allowed_if

from . import permissions, selectors
from .models import Message
from .signals import messages_read

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse


@allowed_if(permissions.can_read_development_messages)
@require_GET
def development_messages(request: HttpRequest) -> HttpResponse:
    shown = selectors.development_messages(user=signed_in_user(request))
    # The contents name their recipient: the app that queued them logs the
    # read (messaging sits beside audit and does not write its log).
    messages_read.send(
        sender=Message, request=request, messages=[s.message for s in shown]
    )
    return render(
        request, "messaging/development_messages.html", {"messages_shown": shown}
    )
