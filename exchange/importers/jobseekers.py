"""Importing jobseekers: registering new and returning ones in sets, updating
changed details one row at a time."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import connection

from cases import services as case_services
from cases.models import JobSearchPeriod, Jobseeker
from cases.services import (
    JOBSEEKER_FIELDS,
    JobseekerData,
    Refused,
    RegistrationEntry,
    jobseekers_register_bulk,
)
from exchange import parsing
from exchange.parsing import ImportKind, JobseekerRow, Outcome, Problem
from organisations.models import Organisation

from .base import Importer, Planned, fi_date, jobseekers_by_code

if TYPE_CHECKING:
    from collections.abc import Sequence


_JOBSEEKER_VALUES = (
    "id",
    "organisation_id",
    "first_names",
    "last_name",
    "mother_tongue",
    "other_language",
    "benefit_type",
    "email",
    "phone",
    *parsing.FACT_FIELDS,
)


def _row_details(row: JobseekerRow) -> dict[str, Any]:
    """The jobseeker fields the row sets; a field the file leaves empty stays."""
    values: dict[str, Any] = {
        "first_names": row.first_names,
        "last_name": row.last_name,
    }
    if row.mother_tongue is not None:
        values["mother_tongue"] = row.mother_tongue
        values["other_language"] = row.other_language
    for name in ("benefit_type", "email", "phone"):
        if getattr(row, name) is not None:
            values[name] = getattr(row, name)
    values.update(row.facts)
    return values


def _data_for(jobseeker: Jobseeker | None, row: JobseekerRow) -> JobseekerData:
    values = (
        {name: getattr(jobseeker, name) for name in JOBSEEKER_FIELDS}
        if jobseeker is not None
        else {}
    )
    values.update(_row_details(row))
    return JobseekerData(**values)


def _latest_job_searches(ids: list[int]) -> dict[int, dict[str, Any]]:
    """Each person's latest job search, in one statement (ids as one array,
    as jobseekers_by_index)."""
    if not ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT ON (jobseeker_id) jobseeker_id, started_on, ended_on "  # noqa: S608 - table name from model metadata
            f"FROM {JobSearchPeriod._meta.db_table} WHERE jobseeker_id = ANY(%s) "
            "ORDER BY jobseeker_id, started_on DESC",
            [ids],
        )
        return {
            row[0]: {"jobseeker_id": row[0], "started_on": row[1], "ended_on": row[2]}
            for row in cursor.fetchall()
        }


class JobseekerImporter(Importer):
    """Natural key: the identity code. A person already registered on the
    row's date is "already present" (or updated when the details differ); a
    returning person whose last job search has ended gets a new one."""

    kind = ImportKind.JOBSEEKERS

    def plan(self, rows: Sequence[JobseekerRow]) -> tuple[list[Planned], list[Problem]]:
        municipalities = {
            o.municipality_code: o
            for o in Organisation.objects.filter(
                kind=Organisation.Kind.MUNICIPALITY,
                municipality_code__in={row.municipality_code for row in rows},
            )
        }
        self.municipalities = {o.pk: o for o in municipalities.values()}
        found = jobseekers_by_code(
            (row.identity_code for row in rows), _JOBSEEKER_VALUES
        )
        latest = _latest_job_searches([values["id"] for values in found.values()])
        planned: list[Planned] = []
        problems: list[Problem] = []
        for row in rows:
            municipality = municipalities.get(row.municipality_code)
            if municipality is None:
                problems.append(
                    self.problem(
                        row,
                        "municipality_code",
                        "unknown_municipality",
                        value=row.municipality_code,
                    )
                )
                continue
            if municipality.pk not in self.scope:
                problems.append(
                    self.problem(
                        row,
                        "municipality_code",
                        "municipality_out_of_scope",
                        name=municipality.name,
                    )
                )
                continue
            existing = found.get(row.identity_code)
            if existing is None:
                planned.append(
                    Planned(
                        row,
                        Outcome.CREATED,
                        extra={"action": "create", "municipality_id": municipality.pk},
                    )
                )
                continue
            result = self._plan_existing(
                row, municipality.pk, existing, latest.get(existing["id"])
            )
            if isinstance(result, Problem):
                problems.append(result)
            else:
                planned.append(result)
        return planned, problems

    def _plan_existing(
        self,
        row: JobseekerRow,
        municipality_id: int,
        existing: dict[str, Any],
        period: dict[str, Any] | None,
    ) -> Planned | Problem:
        # As jobseeker_register: the responsible organisation does not change
        # by registration; moving a client is a transfer.
        if existing["organisation_id"] != municipality_id:
            return self.problem(row, "identity_code", "other_organisation_client")
        jobseeker_id = existing["id"]
        extra: dict[str, Any] = {
            "municipality_id": municipality_id,
            "organisation_id": municipality_id,
        }
        if period is not None and period["started_on"] == row.registered_on:
            changed = {
                name
                for name, value in _row_details(row).items()
                if existing[name] != value
            }
            if not changed:
                return Planned(row, Outcome.UNCHANGED, jobseeker_id, extra)
            return Planned(
                row, Outcome.UPDATED, jobseeker_id, {**extra, "action": "update"}
            )
        if period is not None and (
            period["ended_on"] is None or period["ended_on"] >= row.registered_on
        ):
            return self.problem(
                row,
                "registered_on",
                "job_search_exists",
                date=fi_date(period["started_on"]),
            )
        # A returning jobseeker: a new job search through the full service.
        return Planned(
            row, Outcome.UPDATED, jobseeker_id, {**extra, "action": "register"}
        )

    def write(self, chunk: Sequence[Planned]) -> list[Problem]:
        # New and returning people register together, through the set form
        # of jobseeker_register; changed details go through jobseeker_update.
        registrations = [
            p for p in chunk if p.extra.get("action") in ("create", "register")
        ]
        problems = []
        if registrations:
            returning = Jobseeker.objects.in_bulk(
                [p.existing_jobseeker_id for p in registrations if p.jobseeker_id]
            )
            outcomes = jobseekers_register_bulk(
                entries=[
                    self._registration(p, returning.get(p.jobseeker_id or 0))
                    for p in registrations
                ],
                actor=self.user,
                batch_id=self.batch_id,
            )
            for planned, outcome in zip(registrations, outcomes, strict=True):
                if isinstance(outcome, Refused):
                    problems.append(
                        self.problem(
                            planned.row,
                            "identity_code",
                            parsing.SERVICE_MESSAGE,
                            message=outcome.message,
                        )
                    )
                else:
                    planned.jobseeker_id = outcome.jobseeker_id
        for planned in chunk:
            if planned.extra.get("action") == "update":
                problem = self.savepoint(planned, lambda p=planned: self._update(p))
                if problem is not None:
                    problems.append(problem)
        return problems

    def _registration(
        self, planned: Planned, jobseeker: Jobseeker | None
    ) -> RegistrationEntry:
        row: JobseekerRow = planned.row
        return RegistrationEntry(
            organisation_id=planned.extra["municipality_id"],
            identity_code=row.identity_code,
            data=_data_for(jobseeker, row),
            registered_on=row.registered_on,
            status_at_start=row.status_at_start,
        )

    def _update(self, planned: Planned) -> None:
        jobseeker = Jobseeker.objects.select_related("home_municipality").get(
            pk=planned.existing_jobseeker_id
        )
        case_services.jobseeker_update(
            jobseeker=jobseeker,
            expected_version=jobseeker.version,
            data=_data_for(jobseeker, planned.row),
            actor=self.user,
            home_municipality=jobseeker.home_municipality,
            on=self.today,
        )
