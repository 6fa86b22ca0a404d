"""A real Celery worker for tests/integration/test_worker_killed.py, started
as its own process so that the test can SIGKILL it mid-run.

    python -m tests.integration.run_worker BROKER_URL [STEP_DELAY_SECONDS]

It uses the test database named by DATABASE_URL. With a step delay, each
run kind's work is slowed at a point in the middle of the run (between
indicator definitions, before a board report's charts, before each
municipality of an evaluation, inside an import's transaction), so that a
kill lands mid-run on any machine; without one it works at full speed.
"""

from __future__ import annotations

import functools
import os
import sys
import time
from typing import Any


def _slowed(owner: Any, name: str, seconds: float) -> None:
    original = getattr(owner, name)

    @functools.wraps(original)
    def slow(*args: Any, **kwargs: Any) -> Any:
        time.sleep(seconds)
        return original(*args, **kwargs)

    setattr(owner, name, slow)


def main(broker_url: str, delay: float) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.conf import settings

    from config.celery import app

    # The outbox's kill test has the worker send real SMTP to its server
    # (EMAIL_HOST and EMAIL_PORT come from the environment in base.py).
    if os.environ.get("EMAIL_BACKEND"):
        settings.EMAIL_BACKEND = os.environ["EMAIL_BACKEND"]
    # Beats often, so that the test's short stale threshold holds for a
    # worker that is alive.
    settings.POLKU_RUN_HEARTBEAT_SECONDS = 0.2
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.update(
        broker_url=broker_url,
        result_backend=broker_url,
        task_always_eager=False,
        worker_hijack_root_logger=False,
    )
    if delay:
        from exchange import services as exchange_services
        from pilots.services import evaluation as pilot_evaluation
        from reporting import board
        from reporting.indicators import MonthComputations

        _slowed(MonthComputations, "counts", delay)
        _slowed(board, "board_charts", delay * 3)
        _slowed(pilot_evaluation, "_evaluate_into_results", delay * 3)
        _slowed(exchange_services, "_run", delay * 3)
    app.worker_main(
        [
            "worker",
            "--pool=prefork",
            "--concurrency=4",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ]
    )


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 0.0)
