"""Gunicorn settings shared by the Dockerfile and docker-compose.yml.

The access log records the path without its query string (%(U)s, not %(r)s):
an address must never carry an identity code or other personal data into a
log file. Polku's own forms POST such values; this guards everything else.
"""

import gc
from typing import Any

access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(b)s %(L)s'


# The collector's pauses. A worker holds some 250,000 objects once Django,
# the apps, their templates and translations are loaded, and every full
# collection walked them all: on the area coordinator's dashboard (issue
# 21, 1,000,000 jobseekers, 24 months of figures) two of every 300
# requests took 125-140 ms longer, which alone decides a p95 of 50 ms.
# gc.freeze() moves the objects alive at that moment out of the
# collector's sight (they live as long as the worker anyway); full
# collections then walk what requests leave behind, 4-6 ms, and the
# dashboard's slowest request in 300 went from 161-174 ms to 48-51 ms
# (in-process, docs/performance.md section 11).
def post_worker_init(worker: object) -> None:
    """Freeze what loading the application left."""
    gc.freeze()


def post_request(worker: Any, req: object, environ: object, resp: object) -> None:
    """After the worker's first request, freeze once more: what the first
    request loads lazily (URL patterns, compiled templates, translation
    catalogues) stays for the worker's life too. The collection before it
    is one full pass per worker (max-requests restarts it every ~1,000)."""
    if worker.nr == 1:
        gc.collect()
        gc.freeze()
