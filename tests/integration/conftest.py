"""Fixtures of the tests with real Celery workers (tests/integration/workers.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.integration.workers import Workers, broker_for_tests

if TYPE_CHECKING:
    from collections.abc import Iterator


@pytest.fixture
def broker() -> Iterator[None]:
    """Tasks sent from this process go to Redis (emptied first)."""
    yield from broker_for_tests()


@pytest.fixture
def workers() -> Iterator[Workers]:
    """Worker processes started by the test, killed at its end."""
    started = Workers()
    yield started
    started.kill_all()
