"""EXPLAIN of the area-level team lead's worklist, walked as one index or
per organisation (issue 21, docs/performance.md).

    python -m benchmarks.area_worklist [--size 100000] [--seed 1]

Runs on the data set `python -m benchmarks.synthetic --size N --keep` left
in place. Adds, once, an employment area over the six municipalities with
the most open steps and a team lead with a team of eight in it (the
synthetic data has no areas with staff), then asks the worklist's page and
counts statements of that lead as the code builds them, first with the page
walking the (organisation, due_on, id) index as one and the team as a
membership subquery (as before), then per organisation and with the team's
member ids (as now), and prints each plan's cost, rows read, buffers and
execution time. Timings on a loaded machine are indicative only; the costs,
the rows and the buffers are what the change is judged on.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
from typing import TYPE_CHECKING, Any

from benchmarks.data import with_benchmark_database

if TYPE_CHECKING:
    from collections.abc import Iterator

    from accounts.models import User

AREA_NAME = "Suorituskykytestin työllisyysalue"
TEAM_SIZE = 8


def _area_lead() -> User:
    """The area's team lead, created on first use."""
    from django.db.models import Count

    from accounts.models import User
    from cases.models import ProcessStep
    from organisations.models import (
        Membership,
        Organisation,
        OrganisationRelation,
        Team,
    )

    existing = User.objects.filter(username="bench.area.lead").first()
    if existing is not None:
        return existing
    since = dt.date(2020, 1, 1)
    busiest = [
        row["organisation_id"]
        for row in ProcessStep.objects.filter(status="open")
        .values("organisation_id")
        .annotate(n=Count("id"))
        .order_by("-n")[:6]
    ]
    area = Organisation.objects.create(
        kind=Organisation.Kind.EMPLOYMENT_AREA, name=AREA_NAME, valid_from=since
    )
    for municipality_id in busiest:
        OrganisationRelation.objects.create(
            parent=area,
            child_id=municipality_id,
            kind=OrganisationRelation.Kind.MEMBER,
            valid_from=since,
        )
    team = Team.objects.create(organisation=area, name="Alueen tiimi")
    lead = User.objects.create(username="bench.area.lead", last_name="Aluevetäjä")
    Membership.objects.create(
        user=lead,
        organisation=area,
        role=Membership.Role.TEAM_LEAD,
        team=team,
        valid_from=since,
    )
    # Seven caseworkers of the busiest municipality join the area's team.
    for user_id in (
        Membership.objects.filter(organisation_id=busiest[0], role="caseworker")
        .order_by("user_id")
        .values_list("user_id", flat=True)[: TEAM_SIZE - 1]
    ):
        Membership.objects.create(
            user_id=user_id,
            organisation=area,
            role=Membership.Role.CASEWORKER,
            team=team,
            valid_from=since,
        )
    return lead


def _explain(sql: str, params: Any) -> dict[str, Any]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = plan if isinstance(plan, list) else json.loads(plan)
    top = plan[0]["Plan"]
    return {
        "total_cost": top["Total Cost"],
        "execution_ms": round(plan[0]["Execution Time"], 1),
        "shared_buffers": top.get("Shared Hit Blocks", 0)
        + top.get("Shared Read Blocks", 0),
        # Rows that went into a sort: every due step of the area when the
        # page cannot walk an index in order.
        "rows_sorted": sum(_sorted_rows(top)),
    }


def _sorted_rows(node: dict[str, Any]) -> Iterator[int]:
    children = node.get("Plans", [])
    if node["Node Type"] == "Sort":
        yield sum(
            int(child["Actual Rows"] * child.get("Actual Loops", 1))
            for child in children
        )
    for child in children:
        yield from _sorted_rows(child)


def _statement(user: User, scope: str) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from appointments.selectors import booking_state
    from cases import permissions, selectors

    filters = selectors.WorklistFilter(scope=scope, bucket="due")
    # Access first, so that only the worklist's own statement is captured.
    permissions.personal_data_organisation_ids(user)
    selectors.led_team_ids(user)
    with CaptureQueriesContext(connection) as queries:
        selectors.worklist_screen(
            user=user,
            filters=filters,
            today=timezone.localdate(),
            after=None,
            size=50,
            annotations={"booking": booking_state()},
        )
    return _explain(queries.captured_queries[-1]["sql"], None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    def run() -> None:
        from benchmarks import synthetic
        from cases import permissions

        if synthetic.kept(size=args.size, seed=args.seed) is None:
            raise SystemExit("Load the data set first: benchmarks.synthetic --keep")
        lead = _area_lead()
        results: dict[str, Any] = {
            "commit": subprocess.run(
                ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
                capture_output=True,
                text=True,
                check=False,
            ).stdout.strip(),
            "machine": f"{platform.machine()}, {os.cpu_count()} cores",
            "load_average": os.getloadavg(),
            "jobseekers": args.size,
            "municipalities": 6,
            "team_size": TEAM_SIZE,
        }
        for scope in ("organisation", "team"):
            # A fresh user object: the access is memoised on it.
            results[scope] = _statement(type(lead).objects.get(pk=lead.pk), scope)
        results["organisations"] = len(permissions.personal_data_organisation_ids(lead))
        print(json.dumps(results, indent=2))

    with_benchmark_database(run, keep=True, reuse=True)


if __name__ == "__main__":
    main()
