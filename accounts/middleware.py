"""Two-factor authentication where it is required, and the idle timeout."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware
from django_otp.models import Device

from core.memo import attach_session, per_session

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


class SessionOTPMiddleware(OTPMiddleware):
    """django-otp's middleware, with the verifying device checked once per
    session rather than read on every request.

    django-otp loads the device named in the session on each request to
    see that it still exists, is confirmed and is the user's: one statement
    a page for every verified user (administrators always). The answer is
    kept with the user's access (core.memo.per_session), whose version
    every save or deletion of a device increments (accounts.signals): a
    removed device asks for the second factor again on the next request.
    `user.otp_device` loads the device only when something reads it.
    """

    def _verify_user_sync(self, request: HttpRequest, user: Any) -> Any:
        self._init_user_fields(user)
        if not user.is_authenticated:
            return user
        attach_session(user, request.session)
        persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
        if not persistent_id:
            return user
        persistent_id = self._normalize_persistent_id(persistent_id)
        if per_session(
            user,
            f"otp_device:{persistent_id}",
            lambda: _is_users_confirmed_device(persistent_id, user.pk),
        ):
            user.otp_device = SimpleLazyObject(
                lambda: Device.from_persistent_id(persistent_id)
            )
        else:
            del request.session[DEVICE_ID_SESSION_KEY]
        return user


def _is_users_confirmed_device(persistent_id: str, user_id: int) -> bool:
    device = Device.from_persistent_id(persistent_id)
    return device is not None and device.user_id == user_id and device.confirmed


class RequireTwoFactorMiddleware:
    """Send users who must verify a TOTP code to do so before anything else.

    Administrators must always verify; any other staff member who has set up
    a device must verify it at each sign-in (django-otp's is_verified()).
    It (and SessionOTPMiddleware before it) hands the signed-in user the
    session, where their roles, organisations and second-factor state are
    kept until their access version changes (core.memo.per_session).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user = request.user
        if user.is_authenticated:
            attach_session(user, request.session)
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


# The idle timeout (SESSION_COOKIE_AGE, 30 minutes) is renewed by saving the
# session. Django's SESSION_SAVE_EVERY_REQUEST writes the session row on
# every request; renewing at most once a minute keeps the timeout within a
# minute of exact and saves an UPDATE on nearly every page (the worklist
# under 50 simulated caseworkers, benchmarks.run concurrent).
IDLE_RENEWAL_SECONDS = 60
IDLE_RENEWAL_SESSION_KEY = "_polku_renewed_at"


class IdleTimeoutMiddleware:
    """Renew a signed-in session's expiry at most once a minute.

    Placed after SessionMiddleware, so the session it marks as modified is
    saved (with a fresh expiry) on the way out.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty():
            now = int(time.time())
            if (
                now - int(session.get(IDLE_RENEWAL_SESSION_KEY, 0))
                >= IDLE_RENEWAL_SECONDS
            ):
                session[IDLE_RENEWAL_SESSION_KEY] = now
        return response


def mark_renewed_at_sign_in(request: HttpRequest | None, **_kwargs: object) -> None:
    """Signing in saves a fresh session: its expiry is new, so the first
    page after it need not renew it again (user_logged_in receiver)."""
    if request is not None and hasattr(request, "session"):
        request.session[IDLE_RENEWAL_SESSION_KEY] = int(time.time())
