"""The signed-in Polku user of a request, typed as `accounts.models.User`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .models import User

if TYPE_CHECKING:
    from django.http import HttpRequest
    from rest_framework.request import Request


def signed_in_user(request: HttpRequest) -> User:
    """`request.user` as a User, in views behind `login_required` or `allowed_if`."""
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - guaranteed by the decorators
    return user


def request_user(request: Request) -> User:
    """`request.user` as a User, in API views behind IsAuthenticated (the
    API's counterpart of signed_in_user)."""
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - IsAuthenticated ran first
    return user
