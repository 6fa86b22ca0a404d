"""core.db.from_json reads the JSON of a row as the ORM reads the row (tested
with the page's models: core itself has none of its own)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.db.models.signals import post_init

from appointments.models import Appointment
from cases.models import Case, CaseEvent, Jobseeker, Note, ProcessStep
from core.db import from_json
from partners.models import Referral
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


def _as_model_init_builds_it(model: type[Any], data: dict[str, Any]) -> Any:
    """from_json by way of Model.__init__: what it does whenever a
    receiver listens to the model's pre_init or post_init."""

    def listening(**_kwargs: Any) -> None:
        return None

    post_init.connect(listening, sender=model)
    try:
        return from_json(model, data)
    finally:
        post_init.disconnect(listening, sender=model)


@pytest.mark.parametrize(
    "model", [Jobseeker, Case, CaseEvent, Note, ProcessStep, Appointment, Referral]
)
def test_an_instance_is_what_model_init_would_build(model: type[Any]) -> None:
    # given: a row of the model as to_json writes it, every column and some
    row = {
        field.attname: None
        for field in model._meta.concrete_fields
        if not field.primary_key
    } | {"id": 7}
    some = {"id": 7, model._meta.concrete_fields[1].attname: None}

    for data in (row, some):
        # when
        fast = from_json(model, data)
        built = _as_model_init_builds_it(model, data)

        # then
        assert type(fast) is type(built)
        assert {k: v for k, v in vars(fast).items() if k != "_state"} == {
            k: v for k, v in vars(built).items() if k != "_state"
        }
        assert (fast._state.adding, fast._state.db) == (False, built._state.db)
        assert built._state.adding is False
        assert fast.get_deferred_fields() == built.get_deferred_fields()
        assert fast == built
