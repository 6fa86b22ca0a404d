"""The three kinds of import: check rows against the database, then write them.

Each importer first plans the whole file with a few set-based reads (one
query per 5,000 identity codes through the blind index, one for the
municipalities or service types, one for what already exists), so that
every row's outcome is known before anything is written: created, updated,
already present, or a problem. `write` then applies a chunk of planned rows.

New and returning jobseekers are registered through the set form of
`cases.services.jobseeker_register` (`jobseekers_register_bulk`), which
produces exactly its records. Changed details and new benefit facts go
through `jobseeker_update` one row at a time, each in a savepoint, so that
their change history and re-checked triggers stay those of the caseworker
pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases import services as case_services
from cases.models import (
    BenefitType,
    Case,
    JobSearchPeriod,
    Jobseeker,
    ServicePeriod,
    ServiceType,
)
from cases.models.case import CaseStatus
from cases.rules import mask_identity_code
from cases.services import (
    JOBSEEKER_FIELDS,
    ConflictError,
    JobseekerData,
    Refused,
    RegistrationEntry,
    ServiceEntry,
    ServiceRefused,
    jobseekers_register_bulk,
    service_periods_record_bulk,
)
from core import crypto
from organisations.models import Organisation

from . import formats, parsing
from .models import BenefitDayCounter
from .parsing import CounterRow, ImportKind, JobseekerRow, Outcome, Problem, ServiceRow

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Sequence

    from accounts.models import User

# Identity codes per lookup query: well under PostgreSQL's parameter limit.
LOOKUP_CHUNK = 5_000
# Rows per INSERT statement of bulk_create.
INSERT_BATCH = 2_000
# Records beyond this are refused as a whole: split the file.
MAX_ROWS = 200_000


@dataclass
class Planned:
    """A row that passed every check, with what importing it will do."""

    row: Any
    outcome: Outcome
    jobseeker_id: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def line(self) -> int:
        return int(self.row.line)

    @property
    def existing_jobseeker_id(self) -> int:
        assert self.jobseeker_id is not None  # noqa: S101 - set for these rows
        return self.jobseeker_id


@dataclass
class Check:
    """A file checked against the database: the plan and every problem."""

    kind: str
    file_format: str
    encoding: str
    row_count: int
    planned: list[Planned]
    problems: list[Problem]
    importer: Importer | None

    def count(self, outcome: Outcome) -> int:
        return sum(1 for p in self.planned if p.outcome == outcome)

    @property
    def rejected_count(self) -> int:
        return self.row_count - len(self.planned)


def _jobseekers_by_code(
    codes: Iterable[str], fields: Sequence[str]
) -> dict[str, dict[str, Any]]:
    """Jobseekers by (normalised) identity code, found through the blind index."""
    by_index = {crypto.blind_index(code): code for code in set(codes)}
    keys = list(by_index)
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(keys), LOOKUP_CHUNK):
        for values in Jobseeker.objects.filter(
            identity_code_index__in=keys[start : start + LOOKUP_CHUNK]
        ).values("identity_code_index", *fields):
            found[by_index[values["identity_code_index"]]] = values
    return found


def _chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), LOOKUP_CHUNK):
        yield list(ids[start : start + LOOKUP_CHUNK])


def _fi_date(day: dt.date) -> str:
    # Problems are stored language-neutral; the Finnish date form is read
    # the same way in all three of Polku's languages.
    return f"{day.day}.{day.month}.{day.year}"


class Importer:
    """One kind of import for one organisation, on behalf of one user."""

    kind: ClassVar[str]

    def __init__(
        self,
        *,
        organisation: Organisation,
        user: User,
        scope: set[int],
        today: dt.date,
        mapping: dict[str, str],
        batch_id: int | None = None,
    ) -> None:
        self.organisation = organisation
        self.user = user
        self.scope = scope
        self.today = today
        self.mapping = mapping
        self.batch_id = batch_id

    def problem(
        self, row: Any, field_name: str, code: str, /, **params: Any
    ) -> Problem:
        return Problem(
            line=row.line,
            column=self.mapping.get(field_name, field_name),
            code=code,
            params=params,
            record=row.record,
        )

    def refused(self, row: Any, error: Exception) -> Problem:
        """A service refused the row while writing: its message, as worded."""
        if isinstance(error, ConflictError):
            return self.problem(row, "identity_code", "edited_meanwhile")
        messages = error.messages if isinstance(error, ValidationError) else []
        return self.problem(
            row,
            "identity_code",
            parsing.SERVICE_MESSAGE,
            message=" ".join(str(m) for m in messages),
        )

    def jobseeker_problems(
        self, row: Any, found: dict[str, dict[str, Any]]
    ) -> tuple[dict[str, Any] | None, list[Problem]]:
        """The jobseeker a counter or service row names, if this import may touch it."""
        masked = mask_identity_code(row.identity_code)
        jobseeker = found.get(row.identity_code)
        if jobseeker is None:
            return None, [
                self.problem(row, "identity_code", "jobseeker_not_found", masked=masked)
            ]
        if jobseeker["organisation_id"] not in self.scope:
            return None, [
                self.problem(
                    row, "identity_code", "jobseeker_out_of_scope", masked=masked
                )
            ]
        return jobseeker, []

    def plan(self, rows: Sequence[Any]) -> tuple[list[Planned], list[Problem]]:
        raise NotImplementedError

    def write(self, chunk: Sequence[Planned]) -> list[Problem]:
        """Apply planned rows; a problem for each row a service refused."""
        raise NotImplementedError

    def savepoint(self, planned: Planned, action: Any) -> Problem | None:
        """Run one row's service calls; a refusal undoes only that row."""
        try:
            with transaction.atomic():
                action()
        except (ValidationError, ConflictError) as error:
            return self.refused(planned.row, error)
        return None


# --- Jobseekers ------------------------------------------------------------------


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
        found = _jobseekers_by_code(
            (row.identity_code for row in rows), _JOBSEEKER_VALUES
        )
        latest: dict[int, Any] = {}
        for ids in _chunks([values["id"] for values in found.values()]):
            for period in (
                JobSearchPeriod.objects.filter(jobseeker_id__in=ids)
                .order_by("jobseeker_id", "-started_on")
                .distinct("jobseeker_id")
                .values("jobseeker_id", "started_on", "ended_on")
            ):
                latest[period["jobseeker_id"]] = period
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
                date=_fi_date(period["started_on"]),
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


# --- Benefit-day counters --------------------------------------------------------


class CounterImporter(Importer):
    """Natural key: jobseeker, as-of date and benefit. The newest reading of a
    person also becomes their benefit facts, through jobseeker_update (change
    history, timeline event, triggered deadlines, pilot re-evaluation)."""

    kind = ImportKind.BENEFIT_COUNTERS

    def plan(self, rows: Sequence[CounterRow]) -> tuple[list[Planned], list[Problem]]:
        found = _jobseekers_by_code(
            (row.identity_code for row in rows),
            (
                "id",
                "organisation_id",
                "benefit_type",
                "benefit_days_as_of",
                "lms_days_for_unemployment",
            ),
        )
        planned: list[Planned] = []
        problems: list[Problem] = []
        for row in rows:
            jobseeker, row_problems = self.jobseeker_problems(row, found)
            if jobseeker is None:
                problems.extend(row_problems)
                continue
            planned.append(
                Planned(
                    row,
                    Outcome.CREATED,
                    jobseeker["id"],
                    {"organisation_id": jobseeker["organisation_id"]},
                )
            )
        readings: dict[tuple[int, dt.date, str], Any] = {}
        dates = {p.row.as_of for p in planned}
        for ids in _chunks(sorted({p.jobseeker_id for p in planned if p.jobseeker_id})):
            for reading in BenefitDayCounter.objects.filter(
                jobseeker_id__in=ids, as_of__in=dates
            ).values("id", "jobseeker_id", "as_of", "benefit_type", "days"):
                key = (
                    reading["jobseeker_id"],
                    reading["as_of"],
                    reading["benefit_type"],
                )
                readings[key] = reading
        # The newest reading of each person in the file: by date, then line.
        newest: dict[int, Planned] = {}
        for p in planned:
            current = newest.get(p.existing_jobseeker_id)
            if current is None or (p.row.as_of, p.line) > (
                current.row.as_of,
                current.line,
            ):
                newest[p.existing_jobseeker_id] = p
        by_id = {values["id"]: values for values in found.values()}
        for p in planned:
            reading_row: CounterRow = p.row
            jobseeker_id = p.existing_jobseeker_id
            stored = readings.get(
                (jobseeker_id, reading_row.as_of, reading_row.benefit_type)
            )
            if stored is None:
                p.outcome = Outcome.CREATED
            elif stored["days"] == reading_row.days:
                p.outcome = Outcome.UNCHANGED
            else:
                p.outcome = Outcome.UPDATED
                p.extra["reading_id"] = stored["id"]
            if newest[jobseeker_id] is p:
                facts = _facts_after(by_id[jobseeker_id], reading_row)
                if facts:
                    p.extra["facts"] = facts
                    if p.outcome == Outcome.UNCHANGED:
                        p.outcome = Outcome.UPDATED
        return planned, problems

    def write(self, chunk: Sequence[Planned]) -> list[Problem]:
        now = timezone.now()
        BenefitDayCounter.objects.bulk_create(
            [
                BenefitDayCounter(
                    organisation_id=p.extra["organisation_id"],
                    jobseeker_id=p.existing_jobseeker_id,
                    benefit_type=p.row.benefit_type,
                    days=p.row.days,
                    as_of=p.row.as_of,
                    batch_id=self.batch_id,
                )
                for p in chunk
                if p.outcome == Outcome.CREATED
            ],
            batch_size=INSERT_BATCH,
        )
        BenefitDayCounter.objects.bulk_update(
            [
                BenefitDayCounter(
                    pk=p.extra["reading_id"],
                    days=p.row.days,
                    batch_id=self.batch_id,
                    updated_at=now,
                )
                for p in chunk
                if "reading_id" in p.extra
            ],
            ["days", "batch", "updated_at"],
            batch_size=INSERT_BATCH,
        )
        problems = []
        for planned in chunk:
            if "facts" in planned.extra:
                problem = self.savepoint(planned, lambda p=planned: self._facts(p))
                if problem is not None:
                    problems.append(problem)
        return problems

    def _facts(self, planned: Planned) -> None:
        jobseeker = Jobseeker.objects.select_related("home_municipality").get(
            pk=planned.existing_jobseeker_id
        )
        values = {name: getattr(jobseeker, name) for name in JOBSEEKER_FIELDS}
        values.update(planned.extra["facts"])
        case_services.jobseeker_update(
            jobseeker=jobseeker,
            expected_version=jobseeker.version,
            data=JobseekerData(**values),
            actor=self.user,
            home_municipality=jobseeker.home_municipality,
            on=self.today,
        )


def _facts_after(jobseeker: dict[str, Any], row: CounterRow) -> dict[str, Any]:
    """The benefit facts that change when `row` is the person's newest reading.

    A reading older than the facts' own date changes nothing. The labour
    market subsidy counter is the days paid for unemployment (the 300-day
    criteria count whole days, so a part day is not yet a day).
    """
    as_of = jobseeker["benefit_days_as_of"]
    if as_of is not None and row.as_of < as_of:
        return {}
    facts: dict[str, Any] = {
        "benefit_type": row.benefit_type,
        "benefit_days_as_of": row.as_of,
    }
    if row.benefit_type == BenefitType.LABOUR_MARKET_SUBSIDY:
        facts["lms_days_for_unemployment"] = int(row.days)
    return {name: value for name, value in facts.items() if jobseeker[name] != value}


# --- Service events --------------------------------------------------------------


class ServiceImporter(Importer):
    """Natural key: jobseeker, service and start date. A new service starts on
    the person's open case (and ends, when the row has an end date); an open
    one the file says has ended is ended."""

    kind = ImportKind.SERVICE_EVENTS

    def plan(self, rows: Sequence[ServiceRow]) -> tuple[list[Planned], list[Problem]]:
        found = _jobseekers_by_code(
            (row.identity_code for row in rows), ("id", "organisation_id")
        )
        self.service_types = {
            t.code: t
            for t in ServiceType.objects.filter(
                code__in={row.service_type for row in rows}
            )
        }
        ids = sorted({values["id"] for values in found.values()})
        dates = {row.started_on for row in rows}
        existing: dict[tuple[int, str, dt.date], Any] = {}
        open_cases: dict[int, int] = {}
        for chunk in _chunks(ids):
            for period in ServicePeriod.objects.filter(
                case__jobseeker_id__in=chunk, started_on__in=dates
            ).values(
                "id",
                "case__jobseeker_id",
                "service_type__code",
                "started_on",
                "ended_on",
            ):
                key = (
                    period["case__jobseeker_id"],
                    period["service_type__code"],
                    period["started_on"],
                )
                existing[key] = period
            # cases.services.jobseeker_open_case, for many people at once.
            for case in (
                Case.objects.filter(jobseeker_id__in=chunk)
                .exclude(status=CaseStatus.CLOSED)
                .order_by("jobseeker_id", "-opened_on")
                .distinct("jobseeker_id")
                .values("id", "jobseeker_id")
            ):
                open_cases[case["jobseeker_id"]] = case["id"]
        planned: list[Planned] = []
        problems: list[Problem] = []
        for row in rows:
            jobseeker, row_problems = self.jobseeker_problems(row, found)
            if row.service_type not in self.service_types:
                row_problems.append(
                    self.problem(
                        row,
                        "service_type",
                        "unknown_service_type",
                        value=row.service_type,
                    )
                )
            if jobseeker is None or row_problems:
                problems.extend(row_problems)
                continue
            result = self._plan_row(row, jobseeker["id"], existing, open_cases)
            if isinstance(result, Problem):
                problems.append(result)
            else:
                result.extra["organisation_id"] = jobseeker["organisation_id"]
                planned.append(result)
        return planned, problems

    def _plan_row(
        self,
        row: ServiceRow,
        jobseeker_id: int,
        existing: dict[tuple[int, str, dt.date], dict[str, Any]],
        open_cases: dict[int, int],
    ) -> Planned | Problem:
        period = existing.get((jobseeker_id, row.service_type, row.started_on))
        if period is not None:
            if row.ended_on is None or period["ended_on"] == row.ended_on:
                return Planned(row, Outcome.UNCHANGED, jobseeker_id)
            if period["ended_on"] is None:
                return Planned(
                    row, Outcome.UPDATED, jobseeker_id, {"period_id": period["id"]}
                )
            return self.problem(
                row,
                "ended_on",
                "service_ended_otherwise",
                date=_fi_date(period["ended_on"]),
            )
        case_id = open_cases.get(jobseeker_id)
        if case_id is None:
            return self.problem(row, "identity_code", "no_open_case")
        return Planned(row, Outcome.CREATED, jobseeker_id, {"case_id": case_id})

    def write(self, chunk: Sequence[Planned]) -> list[Problem]:
        # The set form of service_start and service_end, in file order.
        rows = [p for p in chunk if p.outcome != Outcome.UNCHANGED]
        outcomes = service_periods_record_bulk(
            entries=[
                ServiceEntry(
                    service_type=self.service_types[p.row.service_type],
                    started_on=p.row.started_on,
                    ended_on=p.row.ended_on,
                    provider=p.row.provider,
                    case_id=p.extra.get("case_id"),
                    period_id=p.extra.get("period_id"),
                )
                for p in rows
            ],
            actor=self.user,
        )
        return [
            self.problem(
                planned.row,
                "identity_code",
                parsing.SERVICE_MESSAGE,
                message=outcome.message,
            )
            for planned, outcome in zip(rows, outcomes, strict=True)
            if isinstance(outcome, ServiceRefused)
        ]


IMPORTERS: dict[str, type[Importer]] = {
    ImportKind.JOBSEEKERS: JobseekerImporter,
    ImportKind.BENEFIT_COUNTERS: CounterImporter,
    ImportKind.SERVICE_EVENTS: ServiceImporter,
}


def check_file(
    *,
    kind: str,
    file_name: str,
    data: bytes,
    organisation: Organisation,
    user: User,
    scope: set[int],
    today: dt.date,
    batch_id: int | None = None,
    limit: int | None = None,
) -> Check:
    """Read, validate and plan a file (reads only). `limit` checks only the
    first records, for showing them."""
    try:
        table = formats.read_table(file_name, data, limit=limit)
    except formats.FileFormatError as error:
        return Check(
            kind=kind,
            file_format=formats.detect_format(file_name, data),
            encoding="",
            row_count=0,
            planned=[],
            problems=[
                Problem(
                    line=error.line, column="", code=error.code, params=error.params
                )
            ],
            importer=None,
        )
    check = Check(
        kind=kind,
        file_format=table.format,
        encoding=table.encoding,
        row_count=len(table.records),
        planned=[],
        problems=[],
        importer=None,
    )
    if len(table.records) > MAX_ROWS:
        check.problems.append(
            Problem(
                line=None, column="", code="too_many_rows", params={"max": MAX_ROWS}
            )
        )
        return check
    parsed = parsing.parse_records(
        table.records,
        table.headers,
        kind=kind,
        context=parsing.Context(
            allow_temporary=settings.POLKU_ALLOW_TEMPORARY_IDENTITY_CODES, today=today
        ),
    )
    check.problems = parsed.problems
    if not parsed.rows:
        return check
    importer = IMPORTERS[kind](
        organisation=organisation,
        user=user,
        scope=scope,
        today=today,
        mapping=parsed.mapping,
        batch_id=batch_id,
    )
    planned, problems = importer.plan(parsed.rows)
    planned.sort(key=lambda p: p.line)
    check.planned = planned
    check.problems.extend(problems)
    check.problems.sort(key=lambda p: (p.line or 0, p.record or 0))
    check.importer = importer
    return check
