"""The Redis database the integration tests use as their Celery broker.

CELERY_TEST_BROKER_URL names it (default redis://127.0.0.1:6379/15). Under
pytest-xdist every process gets its own database, counted down from that one
(gw0 → 15, gw1 → 14, …): the tests flush their broker and start workers that
consume whatever is queued there, so two processes sharing one database would
run each other's tasks against the wrong test database. (pytest-xdist's
xdist_group cannot keep them in one process: with pytest 9 its loadgroup
scheduler no longer sees the group it appends to the node id.)
"""

from __future__ import annotations

import os
import re

_BASE = os.environ.get("CELERY_TEST_BROKER_URL", "redis://127.0.0.1:6379/15")


def _for_this_process(base: str) -> str:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    offset = int(worker[2:]) if worker.startswith("gw") else 0
    match = re.fullmatch(r"(.*/)(\d+)", base)
    if offset == 0 or match is None:
        return base
    database = int(match.group(2)) - offset
    if database < 0:
        raise RuntimeError(
            f"{base} leaves no Redis database for pytest-xdist process {worker}"
        )
    return f"{match.group(1)}{database}"


BROKER_URL = _for_this_process(_BASE)
