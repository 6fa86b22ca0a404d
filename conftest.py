# Persona fixtures shared by every app's tests.
from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.utils import translation

if TYPE_CHECKING:
    from collections.abc import Iterator

pytest_plugins = ["tests.personas"]


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Every test starts in Polku's default language. A request made in
    Swedish leaves Swedish active in the test's thread (LocaleMiddleware
    activates the request's language and nothing resets it), and the next
    test's messages would come out in Swedish."""
    translation.deactivate()
    yield
    translation.deactivate()
