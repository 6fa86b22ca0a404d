"""core.db.from_json reads the JSON of a row as the ORM reads the row (tested
with the page's models: core itself has none of its own)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection

from appointments.models import Appointment
from core.db import from_json
from pilots.models import Pilot

pytestmark = pytest.mark.django_db


def test_a_time_range_reads_as_psycopg_loads_it() -> None:
    text = '["2026-06-09 07:00:00+00","2026-06-09 07:30:00+00")'
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::tstzrange, to_json(%s::tstzrange)", [text, text])
        loaded, as_json = cursor.fetchone()

    appointment = from_json(Appointment, {"id": 1, "during": as_json})

    assert appointment.during == loaded
    assert appointment.during.lower == dt.datetime(2026, 6, 9, 7, tzinfo=dt.UTC)


def test_a_decimal_keeps_its_scale() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_json(1234.50::numeric(14, 2))")
        (as_json,) = cursor.fetchone()

    pilot = from_json(Pilot, {"id": 1, "lms_expenditure_2018": as_json})

    assert str(pilot.lms_expenditure_2018) == "1234.50"
    assert pilot.lms_expenditure_2018 == Decimal("1234.50")


def test_columns_left_out_are_deferred() -> None:
    appointment = from_json(Appointment, {"id": 1, "status": "booked"})

    assert appointment.get_deferred_fields() >= {"during", "place_id"}
