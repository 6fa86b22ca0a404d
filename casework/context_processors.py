from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.functional import SimpleLazyObject

from organisations.selectors import user_roles

from .permissions import menu_entries

if TYPE_CHECKING:
    from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The main menu's entries, each marked current or not; the user's roles
    are queried only when a template shows the menu."""
    user = request.user
    if not user.is_authenticated:
        return {"menu": []}

    def entries() -> list[tuple[Any, bool]]:
        match = request.resolver_match
        view_name = match.view_name if match else ""
        app_name = match.app_name if match else ""
        return [
            (entry, entry.is_current(view_name=view_name, app_name=app_name))
            for entry in menu_entries(
                roles=user_roles(user=user),
                is_staff=user.is_staff,
            )
        ]

    return {"menu": SimpleLazyObject(entries)}
