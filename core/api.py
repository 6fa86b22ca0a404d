"""What every Polku API view shares."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rest_framework import exceptions

if TYPE_CHECKING:
    from django.core.exceptions import ValidationError


def bad_request(error: ValidationError) -> exceptions.ValidationError:
    """A service's ValidationError as a 400 with field errors."""
    if hasattr(error, "error_dict"):
        return exceptions.ValidationError(error.message_dict)
    return exceptions.ValidationError({"non_field_errors": error.messages})
