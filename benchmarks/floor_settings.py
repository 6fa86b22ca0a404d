"""Production settings plus the benchmark's floor views (benchmarks.http only).

Never deployed: gunicorn is started with this module by benchmarks.http so
that a page and its floor (one hand-written statement) go through the same
middleware, settings and workers.
"""

from __future__ import annotations

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "benchmarks.floor_urls"
