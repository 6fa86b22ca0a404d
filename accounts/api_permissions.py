"""The role checks of the API views, made after the method check."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rest_framework import exceptions
from rest_framework.permissions import BasePermission

from .models import User

if TYPE_CHECKING:
    from rest_framework.request import Request


class RolePermission(BasePermission):
    """Allows a signed-in user whose roles `allows`.

    DRF checks permissions before it looks for the method's handler, so an
    undeclared method (TRACE, DELETE) would be refused as forbidden, or as
    not found where a refusal is a 404 (personal data), rather than with 405
    and the Allow header. The method is checked first here: which methods an
    address takes is no secret, whoever asks."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method not in view.allowed_methods:
            raise exceptions.MethodNotAllowed(str(request.method))
        user = request.user
        return isinstance(user, User) and self.allows(user)

    def allows(self, user: User) -> bool:
        raise NotImplementedError
