"""TOTP devices (django-otp): who needs one, setting one up, verifying it."""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING

import segno
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.memo import per_session
from organisations.models import MembershipRole

if TYPE_CHECKING:
    from django.http import HttpRequest

    from .models import User

DEVICE_NAME = "Polku"


def is_administrator(user: User) -> bool:
    """Django staff, superusers and holders of the administrator role."""
    from organisations.selectors import user_roles

    if user.is_staff or user.is_superuser:
        return True
    return MembershipRole.ADMINISTRATOR in user_roles(user=user)


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_confirmed_device(user: User) -> bool:
    """Whether the user has a confirmed device, kept for the session: the
    middleware asks on every request, and confirming or removing a device
    increments the user's access version (accounts.signals)."""
    return bool(
        per_session(
            user,
            "has_confirmed_device",
            lambda: TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
        )
    )


def two_factor_required(user: User) -> bool:
    """Administrators always; others once they have set up a device."""
    return is_administrator(user) or has_confirmed_device(user)


def device_for_setup(user: User) -> TOTPDevice:
    """The user's unconfirmed device, created on first use."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def secret_base32(device: TOTPDevice) -> str:
    """The shared secret as an authenticator app asks for it when typed by hand."""
    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// URL as an SVG QR code (an img data: URI; no script needed)."""
    return str(segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2))


def verify(request: HttpRequest, token: str) -> bool:
    """Check a code against the user's device; on success mark the session verified.

    The first successful code confirms a new device, so a device is only
    required at sign-in once the user has proved that their app works.
    """
    user: User = request.user  # type: ignore[assignment]
    token = token.replace(" ", "")
    device = (
        confirmed_device(user)
        or TOTPDevice.objects.filter(user=user, confirmed=False).first()
    )
    if device is None or not token.isdigit() or not device.verify_token(token):
        return False
    if not device.confirmed:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    otp_login(request, device)
    return True
