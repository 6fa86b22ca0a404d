"""A day's appointment reminders: preparation time, and sending rate.

    python -m benchmarks.reminders --appointments 50000

Loads N appointments on Monday 22 June 2026 (after Midsummer) for N
synthetic jobseekers, 10 a day per caseworker, into a throw-away database;
then times the reminder run of Thursday 18 June at 16.00 (issue 22: the
day's reminders for 50,000 appointments prepared in at most 5 minutes),
a second run (which must add nothing), and the sending of a sample of the
queued text messages over HTTP to a local gateway stub (messages/s).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from benchmarks.data import load_jobseekers, with_benchmark_database

PER_CASEWORKER = 10


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--appointments", type=int, default=50_000)
    parser.add_argument("--send-sample", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with_benchmark_database(
        lambda: _run(args.appointments, args.send_sample, args.seed)
    )


def _load(count: int, rng: random.Random) -> None:
    from django.contrib.auth.hashers import make_password
    from django.db.models import F, Value
    from django.db.models.functions import Concat
    from psycopg.types.range import Range

    from accounts.models import User
    from appointments.models import Appointment, Place
    from appointments.rules import HELSINKI
    from cases.models import Case, JobSearchPeriod, Jobseeker
    from organisations.models import Organisation

    municipalities = list(Organisation.objects.filter(kind="municipality")[:20])
    load_jobseekers(count, municipalities, rng)
    # Most have a mobile number and an e-mail address, some only one of them.
    Jobseeker.objects.update(
        email=Concat(F("last_name"), Value("@example.invalid")), phone="040 0000000"
    )
    people = list(Jobseeker.objects.values_list("id", "organisation_id"))
    periods = JobSearchPeriod.objects.bulk_create(
        [
            JobSearchPeriod(
                jobseeker_id=j, organisation_id=o, started_on=dt.date(2026, 6, 1)
            )
            for j, o in people
        ],
        batch_size=5000,
    )
    cases = Case.objects.bulk_create(
        [
            Case(
                jobseeker_id=p.jobseeker_id,
                job_search_period=p,
                organisation_id=p.organisation_id,
                status="active",
                opened_on=p.started_on,
            )
            for p in periods
        ],
        batch_size=5000,
    )
    places = {
        m.pk: Place.objects.create(
            organisation=m,
            name="Toimipiste",
            channel="face_to_face",
            address="Testikatu 1",
        )
        for m in municipalities
    }
    unusable = make_password(None)
    caseworkers = User.objects.bulk_create(
        [
            User(username=f"bench.caseworker{n:05d}", password=unusable)
            for n in range(count // PER_CASEWORKER + 1)
        ],
        batch_size=5000,
    )
    monday = dt.date(2026, 6, 22)
    rows = []
    for n, case in enumerate(cases):
        caseworker = caseworkers[n // PER_CASEWORKER]
        starts = dt.datetime.combine(
            monday, dt.time(8), tzinfo=HELSINKI
        ) + dt.timedelta(minutes=45 * (n % PER_CASEWORKER))
        rows.append(
            Appointment(
                organisation_id=case.organisation_id,
                caseworker=caseworker,
                jobseeker_id=case.jobseeker_id,
                case=case,
                during=Range(starts, starts + dt.timedelta(minutes=45), "[)"),
                channel="face_to_face",
                place=places[case.organisation_id],
                booked_by=caseworker,
            )
        )
    Appointment.objects.bulk_create(rows, batch_size=5000)


def _gateway() -> tuple[ThreadingHTTPServer, list[int]]:
    received: list[int] = []

    class Handler(BaseHTTPRequestHandler):
        # Headers and body go out in two writes: without TCP_NODELAY each
        # answer waits for the client's delayed ACK (40 ms), the stub's
        # cost, not Polku's.
        disable_nagle_algorithm = True

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", "0")))
            received.append(1)
            self.send_response(202)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"id": "stub"}')

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            """Quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, received


def _run(count: int, send_sample: int, seed: int) -> None:
    import time_machine
    from django.conf import settings

    from appointments import services
    from appointments.rules import HELSINKI
    from messaging import services as outbox
    from messaging import tasks
    from messaging.models import Message

    rng = random.Random(seed)  # noqa: S311 - synthetic data
    start = time.perf_counter()
    _load(count, rng)
    print(f"loaded {count} appointments in {time.perf_counter() - start:.1f} s")

    handed_over: list[int] = []

    def hand_over(*, message_ids: list[int]) -> None:
        # Timed apart: the broker is not part of the preparation.
        handed_over.extend(message_ids)

    outbox.messages_send_soon = hand_over  # type: ignore[assignment]
    now = dt.datetime(2026, 6, 18, 16, 0, tzinfo=HELSINKI)
    with time_machine.travel(now, tick=True):
        start = time.perf_counter()
        queued = services.appointment_reminders_prepare(now=now)
        prepared = time.perf_counter() - start
        print(
            f"prepared {queued} reminder messages for {count} appointments "
            f"in {prepared:.1f} s ({queued / prepared:.0f} messages/s); "
            f"{len(handed_over)} ids handed to the broker"
        )
        start = time.perf_counter()
        again = services.appointment_reminders_prepare(now=now)
        print(f"second run: {again} more in {time.perf_counter() - start:.1f} s")

        server, received = _gateway()
        settings.POLKU_SMS_BACKEND = "http_gateway"
        settings.POLKU_SMS_GATEWAY_URL = f"http://127.0.0.1:{server.server_port}/"
        sample = list(
            Message.objects.filter(channel="sms").values_list("id", flat=True)[
                :send_sample
            ]
        )
        start = time.perf_counter()
        # As the broker hands them over: a batch per task.
        for first in range(0, len(sample), outbox.SEND_BATCH):
            tasks.messages_send_task(sample[first : first + outbox.SEND_BATCH])
        took = time.perf_counter() - start
        server.shutdown()
        print(
            f"sent {len(received)} text messages to the local gateway stub in "
            f"{took:.1f} s ({len(received) / took:.0f} messages/s per worker process)"
        )


if __name__ == "__main__":
    main()
