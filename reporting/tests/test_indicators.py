"""Each indicator against small hand-computed data, the shared month-end
passes, roll-ups, idempotency and publish/freeze/revise."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from appointments.models import Appointment, Place
from appointments.rules import HELSINKI
from cases import services as case_services
from cases.models import Jobseeker, Meeting, ServiceType
from messaging.models import Message
from reporting import indicators, services, tasks
from reporting.definitions import NATIONAL_CODES
from reporting.models import IndicatorRun, IndicatorValue
from reporting.tests.factories import survey_answer

from .conftest import AUGUST
from .conftest import service_period as _service
from .test_outcome_indicators import OCT_2024, _end_search, _on_subsidy

AUG_31 = dt.date(2025, 8, 31)

if TYPE_CHECKING:
    from collections.abc import Callable

    from accounts.models import User
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


def _appointment_and_messages(
    case: Case, caseworker: User, municipality: Organisation
) -> None:
    """An interview held at an appointment on 4.8. and a message sent by
    each channel, for the indicators of issue 22 (computed by hand in
    test_appointment_indicators)."""
    Meeting.objects.create(
        organisation=municipality,
        case=case,
        recorded_by=caseworker,
        kind="initial_interview",
        held_on=dt.date(2025, 8, 4),
        channel="office",
    )
    place = Place.objects.create(
        organisation=municipality, name="T", channel="face_to_face", address="K 1"
    )
    starts = dt.datetime(2025, 8, 4, 9, tzinfo=HELSINKI)
    Appointment.objects.create(
        organisation=municipality,
        caseworker=caseworker,
        jobseeker_id=case.jobseeker_id,
        case=case,
        during=(starts, starts + dt.timedelta(hours=1)),
        channel="face_to_face",
        place=place,
        status="held",
        booked_by=caseworker,
    )
    for channel in ("email", "sms", "letter"):
        Message.objects.create(
            organisation=municipality,
            channel=channel,
            recipient="x",
            language="fi",
            template_key="t",
            idempotency_key=f"test:{channel}",
            status="sent",
            next_try_at=starts,
            sent_at=starts,
        )


def test_every_definition_in_force_is_computed(
    august: list[Case],
    register: Register,
    caseworker: User,
    municipality: Organisation,
) -> None:
    # given: August's data plus an exit, a matured service, a subsidy
    # recipient and a survey answer, so that every indicator has a figure
    leaver = register(dt.date(2025, 1, 2))
    period = case_services.service_start(
        case=leaver,
        service_type=ServiceType.objects.get(code="coaching"),
        started_on=dt.date(2025, 2, 3),
        planned_end_on=None,
        provider="",
        actor=caseworker,
    )
    case_services.service_end(
        period=period, ended_on=dt.date(2025, 5, 10), end_reason="", actor=caseworker
    )
    case_services.case_transition(
        case=leaver,
        to_status="closed",
        roles={"caseworker"},
        expected_version=leaver.version,
        on=dt.date(2025, 8, 5),
        actor=caseworker,
        exit_reason="open_market_employment",
    )
    Jobseeker.objects.filter(pk=august[0].jobseeker_id).update(
        benefit_type="labour_market_subsidy",
        lms_days_for_unemployment=400,
        benefit_days_as_of=dt.date(2025, 8, 31),
    )
    survey_answer(organisation=municipality, answered_on=dt.date(2025, 8, 20), score=5)
    _appointment_and_messages(leaver, caseworker, municipality)

    # when
    run = _compute()

    # then
    figures = _figures(run, municipality.pk)
    in_force = services.definitions_in_force(dt.date(2025, 8, 31))
    # The euros come from invoices, and this month has none (their own
    # tests: test_euro_indicators.py).
    assert sorted(figures) == sorted(
        d.code for d in in_force if d.code not in indicators.EURO_CODES
    )
    assert len(in_force) == 19 + len(NATIONAL_CODES) + len(indicators.EURO_CODES)
    assert figures["exits_to_employment"] == (1, 1)
    assert figures["exits_to_education"] == (0, 1)
    # The coaching ended 10.5., followed up 8.8.: employed since 5.8.
    assert figures["employed_3_months_after_service"] == (1, 1)
    assert figures["long_term_unemployed_share"] == (0, 3)  # U of activation
    # Initial interviews still open: due 9.5., 9.6. and 15.8.
    assert figures["overdue_steps_month_end"] == (3, None)
    # 21 weekdays in August 2025, days 380-400 at 50 % (from 2025 the
    # coaching since 1.7. does not stop the share).
    assert figures["labour_market_subsidy_municipal_share"] == (21 * 50, 21 * 100)
    assert figures["client_satisfaction"] == (1, 1)
    # Registered 2.5., unemployed on 2.8.; the one in coaching since 1.7. not
    assert figures["inflow_over_3_months_unemployed"] == (3, None)
    # 2.1.-5.8.2025: the median of one exit, over one
    assert figures["days_to_open_market_employment"] == (215, 1)
    subsidy = IndicatorValue.objects.get(
        run=run,
        organisation=municipality,
        definition__code="labour_market_subsidy_municipal_share",
    )
    assert subsidy.definition.version == 2  # the 2025 estimate


def test_a_shared_pass_runs_once_and_gives_each_indicator_its_own_figures(
    august: list[Case],
    caseworker: User,
    municipality: Organisation,
    other_municipality: Organisation,
) -> None:
    # given: at the month's boundary, coaching ending on 31.8 is still active
    # that day and one ending on 30.8 is not
    coaching = ServiceType.objects.get(code="coaching")
    for case, ended_on in ((august[3], AUG_31), (august[4], dt.date(2025, 8, 30))):
        period = case_services.service_start(
            case=case,
            service_type=coaching,
            started_on=dt.date(2025, 8, 1),
            planned_end_on=None,
            provider="",
            actor=caseworker,
        )
        case_services.service_end(
            period=period, ended_on=ended_on, end_reason="", actor=caseworker
        )
    alone = {
        name: computation(AUGUST, AUG_31)
        for name, computation in indicators.COMPUTATIONS.items()
    }

    # when: the computations of the five shared passes (the euros' and the
    # messages' among them)
    month = indicators.MonthComputations(AUGUST, AUG_31)
    with CaptureQueriesContext(connection) as queries:
        shared = {name: month.counts(name) for name in indicators.SHARED_PASSES}
    every = {name: month.counts(name) for name in indicators.COMPUTATIONS}

    # then: one statement a pass, besides the JIT setting of the heavy ones
    # (core.db.without_jit) and their transaction's savepoint
    statements = [
        q["sql"]
        for q in queries.captured_queries
        if "set_config" not in q["sql"]
        and "current_setting" not in q["sql"]
        and "SAVEPOINT" not in q["sql"]
    ]
    assert len(statements) == 5
    jit_off = [
        n
        for n, q in enumerate(queries.captured_queries)
        if "set_config('jit', 'off', true)" in q["sql"]
    ]
    for table in ("cases_jobsearchperiod", "cases_processstep"):
        at = next(
            n
            for n, q in enumerate(queries.captured_queries)
            if f"FROM {table}" in q["sql"].replace('"', "")
        )
        assert at - 1 in jit_off, table
    # figure for figure (and organisation for organisation) as alone
    assert shared == {name: alone[name] for name in indicators.SHARED_PASSES}
    assert every == alone
    # ALP 3 (coaching, work trial, coaching to 31.8); U 2 (guidance, and the
    # coaching that ended 30.8) -> 3 / 5; Heinola has one unemployed.
    assert alone["activation_rate"][municipality.pk] == (3, 5)
    assert alone["jobseekers_month_end"][municipality.pk] == (5, None)
    assert alone["long_term_unemployed_share"][municipality.pk] == (0, 2)
    assert alone["deadline_compliance"][municipality.pk] == (2, 3)
    assert other_municipality.pk in alone["long_term_unemployed_share"]


@pytest.mark.parametrize(
    ("computation", "index"),
    [
        (indicators.booked_within_deadline, "step_interview_due_idx"),
        (indicators.case_exits, "case_closed_idx"),
        (indicators.days_to_open_market_employment, "case_closed_idx"),
        (indicators.new_clients, "job_search_period_started_idx"),
        (indicators.service_starts, "service_period_started_idx"),
    ],
)
def test_the_months_rows_can_be_read_from_their_index(
    computation: Callable[[dt.date, dt.date], object],
    index: str,
    august: list[Case],
) -> None:
    """The statements as the code writes them can use the indexes made for
    them (a reworded filter, or a partial index's condition that no longer
    matches, would silently read the whole table)."""
    # given: the statement the computation runs
    with CaptureQueriesContext(connection) as queries:
        computation(AUGUST, AUG_31)
    (statement,) = [
        q["sql"] for q in queries.captured_queries if "GROUP BY" in q["sql"]
    ]

    # when: planned with table scans priced out (a test table is tiny, and
    # not vacuumed: a bitmap scan of the index rather than the index alone)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {statement}")
        plan = "\n".join(row[0] for row in cursor.fetchall())

    # then
    assert f" {index} " in f"{plan} ", plan


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


def test_subsidy_days_subtract_overlapping_services_once_within_the_search(
    register: Register, caseworker: User, municipality: Organisation
) -> None:
    # given: October 2024 (services stop the share), a job search ending on
    # Fri 18.10 (14 weekdays), coaching from September to Tue 8.10 (six
    # weekdays of October) overlapping pay subsidy Mon 7.-Thu 10.10: eight
    # distinct weekdays without subsidy, so six paid days (11.10, 14.-18.10).
    first, last = OCT_2024
    case = register(dt.date(2024, 1, 2))
    _service(
        case,
        "coaching",
        caseworker,
        started_on=dt.date(2024, 9, 16),
        ended_on=dt.date(2024, 10, 8),
    )
    _service(
        case,
        "pay_subsidy",
        caseworker,
        started_on=dt.date(2024, 10, 7),
        ended_on=dt.date(2024, 10, 10),
    )
    _end_search(case, dt.date(2024, 10, 18))
    # Counter 303 on the search's last day: days 298-303, three above 300.
    _on_subsidy(case, 303, dt.date(2024, 10, 18))

    # when
    counts = indicators.labour_market_subsidy_municipal_share(first, last)

    # then
    assert counts == {municipality.pk: (3 * 50, 6 * 100)}
