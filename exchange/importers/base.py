"""What every importer shares: a planned row, the set-based jobseeker lookup,
and the base class whose `plan` and `write` each kind fills in."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import connection, transaction

from cases.models import Jobseeker
from cases.rules import mask_identity_code
from cases.services import ConflictError
from core import crypto
from exchange import parsing
from exchange.parsing import Outcome, Problem

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Sequence

    from accounts.models import User
    from organisations.models import Organisation


# Identity codes per lookup query: well under PostgreSQL's parameter limit.
LOOKUP_CHUNK = 5_000
# Rows per INSERT statement of bulk_create.
INSERT_BATCH = 2_000


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


def jobseekers_by_code(
    codes: Iterable[str], fields: Sequence[str]
) -> dict[str, dict[str, Any]]:
    """Jobseekers by (normalised) identity code, found through the blind index."""
    return jobseekers_by_index(
        {code: crypto.blind_index(code) for code in set(codes)}, fields
    )


def jobseekers_by_index(
    indexes: dict[str, str], fields: Sequence[str]
) -> dict[str, dict[str, Any]]:
    """Jobseekers by identity code, given each code's blind index (a caller
    that needs the indexes itself computes them once).

    One statement for the whole file: the indexes travel as one array that
    the unique blind index is probed with (`= ANY`). An `__in` list of
    5,000 parameters a query cost more in Django's and psycopg's handling of
    the parameters than in PostgreSQL (docs/performance.md, imports).
    """
    by_index = {index: code for code, index in indexes.items()}
    if not by_index:
        return {}
    meta = Jobseeker._meta
    quote = connection.ops.quote_name
    column_of = {field.attname: field.column for field in meta.concrete_fields}
    columns = ", ".join(quote(column_of[name]) for name in fields)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT identity_code_index, {columns} FROM {quote(meta.db_table)} "  # noqa: S608 - names from model metadata
            "WHERE identity_code_index = ANY(%s)",
            [list(by_index)],
        )
        return {
            by_index[index]: dict(zip(fields, values, strict=True))
            for index, *values in cursor.fetchall()
        }


def id_chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), LOOKUP_CHUNK):
        yield list(ids[start : start + LOOKUP_CHUNK])


def fi_date(day: dt.date) -> str:
    # Problems are stored language-neutral; the Finnish date form is read
    # the same way in all three of Polku's languages.
    return f"{day.day}.{day.month}.{day.year}"


class Importer:
    """One kind of import for one organisation, on behalf of one user."""

    kind: ClassVar[str]
    # Records beyond this are refused as a whole: split the file.
    max_rows: ClassVar[int] = 200_000
    # The preview keeps the checked rows for the run, which plans and writes
    # them without reading the file again (InvoiceImporter); other kinds
    # check the file again in the run.
    runs_from_staged_lines: ClassVar[bool] = False

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
