"""Each indicator against small hand-computed data, roll-ups, idempotency and
publish/freeze/revise."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import ValidationError

from reporting import services, tasks
from reporting.models import IndicatorRun, IndicatorValue

from .conftest import AUGUST

if TYPE_CHECKING:
    from cases.models import Case
    from organisations.models import Organisation
    from tests.personas import Register

pytestmark = pytest.mark.django_db


def _figures(
    run: IndicatorRun, organisation_id: int | None
) -> dict[str, tuple[int, int | None]]:
    values = IndicatorValue.objects.filter(run=run).select_related("definition")
    if organisation_id is None:
        values = values.filter(organisation__isnull=True)
    else:
        values = values.filter(organisation_id=organisation_id)
    return {v.definition.code: (v.numerator, v.denominator) for v in values}


def _compute(month: dt.date = AUGUST, reason: str = "") -> IndicatorRun:
    run = services.run_start(month=month, reason=reason)
    return services.run_execute(run_id=run.pk)


def test_each_indicator_by_hand(august: list[Case], municipality: Organisation) -> None:
    run = _compute()

    figures = _figures(run, municipality.pk)
    assert figures["jobseekers_month_end"] == (5, None)
    assert figures["new_clients"] == (1, None)
    assert figures["service_starts"] == (2, None)  # 1.8 and 31.8, not 1.7
    # ALP 2 (coaching, work trial); U 3 (guidance is not activating, plus two
    # without services) → 2 / 5.
    assert figures["activation_rate"] == (2, 5)
    assert figures["deadline_compliance"] == (2, 3)


def test_areas_and_the_country_add_numerators_and_denominators(
    august: list[Case],
    municipality: Organisation,
    employment_area: Organisation,
    other_municipality: Organisation,
) -> None:
    run = _compute()

    assert _figures(run, employment_area.pk)["activation_rate"] == (2, 5)
    heinola = _figures(run, other_municipality.pk)["jobseekers_month_end"]
    country = _figures(run, None)["jobseekers_month_end"]
    assert country == (5 + heinola[0], None)


def test_recomputing_an_unpublished_month_gives_identical_figures(
    august: list[Case],
) -> None:
    first = _compute()
    before = sorted(
        IndicatorValue.objects.filter(run=first).values_list(
            "definition__code", "organisation_id", "numerator", "denominator"
        ),
        key=str,
    )

    again = _compute()

    assert again.pk == first.pk
    after = sorted(
        IndicatorValue.objects.filter(run=again).values_list(
            "definition__code", "organisation_id", "numerator", "denominator"
        ),
        key=str,
    )
    assert after == before


def test_a_published_month_is_frozen_and_revised_with_a_reason(
    august: list[Case], municipality: Organisation, register: Register
) -> None:
    run = _compute()
    services.run_publish(run=run)
    register(dt.date(2025, 8, 20))  # a late entry for August

    services.run_execute(run_id=run.pk)  # frozen: nothing changes
    assert _figures(run, municipality.pk)["jobseekers_month_end"] == (5, None)
    with pytest.raises(ValidationError):
        services.run_start(month=AUGUST)

    revision = _compute(reason="Myöhässä kirjattu asiakas")

    assert revision.revision == 2
    assert _figures(revision, municipality.pk)["jobseekers_month_end"] == (6, None)
    assert _figures(run, municipality.pk)["jobseekers_month_end"] == (5, None)


def test_the_monthly_task_computes_the_previous_month(
    august: list[Case], municipality: Organisation
) -> None:
    tasks.previous_month_task(today="2025-09-03")

    run = IndicatorRun.objects.get(month=AUGUST)
    assert run.status == "done"
    assert _figures(run, municipality.pk)["new_clients"] == (1, None)
