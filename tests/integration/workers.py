"""Real Celery workers for the integration tests: the broker (Redis,
tests/integration/broker.py) emptied and pointed at, worker processes
started (tests/integration/run_worker.py) in their own process groups so
that a test can SIGKILL one mid-run, and a helper that waits for a
condition."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import TYPE_CHECKING

import pytest
import redis
from django.conf import settings
from django.db import connection
from django.test import override_settings

from config.celery import app
from core import runs
from tests.integration.broker import BROKER_URL

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping

# The dead worker's runs are taken as stale after this long without a beat;
# the live worker beats every 0.2 s (run_worker.py).
STALE_SECONDS = 4


def _redis() -> redis.Redis:
    return redis.Redis.from_url(BROKER_URL, socket_connect_timeout=1)


def reset_broker_pool() -> None:
    """Drop pooled connections so the next use connects with the current conf."""
    from kombu import pools

    if app._pool is not None:  # type: ignore[attr-defined]
        app._pool.force_close_all()  # type: ignore[attr-defined]
        app._pool = None  # type: ignore[attr-defined]
    # The producer pool is cached separately, per connection, in kombu.
    app.amqp._producer_pool = None  # type: ignore[attr-defined]
    pools.reset()
    # The result backend is cached per thread; an earlier eager test may have
    # made this thread's with the in-memory backend of the test settings.
    vars(app._local).pop("backend", None)  # type: ignore[attr-defined]


def broker_for_tests() -> Iterator[None]:
    """Tasks sent from this process go to Redis (emptied first)."""
    try:
        _redis().flushdb()
    except redis.RedisError:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis is required in CI but {BROKER_URL} does not answer.")
        pytest.skip(f"Redis not reachable at {BROKER_URL}; set CELERY_TEST_BROKER_URL.")
    saved = {
        k: app.conf[k] for k in ("broker_url", "result_backend", "task_always_eager")
    }
    app.conf.update(
        broker_url=BROKER_URL, result_backend=BROKER_URL, task_always_eager=False
    )
    reset_broker_pool()
    try:
        with override_settings(
            CELERY_TASK_ALWAYS_EAGER=False,
            POLKU_RUN_STALE_SECONDS=STALE_SECONDS,
            POLKU_RUN_SEND_GRACE_SECONDS=0,
        ):
            yield
    finally:
        app.conf.update(saved)
        reset_broker_pool()


class Workers:
    """Starts worker processes on this test's database; kills what is left."""

    def __init__(self) -> None:
        self.started: list[subprocess.Popen[bytes]] = []

    def start(
        self, delay: float, env: Mapping[str, str] | None = None
    ) -> subprocess.Popen[bytes]:
        db = settings.DATABASES["default"]
        process = subprocess.Popen(  # noqa: S603 - our own module, fixed arguments
            [
                sys.executable,
                "-m",
                "tests.integration.run_worker",
                BROKER_URL,
                str(delay),
            ],
            env={
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "config.settings.test",
                "DATABASE_URL": (
                    f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:"
                    f"{db['PORT']}/{connection.settings_dict['NAME']}"
                ),
                **(env or {}),
            },
            cwd=settings.BASE_DIR,
            # Its own process group: the kill takes the pool's children too.
            start_new_session=True,
        )
        self.started.append(process)
        return process

    def kill_all(self) -> None:
        for process in self.started:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=30)


def wait_for(
    condition: Callable[[], bool],
    *,
    seconds: float,
    every: Callable[[], object] | None = None,
) -> None:
    """Poll `condition` every half second (calling `every` first, e.g. the
    sweeper that beat runs every minute) until it holds; fail after
    `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if every is not None:
            every()
        if condition():
            return
        time.sleep(0.5)
    pytest.fail("timed out")


def sweep_runs() -> None:
    runs.runs_sweep()
