"""The OpenAPI schema of the API: the statuses each operation documents."""

from __future__ import annotations

from typing import Any, ClassVar

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import permissions

from core.api import ErrorOutputSerializer


class RefusedAsNotFound:
    """A permission class with this mixin answers 404 instead of 403: for
    someone outside the role the address does not exist."""

    refusal_status: ClassVar[int] = 404


def _describe(status: str) -> str:
    descriptions = {
        "400": "Invalid parameters or data; the fields say which.",
        "401": "No valid credentials (token or session).",
        "403": "Not allowed for the reader's role (or no CSRF token with a "
        "browser session).",
        "404": "No such object among those the reader may see.",
        "405": "Method not allowed here; the Allow header lists those that are.",
        "409": "Someone else changed the object since it was read.",
        "415": "The request body is not JSON (or multipart where a file is sent).",
    }
    return descriptions.get(status, "Refused; the detail says why.")


class PolkuAutoSchema(AutoSchema):
    """Every operation documents the error statuses it can really answer,
    each with the shared error shape (ErrorOutputSerializer), derived from
    what the view is made of: credentials (401), permission classes and
    unsafe methods (403, CSRF), path and query parameters (404, 400) and a
    request body (400, 415). A view declares the others (409) itself."""

    def _error_statuses(self) -> list[str]:
        statuses = []
        method = self.method.upper()
        permission_classes = list(getattr(self.view, "permission_classes", []))
        anonymous = all(p is permissions.AllowAny for p in permission_classes)
        if not anonymous:
            statuses.append("401")
        refusals = {
            getattr(p, "refusal_status", 403)
            for p in permission_classes
            if p not in (permissions.IsAuthenticated, permissions.AllowAny)
        }
        if not anonymous and (
            method not in permissions.SAFE_METHODS or 403 in refusals
        ):
            statuses.append("403")
        paginator = self._get_paginator()
        has_query = bool(
            self._get_filter_parameters() or paginator or self._get_format_parameters()
        )
        has_body = method in ("POST", "PUT", "PATCH")
        if has_query or has_body or self._has_declared_query():
            statuses.append("400")
        # An invalid cursor is DRF's 404, as is an object outside the scope.
        if "{" in self.path or paginator or 404 in refusals:
            statuses.append("404")
        if has_body:
            statuses.append("415")
        return statuses

    def _get_request_for_media_type(
        self, serializer: Any, direction: Any = "request"
    ) -> Any:
        # drf-spectacular makes every field of a PATCH body optional, as
        # DRF's partial update would; a serializer that says
        # `required_in_patch` keeps its required fields (a jobseeker's
        # change needs the version it was read at).
        if self.method == "PATCH" and getattr(serializer, "required_in_patch", False):
            self.method = "POST"
            try:
                return super()._get_request_for_media_type(serializer, direction)
            finally:
                self.method = "PATCH"
        return super()._get_request_for_media_type(serializer, direction)

    def _has_declared_query(self) -> bool:
        # extend_schema(parameters=[...]): OpenApiParameters, or a serializer
        # whose fields are query parameters.
        return any(
            getattr(parameter, "location", "query") == "query"
            for parameter in self.get_override_parameters()
        )

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        for status in self._error_statuses():
            existing = responses.get(status)
            if existing is None or not existing.get("content"):
                responses[status] = self._get_response_for_code(
                    OpenApiResponse(
                        ErrorOutputSerializer, description=_describe(status)
                    ),
                    status,
                    ["application/json"],
                    direction,
                )
        for status, response in responses.items():
            # A declared error without a body (e.g. 409: None) gets the shape.
            if status[0] == "4" and not response.get("content"):
                responses[status] = self._get_response_for_code(
                    OpenApiResponse(
                        ErrorOutputSerializer, description=_describe(status)
                    ),
                    status,
                    ["application/json"],
                    direction,
                )
        return responses
