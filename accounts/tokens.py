"""API tokens: creation, revocation and DRF authentication."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from organisations.models import Membership

from .models import ApiToken, ApiTokenUse, User

if TYPE_CHECKING:
    import datetime as dt

    from rest_framework.request import Request

    from organisations.models import Organisation

KEY_PREFIX = "polku_"
PREFIX_LENGTH = 14  # "polku_" + 8 characters: enough to find the row


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(
    *,
    name: str,
    organisation: Organisation,
    role: str,
    actor: User | None,
    expires_on: dt.date | None = None,
) -> tuple[ApiToken, str]:
    """A new token and its key; the key is not stored and cannot be shown again."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    user = User(
        username=f"api-{key[len(KEY_PREFIX) : PREFIX_LENGTH]}",
        first_name=name[:150],
        last_name=str(_("(integration)")),
    )
    user.set_unusable_password()
    user.save()
    Membership.objects.create(
        user=user,
        organisation=organisation,
        role=role,
        valid_from=timezone.localdate(),
        valid_until=expires_on,
    )
    token = ApiToken.objects.create(
        name=name,
        organisation=organisation,
        role=role,
        user=user,
        prefix=key[:PREFIX_LENGTH],
        key_hash=_hash(key),
        created_by=actor,
        expires_on=expires_on,
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> None:
    """The token stops working at once; its history stays."""
    if token.revoked_at is not None:
        return
    today = timezone.localdate()
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    Membership.objects.filter(user=token.user, valid_from__lte=today).update(
        valid_until=today
    )
    Membership.objects.filter(user=token.user, valid_from__gt=today).delete()
    User.objects.filter(pk=token.user_id).update(is_active=False)


class TokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Token polku_…` (or `Bearer`)."""

    keywords = ("token", "bearer")

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode().lower() not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Give the token as: Authorization: Token <key>.")
            )
        key = header[1].decode(errors="replace")
        token = (
            ApiToken.objects.select_related("user")
            .filter(prefix=key[:PREFIX_LENGTH])
            .first()
        )
        if token is None or not hmac.compare_digest(token.key_hash, _hash(key)):
            raise exceptions.AuthenticationFailed(_("Unknown API token."))
        today = timezone.localdate()
        if token.revoked_at is not None or (
            token.expires_on is not None and token.expires_on < today
        ):
            raise exceptions.AuthenticationFailed(
                _("The API token has been revoked or has expired.")
            )
        now = timezone.now()
        ApiTokenUse.objects.create(
            token=token,
            method=request.method or "",
            path=request.path[:300],
            ip_address=_client_ip(request),
        )
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return "Token"


def _client_ip(request: Any) -> str | None:
    address = request.META.get("REMOTE_ADDR")
    return address or None
