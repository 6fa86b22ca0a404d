"""Booking at scale: free-time search for a caseworker, and a bulk booking.

    python -m benchmarks.booking --jobseekers 100000 --bookings 1000

Loads N synthetic jobseekers with a case each into one municipality whose
`--caseworkers` caseworkers work 8-16 on weekdays, with the past
`--past-days` working days 40 % booked and the coming six weeks half booked
(the appointments table then holds caseworkers x days x 8 x 0.4 rows), into
a throw-away database. Then times:

- free-time search: what the booking page computes for one caseworker (the
  calendar read in four queries and the first free times before a due date
  ten working days ahead), `--searches` times for random caseworkers, and
  the same for a team of 15 ("show the whole team's times");
- bulk booking: one run booking `--bookings` new initial interviews into
  the team's free times (appointments, results and two queued invitations
  each), as the Celery task runs it; the hand-off of each queued message to
  the broker is counted, not timed (it is the same for single bookings).

Nothing depends on the day it runs: the clock is Monday 1 March 2027.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import time
from unittest import mock

from benchmarks.data import load_jobseekers, with_benchmark_database

TZ_NAME = "Europe/Helsinki"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobseekers", type=int, default=100_000)
    parser.add_argument("--caseworkers", type=int, default=50)
    parser.add_argument("--past-days", type=int, default=250)
    parser.add_argument("--bookings", type=int, default=1000)
    parser.add_argument("--searches", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--profile", action="store_true", help="profile the one-caseworker searches"
    )
    args = parser.parse_args()
    with_benchmark_database(lambda: _run(args))


def _working_days(first: dt.date, count: int, *, step: int) -> list[dt.date]:
    from cases.rules.calendar import is_working_day

    days: list[dt.date] = []
    day = first
    while len(days) < count:
        if is_working_day(day):
            days.append(day)
        day += dt.timedelta(days=step)
    return days


def _run(args: argparse.Namespace) -> None:
    from psycopg.types.range import Range

    from accounts.models import User
    from appointments import rules, selectors, services
    from appointments.models import Appointment, BulkBookingRun, Place, WeeklyHours
    from cases.models import Case, JobSearchPeriod, Jobseeker, ProcessStep
    from core.runs import RunStatus
    from organisations.models import Organisation

    rng = random.Random(args.seed)  # noqa: S311 - synthetic data
    now = dt.datetime(2027, 3, 1, 8, 0, tzinfo=rules.HELSINKI)
    today = now.date()
    municipality = Organisation.objects.filter(kind="municipality").order_by("pk")[0]
    start = time.perf_counter()
    # One load, so that identity codes never repeat: the last `bookings`
    # jobseekers are the new ones booked in bulk below.
    load_jobseekers(args.jobseekers + args.bookings, [municipality], rng)
    pks = list(Jobseeker.objects.order_by("pk").values_list("pk", flat=True))
    fresh = pks[args.jobseekers :]
    JobSearchPeriod.objects.bulk_create(
        [
            JobSearchPeriod(
                jobseeker_id=pk,
                organisation_id=municipality.pk,
                started_on=today - dt.timedelta(days=rng.randint(1, 700)),
                status_at_start="unemployed",
            )
            for pk in pks[: args.jobseekers]
        ],
        batch_size=10_000,
    )
    Case.objects.bulk_create(
        [
            Case(
                jobseeker_id=p.jobseeker_id,
                job_search_period_id=p.pk,
                organisation_id=p.organisation_id,
                status="active",
                opened_on=p.started_on,
            )
            for p in JobSearchPeriod.objects.all()
        ],
        batch_size=10_000,
    )
    office = Place.objects.create(
        organisation=municipality,
        name="Toimipiste",
        channel="face_to_face",
        address="Testikatu 1",
    )
    caseworkers = [
        User.objects.create(username=f"bench.caseworker{n}")
        for n in range(args.caseworkers)
    ]
    WeeklyHours.objects.bulk_create(
        [
            WeeklyHours(
                caseworker=user,
                weekday=weekday,
                start_time=dt.time(8),
                end_time=dt.time(16),
                place=office,
                valid_from=dt.date(2020, 1, 1),
            )
            for user in caseworkers
            for weekday in range(5)
        ]
    )
    cases = list(Case.objects.values_list("pk", "jobseeker_id"))
    past = _working_days(today - dt.timedelta(days=1), args.past_days, step=-1)
    future = _working_days(today + dt.timedelta(days=14), 20, step=1)
    rows = []
    for user in caseworkers:
        for days, rate in ((past, 0.4), (future, 0.5)):
            for day in days:
                for hour in range(8, 16):
                    if rng.random() >= rate:
                        continue
                    case_id, jobseeker_id = rng.choice(cases)
                    starts = dt.datetime.combine(
                        day, dt.time(hour), tzinfo=rules.HELSINKI
                    )
                    rows.append(
                        Appointment(
                            organisation=municipality,
                            caseworker=user,
                            jobseeker_id=jobseeker_id,
                            case_id=case_id,
                            during=Range(starts, starts + dt.timedelta(hours=1), "[)"),
                            channel="face_to_face",
                            place=office,
                            status="held" if day < today else "booked",
                            booked_by=user,
                        )
                    )
    Appointment.objects.bulk_create(rows, batch_size=10_000)
    print(
        f"loaded {args.jobseekers} jobseekers, {len(rows)} appointments of "
        f"{args.caseworkers} caseworkers in {time.perf_counter() - start:.1f} s"
    )

    # Free-time search, as the booking page does it for one caseworker.
    due = _working_days(today + dt.timedelta(days=1), 10, step=1)[-1]
    ids = [user.pk for user in caseworkers]

    def search(caseworker_ids: list[int]) -> float:
        began = time.perf_counter()
        last_day = rules.search_last_day(due_on=due, today=today)
        calendars = selectors.calendars_for(
            caseworker_ids=caseworker_ids,
            first_day=today,
            last_day=last_day + dt.timedelta(weeks=6),
        )
        found = rules.free_slots(
            calendars,
            now=now,
            first_day=today,
            last_day=last_day,
            length=dt.timedelta(hours=1),
        )
        assert found
        return (time.perf_counter() - began) * 1000

    # Where a search's time goes: the calendar read (four queries) or the rules.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        search([ids[0]])
    for query in queries.captured_queries:
        print(f"  {float(query['time']) * 1000:6.1f} ms  {query['sql'][:110]}")
    if args.profile:
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.runcall(lambda: [search([pk]) for pk in ids * 5])
        pstats.Stats(profile).sort_stats("cumtime").print_stats(25)
    for label, picks in (
        ("one caseworker", [[rng.choice(ids)] for _ in range(args.searches)]),
        ("a team of 15", [ids[:15] for _ in range(max(10, args.searches // 10))]),
    ):
        times = sorted(search(pick) for pick in picks)
        p95 = times[int(len(times) * 0.95) - 1]
        print(
            f"free-time search, {label}: p50 {statistics.median(times):.1f} ms, "
            f"p95 {p95:.1f} ms ({len(times)} searches; target p95 <= 50 ms)"
        )

    # Bulk booking of new initial interviews, due in 10 working days.
    Jobseeker.objects.filter(pk__in=fresh).update(
        email="testi.henkilo@example.invalid", phone="+358400000000"
    )
    periods = JobSearchPeriod.objects.bulk_create(
        [
            JobSearchPeriod(
                jobseeker_id=pk,
                organisation_id=municipality.pk,
                started_on=today,
                status_at_start="unemployed",
            )
            for pk in fresh
        ]
    )
    new_cases = Case.objects.bulk_create(
        [
            Case(
                jobseeker_id=p.jobseeker_id,
                job_search_period_id=p.pk,
                organisation_id=municipality.pk,
                status="new",
                opened_on=today,
                caseworker=rng.choice(caseworkers),
            )
            for p in periods
        ]
    )
    steps = ProcessStep.objects.bulk_create(
        [
            ProcessStep(
                organisation_id=municipality.pk,
                case_id=case.pk,
                jobseeker_id=case.jobseeker_id,
                assignee_id=case.caseworker_id,
                kind="initial_interview",
                due_on=due,
                counts_from=today,
                counts_from_event="job_search_start",
                rule_code="initial_interview/2026-01-01",
            )
            for case in new_cases
        ]
    )
    lead = User.objects.create(username="bench.teamlead")
    # Recorded without its task: the run is timed below as the worker runs it.
    with mock.patch("core.runs.run_send_on_commit"):
        run = services.bulk_booking_request(
            organisation_id=municipality.pk,
            step_ids=[step.pk for step in steps],
            uses_team=True,
            length=dt.timedelta(hours=1),
            actor=lead,
        )
    BulkBookingRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING)
    with mock.patch(
        "messaging.services.message_send_soon", return_value=True
    ) as handed:
        began = time.perf_counter()
        run = services.bulk_booking_run_execute(run_id=run.pk, now=now)
        seconds = time.perf_counter() - began
    print(
        f"bulk booking: {run.booked} booked, {run.not_booked} not, of "
        f"{len(steps)} in {seconds:.1f} s ({handed.call_count} messages queued; "
        "target <= 60 s)"
    )


if __name__ == "__main__":
    main()
