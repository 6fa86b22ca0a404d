"""Two-factor authentication where it is required."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .twofactor import two_factor_required

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.http import HttpRequest, HttpResponseBase

# Reachable before the second factor: signing in and out, the second factor
# itself, the language switch, static files and the load balancer's probe.
# Named one by one: anything else under /accounts/ (the API tokens page)
# needs the second factor like every other page.
EXEMPT_PREFIXES = (
    "/accounts/login/",
    "/accounts/logout/",
    "/accounts/language/",
    "/accounts/two-factor/",
    "/static/",
    "/healthz",
)


class RequireTwoFactorMiddleware:
    """Send users who must verify a TOTP code to do so before anything else.

    Administrators must always verify; any other staff member who has set up
    a device must verify it at each sign-in (django-otp's is_verified()).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(EXEMPT_PREFIXES)
            # is_verified() is added to the user by django_otp's OTPMiddleware.
            and not user.is_verified()  # type: ignore[attr-defined]
            and two_factor_required(user)
        ):
            url = reverse("accounts:two_factor")
            return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
