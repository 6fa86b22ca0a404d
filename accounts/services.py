"""Writes about users."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import User


def user_set_language(*, user: User, language: str) -> None:
    """Remember the user's interface language."""
    if user.preferred_language != language:
        user.preferred_language = language
        user.full_clean(validate_unique=False, validate_constraints=True)
        user.save(update_fields=["preferred_language"])
