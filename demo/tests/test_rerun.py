"""A later run, on any later day, recognises the demo and adds nothing."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import time_machine
from django.apps import apps
from django.core.management import call_command

from cases.models import Jobseeker

HELSINKI = ZoneInfo("Europe/Helsinki")
ANCHOR = dt.date(2026, 12, 6)


def _rows_by_table() -> dict[str, int]:
    """Rows of every table Polku has (m2m tables too). None is left out: the
    command writes no session or access log row, and a recognised re-run
    writes nothing at all."""
    return {
        model._meta.db_table: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }


def _people() -> set[tuple[str, dt.date, str]]:
    return {
        (j.identity_code, j.birth_date, j.last_name) for j in Jobseeker.objects.all()
    }


def _run_on(day: dt.date) -> str:
    out = io.StringIO()
    with time_machine.travel(
        dt.datetime.combine(day, dt.time(8, 0), tzinfo=HELSINKI), tick=False
    ):
        call_command("demo_data", "--jobseekers", "4", stdout=out)
    return out.getvalue()


def test_a_re_run_on_a_later_day_adds_nothing_and_changes_no_one(db: None) -> None:
    # given
    _run_on(ANCHOR)
    rows, people = _rows_by_table(), _people()

    for later in (ANCHOR + dt.timedelta(days=1), ANCHOR + dt.timedelta(days=400)):
        # when
        out = _run_on(later)

        # then
        assert "nothing added" in out
        assert "kalajoki.caseworker" in out
        assert _rows_by_table() == rows
        assert _people() == people
