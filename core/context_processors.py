from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils.functional import SimpleLazyObject

if TYPE_CHECKING:
    from django.http import HttpRequest


def environment(request: HttpRequest) -> dict[str, bool]:
    """Tell templates whether this is a demo environment (synthetic people only)."""
    return {"polku_is_demo": settings.POLKU_ALLOW_TEMPORARY_IDENTITY_CODES}


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The user's current roles for the menu, queried only if a template asks."""
    from organisations.selectors import user_roles

    user = request.user
    if not user.is_authenticated:
        return {"nav_roles": frozenset()}
    return {"nav_roles": SimpleLazyObject(lambda: user_roles(user=user))}
