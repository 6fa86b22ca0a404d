from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:
    from django.http import HttpRequest


def environment(request: HttpRequest) -> dict[str, bool]:
    """Tell templates whether this is a demo environment (synthetic people only)."""
    return {"polku_is_demo": settings.POLKU_ALLOW_TEMPORARY_IDENTITY_CODES}
