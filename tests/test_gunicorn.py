"""config.gunicorn: the settings docker-compose.yml and the benchmarks start
gunicorn with."""

from __future__ import annotations

import gc
from types import SimpleNamespace

from config import gunicorn


def test_access_log_leaves_the_query_string_out() -> None:
    assert "%(U)s" in gunicorn.access_log_format
    assert "%(r)s" not in gunicorn.access_log_format
    assert "%(q)s" not in gunicorn.access_log_format


def test_a_worker_freezes_what_loading_left() -> None:
    try:
        gc.unfreeze()
        gunicorn.post_worker_init(SimpleNamespace(nr=0))
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_after_the_first_request_only_it_freezes_again() -> None:
    try:
        gc.unfreeze()
        gunicorn.post_request(SimpleNamespace(nr=2), None, None, None)
        assert gc.get_freeze_count() == 0
        gunicorn.post_request(SimpleNamespace(nr=1), None, None, None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
