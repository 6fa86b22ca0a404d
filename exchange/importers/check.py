"""Checking a file against the database before anything is written: read,
validate and plan it with the importer of its kind."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings

from exchange import formats, parsing
from exchange.parsing import ImportKind, Outcome, Problem

from .base import Importer
from .counters import CounterImporter
from .invoices import FundInvoiceImporter, InvoiceImporter
from .jobseekers import JobseekerImporter
from .service_events import ServiceImporter

if TYPE_CHECKING:
    import datetime as dt

    from accounts.models import User
    from organisations.models import Organisation

    from .base import Planned

# The default of Importer.max_rows (an importer may allow more).
MAX_ROWS = Importer.max_rows


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
    # The file's column of each field.
    columns: dict[str, str] = field(default_factory=dict)

    def count(self, outcome: Outcome) -> int:
        return sum(1 for p in self.planned if p.outcome == outcome)

    @property
    def rejected_count(self) -> int:
        return self.row_count - len(self.planned)


IMPORTERS: dict[str, type[Importer]] = {
    ImportKind.JOBSEEKERS: JobseekerImporter,
    ImportKind.BENEFIT_COUNTERS: CounterImporter,
    ImportKind.SERVICE_EVENTS: ServiceImporter,
    ImportKind.INVOICES_KELA: InvoiceImporter,
    ImportKind.INVOICES_FUND: FundInvoiceImporter,
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
    limit_rows = IMPORTERS[kind].max_rows
    if len(table.records) > limit_rows:
        check.problems.append(
            Problem(
                line=None, column="", code="too_many_rows", params={"max": limit_rows}
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
    check.columns = parsed.mapping
    # A batch's staged lines are replaced even by none.
    if not parsed.rows and not (
        batch_id is not None and IMPORTERS[kind].runs_from_staged_lines
    ):
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
