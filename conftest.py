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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Refuse a transactional test that would leave the database without its
    reference data. Such a test ends with a flush; without serialized_rollback
    the flush empties the tables that migrations filled and re-creates the
    content types under new ids, so a later test (whichever pytest-randomly
    puts next) finds no reference data or fails restoring the old ids."""
    offenders = []
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is None:
            continue
        transactional = marker.kwargs.get("transaction", False)
        if transactional and not marker.kwargs.get("serialized_rollback", False):
            offenders.append(item.nodeid)
    if offenders:
        raise pytest.UsageError(
            "transactional tests must also set serialized_rollback=True: "
            + ", ".join(offenders)
        )
