"""Importing municipal-share invoices: the invoices and their lines, each
person matched through the identity code's blind index.

Natural key of a line: sender, invoice number, person (blind index; none on
a totals line), benefit and period start. The same file twice adds nothing;
a corrected amount updates the line. A person Polku does not know, or who
is a client of an organisation the import is not for, is not a problem: the
line is kept unmatched (it is still the municipality's money) and counted,
and matched when the person is registered later.

The file is read once, at the preview (issue 23): its lines that pass the
checks needing no database are staged (`StagedInvoiceLine`, with COPY), and
everything that depends on the database (the municipality and the scope,
the invoice, the person, the stored line) is planned in SQL from them, by
the preview and again by the run, which then writes from the plan. A file of
250,000 lines was read, validated and planned twice before (43 of 73 s at
300,000 lines, docs/performance.md).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from django.db import connection, transaction

from cases.models import Jobseeker
from core import crypto
from exchange.models import (
    MunicipalShareInvoice,
    MunicipalShareInvoiceLine,
    StagedInvoiceLine,
)
from exchange.parsing import SENDERS, ImportKind, InvoiceRow, Outcome, Problem
from organisations.models import Organisation

from .base import Importer, Planned

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Sequence

    from django.db.backends.utils import CursorWrapper

# The fields a re-import compares, beside the matched person.
_COMPARED = ("period_end", "paid_days", "cumulative_days", "share_cents", "persons")
# A staged line's values, in the staging table's column order after batch_id.
_STAGED_COLUMNS = (
    "line",
    "record",
    "invoice_number",
    "municipality_code",
    "month",
    "identity_code_index",
    "identity_code_encrypted",
    "benefit_type",
    "period_start",
    *_COMPARED,
)
_LINES = MunicipalShareInvoiceLine._meta.db_table
_INVOICES = MunicipalShareInvoice._meta.db_table
_JOBSEEKERS = Jobseeker._meta.db_table
_ORGANISATIONS = Organisation._meta.db_table
_STAGED = StagedInvoiceLine._meta.db_table
# A check without a batch (the API's dry run, the first rows shown) stages
# into a temporary table of the same columns instead.
_SCRATCH = "exchange_invoice_scratch"
_PLAN = "exchange_invoice_plan"
# By value: a dictionary lookup, where calling the enum took 1 s for 100,000.
_OUTCOMES = {outcome.value: outcome for outcome in Outcome}


class StagedRow:
    """What the run knows of a planned line without the file.

    A plain class with slots: a NamedTuple cost 0.3 s to build for a file's
    250,000 lines, twice as much as the rest of the plan's rows."""

    __slots__ = ("line", "record")

    def __init__(self, line: int, record: int) -> None:
        self.line = line
        self.record = record


@dataclass
class StagedPlan:
    """The staged lines planned against the database: each importable line's
    outcome, a problem for each line the database refuses, and how many
    lines to write."""

    planned: list[Planned]
    problems: list[Problem]
    writable: int
    # Staged lines lost, or a new line of a person known at the preview whose
    # record is gone (no token to store): the run stages the file again.
    needs_file: bool


@functools.cache
def _staged_types() -> list[str]:
    """The staging table's column types, in COPY's order ("batch_id" and
    _STAGED_COLUMNS), without their modifiers: a binary COPY's value must be
    of its column's type exactly."""
    fields = {f.column: f for f in StagedInvoiceLine._meta.concrete_fields}
    return [
        re.sub(r"\(.*\)", "", fields[name].db_type(connection) or "")
        for name in ("batch_id", *_STAGED_COLUMNS)
    ]


def _staged_of(batch_id: int) -> str:
    # The id is formatted in (an int): the plan's statement takes its source
    # as a FROM item, a temporary table when there is no batch.
    return f"(SELECT * FROM {_STAGED} WHERE batch_id = {int(batch_id)})"  # noqa: S608 - names from model metadata


def _plan_sql(source: str) -> str:
    """The plan of the staged lines in `source` (a FROM item), as a temporary
    table: a problem or an outcome per line, and what writing needs.

    The rules of the Python checks before issue 23, set-based: a
    municipality unknown or out of the import's scope is a problem; so is a
    line whose invoice (sender and number) is stored, or appears earlier in
    the file, with another municipality or month. A person is matched
    through the blind index when their organisation is in scope, and a line
    matched once stays matched; a new line of a known person borrows their
    record's token.

    The two probes a line (the person, the stored line) are most of the
    statement's time, so they come first and may run in parallel workers:
    they read only plain tables, and `OFFSET 0` keeps each a probe of its
    unique index per line without the `LIMIT` that made the whole statement
    serial (PostgreSQL runs no subquery with a LIMIT in a worker). A line
    that turns out to have a problem is probed too, and its matches are
    ignored. The file's first line of each invoice is found once, before.
    """
    compared = ", ".join(_COMPARED)
    return f"""
        CREATE TEMPORARY TABLE {_PLAN} ON COMMIT DROP AS
        WITH firsts AS MATERIALIZED (
            SELECT DISTINCT ON (s.invoice_number) s.invoice_number, s.line,
                   s.municipality_code, s.month
            FROM {source} s
            JOIN {_ORGANISATIONS} m
              ON m.municipality_code = s.municipality_code
             AND m.kind = 'municipality'
             AND m.id = ANY(%(scope)s::bigint[])
            ORDER BY s.invoice_number, s.line
        ), probed AS NOT MATERIALIZED (
            SELECT s.*, m.id AS municipality_id, m.name AS municipality_name,
                   coalesce(m.id = ANY(%(scope)s::bigint[]), FALSE) AS in_scope,
                   i.id AS invoice_id, i.municipality_id AS invoice_municipality_id,
                   im.name AS invoice_municipality, i.month AS invoice_month,
                   l.id AS line_id, l.jobseeker_id AS line_jobseeker_id,
                   (l.{compared.replace(", ", ", l.")})
                     IS NOT DISTINCT FROM
                   (s.{compared.replace(", ", ", s.")}) AS same,
                   CASE WHEN j.organisation_id = ANY(%(scope)s::bigint[])
                        THEN j.id END AS person_id,
                   j.identity_code_encrypted AS person_token
            FROM {source} s
            LEFT JOIN {_ORGANISATIONS} m
              ON m.municipality_code = s.municipality_code
             AND m.kind = 'municipality'
            LEFT JOIN {_INVOICES} i
              ON i.sender = %(sender)s AND i.number = s.invoice_number
            LEFT JOIN {_ORGANISATIONS} im ON im.id = i.municipality_id
            -- Probes of the unique indexes, one a line (OFFSET 0 keeps the
            -- planner from flattening them into joins): as hash joins the
            -- plan read every jobseeker, and every stored line, for each
            -- file, a cost growing with the tables (a million jobseekers,
            -- twelve months of lines).
            LEFT JOIN LATERAL (
                SELECT j.id, j.organisation_id, j.identity_code_encrypted
                FROM {_JOBSEEKERS} j
                WHERE j.identity_code_index = s.identity_code_index
                  AND s.identity_code_index <> ''
                OFFSET 0
            ) j ON TRUE
            LEFT JOIN LATERAL (
                SELECT l.id, l.jobseeker_id, {compared}
                FROM {_LINES} l
                WHERE l.invoice_id = i.id
                  AND l.identity_code_index = s.identity_code_index
                  AND l.benefit_type = s.benefit_type
                  AND l.period_start = s.period_start
                OFFSET 0
            ) l ON TRUE
        ), checked AS NOT MATERIALIZED (
            SELECT p.*, f.line AS first_line, f.municipality_code AS first_code,
                   f.month AS first_month,
                   CASE
                     WHEN p.municipality_id IS NULL THEN 'unknown_municipality'
                     WHEN NOT p.in_scope THEN 'municipality_out_of_scope'
                     WHEN p.invoice_id IS NOT NULL
                          AND (p.invoice_municipality_id, p.invoice_month)
                              <> (p.municipality_id, p.month)
                       THEN 'invoice_stored'
                     WHEN (f.municipality_code, f.month)
                          <> (p.municipality_code, p.month)
                       THEN 'invoice_first'
                   END AS problem
            FROM probed p
            LEFT JOIN firsts f ON f.invoice_number = p.invoice_number
        ), planned AS NOT MATERIALIZED (
            SELECT c.*,
                   CASE
                     WHEN c.problem IS NOT NULL THEN NULL
                     WHEN c.line_id IS NULL THEN 'created'
                     WHEN c.same AND (c.person_id IS NULL
                                      OR c.person_id = c.line_jobseeker_id)
                       THEN 'unchanged'
                     ELSE 'updated'
                   END AS outcome
            FROM checked c
        )
        SELECT p.line, p.record, p.problem, p.outcome, p.invoice_number,
               p.municipality_id, p.municipality_code, p.municipality_name,
               p.month, p.first_line, p.first_code, p.first_month,
               p.invoice_municipality, p.invoice_month,
               p.identity_code_index, p.benefit_type, p.period_start,
               p.{compared.replace(", ", ", p.")},
               CASE WHEN p.problem IS NULL
                    THEN coalesce(p.person_id, p.line_jobseeker_id)
               END AS jobseeker_id,
               CASE WHEN p.problem IS NULL THEN p.line_id END AS line_id,
               CASE WHEN p.outcome = 'created' AND p.identity_code_index <> ''
                    THEN coalesce(p.identity_code_encrypted, p.person_token)
               END AS token
        FROM planned p
    """  # noqa: S608 - names from model metadata, values are parameters


class InvoiceImporter(Importer):
    """One sender's invoice file (the kind names the sender)."""

    kind = ImportKind.INVOICES_KELA
    # A month's lines of a large municipality or area in one file: 1,000,000
    # jobseekers give about 250,000 lines a month (issue 23).
    max_rows = 400_000
    runs_from_staged_lines: ClassVar[bool] = True

    @property
    def sender(self) -> str:
        return SENDERS[self.kind].code

    def plan(self, rows: Sequence[InvoiceRow]) -> tuple[list[Planned], list[Problem]]:
        """Stage the rows (for the batch's run, when there is a batch) and
        plan them against the database."""
        # The scratch and plan tables are dropped on commit and the plan's
        # settings are SET LOCAL: all of it in one transaction, also where a
        # page's preview runs in autocommit (without it the temporary table
        # was gone before the COPY into it).
        with transaction.atomic(), connection.cursor() as cursor:
            source, codes = self._stage(cursor, rows)
            plan = self._plan(cursor, source, {row.line: row for row in rows})
            if self.batch_id is not None:
                self._lend_tokens(cursor, codes)
        return plan.planned, plan.problems

    def _stage(
        self, cursor: CursorWrapper, rows: Sequence[InvoiceRow]
    ) -> tuple[str, dict[str, str]]:
        """COPY the rows into the staging table (replacing the batch's
        earlier ones) or, without a batch, into a temporary table. Returns
        the staged lines as a FROM item, and the identity codes by blind
        index."""
        if self.batch_id is None:
            cursor.execute(f"DROP TABLE IF EXISTS {_SCRATCH}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {_SCRATCH} "
                f"(LIKE {_STAGED} INCLUDING DEFAULTS) ON COMMIT DROP"
            )
            table, source = _SCRATCH, _SCRATCH
        else:
            table, source = _STAGED, _staged_of(self.batch_id)
            cursor.execute(
                f"DELETE FROM {_STAGED} WHERE batch_id = %s",  # noqa: S608 - names from model metadata
                [self.batch_id],
            )
        # Each distinct code hashed once (a person may have several lines).
        indexes = {
            code: crypto.blind_index(code)
            for code in {row.identity_code for row in rows if row.identity_code}
        }
        columns = ", ".join(("batch_id", *_STAGED_COLUMNS))
        # Binary COPY: the values' binary forms, by the staging table's own
        # column types, cost half the CPU of the text forms on both sides
        # (250,000 lines 1.0 -> 0.6 s here, 2.2 -> 1.2 s in all).
        with cursor.cursor.copy(
            f"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)"
        ) as copy:
            copy.set_types(_staged_types())
            for row in rows:
                copy.write_row(
                    (
                        # The scratch table's copy of the column is NOT NULL.
                        self.batch_id or 0,
                        row.line,
                        row.record,
                        row.invoice_number,
                        row.municipality_code,
                        row.month,
                        indexes[row.identity_code] if row.identity_code else "",
                        None,
                        row.benefit_type,
                        row.period_start,
                        # _COMPARED, by name: a generator a row cost 1 s a file.
                        row.period_end,
                        row.paid_days,
                        row.cumulative_days,
                        row.share_cents,
                        row.persons,
                    )
                )
        # Row counts for the planner: a temporary table has no statistics,
        # and a batch's 250,000 lines change the staging table's.
        cursor.execute(f"ANALYZE {table}")
        return source, {index: code for code, index in indexes.items()}

    def _lend_tokens(self, cursor: CursorWrapper, codes: dict[str, str]) -> None:
        """Give the staged new lines of persons no jobseeker is a token, one
        encryption per code: a known person's line takes their record's at
        the run, and a line already stored keeps its own."""
        cursor.execute(
            f"SELECT DISTINCT identity_code_index FROM {_PLAN} "  # noqa: S608 - names from model metadata
            "WHERE outcome = 'created' AND identity_code_index <> '' "
            "AND token IS NULL"
        )
        indexes = [index for (index,) in cursor.fetchall()]
        cursor.execute(
            f"UPDATE {_STAGED} s SET identity_code_encrypted = t.token "  # noqa: S608 - names from model metadata
            "FROM unnest(%s::text[], %s::bytea[]) AS t(index, token) "
            "WHERE s.batch_id = %s AND s.identity_code_index = t.index",
            [indexes, [crypto.encrypt(codes[i]) for i in indexes], self.batch_id],
        )
        cursor.execute(f"DROP TABLE {_PLAN}")

    def _plan(
        self,
        cursor: CursorWrapper,
        source: str,
        rows_by_line: dict[int, InvoiceRow] | None = None,
    ) -> StagedPlan:
        """Plan the staged lines; each planned line's row is the file's
        (`rows_by_line`, at the preview) or the staged line's numbers."""
        cursor.execute(f"DROP TABLE IF EXISTS {_PLAN}")
        # The plan hashes and sorts a whole file's lines: in memory rather
        # than in temporary files (at the default 4 MB, 250,000 lines spilled
        # to disk), and without JIT compilation (0.2 s of a 2 s statement).
        # For the rest of the import's transaction only.
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(
            _plan_sql(source), {"scope": sorted(self.scope), "sender": self.sender}
        )
        cursor.execute(
            f"SELECT line, record, outcome, jobseeker_id FROM {_PLAN} "  # noqa: S608 - names from model metadata
            "WHERE outcome IS NOT NULL ORDER BY line"
        )
        outcomes = _OUTCOMES
        planned = (
            [
                Planned(rows_by_line[line], outcomes[outcome], jobseeker_id)
                for line, _record, outcome, jobseeker_id in cursor.fetchall()
            ]
            if rows_by_line is not None
            else [
                Planned(StagedRow(line, record), outcomes[outcome], jobseeker_id)
                for line, record, outcome, jobseeker_id in cursor.fetchall()
            ]
        )
        cursor.execute(
            f"SELECT EXISTS (SELECT FROM {_PLAN} WHERE outcome = 'created' "  # noqa: S608 - names from model metadata
            "AND identity_code_index <> '' AND token IS NULL)"
        )
        (needs_file,) = cursor.fetchone()
        cursor.execute(
            f"SELECT line, record, problem, invoice_number, municipality_code, "  # noqa: S608 - names from model metadata
            "municipality_name, first_line, first_code, first_month, "
            "invoice_municipality, invoice_month "
            f"FROM {_PLAN} WHERE problem IS NOT NULL ORDER BY line"
        )
        problems = [self._problem(StagedRow(*r[:2]), *r[2:]) for r in cursor]
        return StagedPlan(
            planned=planned,
            problems=problems,
            writable=sum(1 for p in planned if p.outcome != Outcome.UNCHANGED),
            needs_file=needs_file,
        )

    def _problem(
        self,
        row: StagedRow,
        code: str,
        number: str,
        municipality_code: str,
        municipality_name: str | None,
        first_line: int,
        first_code: str,
        first_month: dt.date,
        invoice_municipality: str,
        invoice_month: dt.date,
    ) -> Problem:
        if code == "unknown_municipality":
            return self.problem(row, "municipality_code", code, value=municipality_code)
        if code == "municipality_out_of_scope":
            return self.problem(row, "municipality_code", code, name=municipality_name)
        # One invoice is one municipality and month, in the file and in what
        # was imported before.
        municipality, month, line = (
            (invoice_municipality, invoice_month, "–")
            if code == "invoice_stored"
            else (first_code, first_month, str(first_line))
        )
        return self.problem(
            row,
            "invoice_number",
            "invoice_differs",
            number=number,
            municipality=municipality,
            month=f"{month.month}/{month.year}",
            line=line,
        )

    def replan(self) -> StagedPlan:
        """Plan the batch's staged lines again, against the database as it is
        at the run, and index the plan for writing it chunk by chunk."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT EXISTS (SELECT FROM {_STAGED} WHERE batch_id = %s)",  # noqa: S608 - names from model metadata
                [self.batch_id],
            )
            (exists,) = cursor.fetchone()
            plan = self._plan(cursor, _staged_of(self.batch_id or 0))
            plan.needs_file = plan.needs_file or not exists
            cursor.execute(f"CREATE INDEX ON {_PLAN} (line)")
        return plan

    def write_plan(
        self, plan: StagedPlan, chunk_size: int, progress: Callable[[int], None]
    ) -> None:
        """Write the planned new and changed lines, `chunk_size` a statement,
        reporting the lines written; then forget the staged lines."""
        compared = ", ".join(_COMPARED)
        with connection.cursor() as cursor:
            # The file's invoices first, a new one with its first line's
            # municipality and month (the plan refused lines that differ).
            cursor.execute(
                f"INSERT INTO {_INVOICES} (created_at, updated_at, sender, number, "  # noqa: S608 - names from model metadata
                "municipality_id, month, batch_id) "
                "SELECT DISTINCT ON (invoice_number) now(), now(), %s, "
                "invoice_number, municipality_id, month, %s "
                f"FROM {_PLAN} WHERE outcome IS NOT NULL "
                "ORDER BY invoice_number, line "
                "ON CONFLICT ON CONSTRAINT invoice_number_unique DO NOTHING",
                [self.sender, self.batch_id],
            )
            # New lines by plain INSERTs and changed ones by UPDATEs of the
            # stored line the plan found, `chunk_size` lines a statement (as
            # line ranges). The plan was made under the kind's lock, so it
            # knows which lines are new: no ON CONFLICT, whose speculative
            # insertion made each new line's insert slower (the lines'
            # unique index is probed anyway). Were the plan ever wrong, the
            # unique constraint fails the whole import, visibly.
            created = [p.line for p in plan.planned if p.outcome == Outcome.CREATED]
            updated = [p.line for p in plan.planned if p.outcome == Outcome.UPDATED]
            insert = (
                f"INSERT INTO {_LINES} (invoice_id, identity_code_encrypted, "  # noqa: S608 - names from model metadata
                "identity_code_index, jobseeker_id, benefit_type, period_start, "
                f"{compared}, line, batch_id) "
                "SELECT i.id, coalesce(p.token, ''::bytea), "
                "p.identity_code_index, p.jobseeker_id, p.benefit_type, "
                f"p.period_start, p.{compared.replace(', ', ', p.')}, p.line, %s "
                f"FROM {_PLAN} p JOIN {_INVOICES} i "
                "ON i.sender = %s AND i.number = p.invoice_number "
                "WHERE p.line BETWEEN %s AND %s "
                "AND p.outcome = 'created' ORDER BY p.line"
            )
            update = (
                f"UPDATE {_LINES} l SET "  # noqa: S608 - names from model metadata
                + ", ".join(
                    f"{name} = p.{name}"
                    for name in ("jobseeker_id", "line", *_COMPARED)
                )
                + f", batch_id = %s FROM {_PLAN} p WHERE l.id = p.line_id "
                "AND p.line BETWEEN %s AND %s AND p.outcome = 'updated'"
            )
            written = 0
            for lines, statement, sender in (
                (created, insert, [self.sender]),
                (updated, update, []),
            ):
                for start in range(0, len(lines), chunk_size):
                    chunk = lines[start : start + chunk_size]
                    cursor.execute(
                        statement, [self.batch_id, *sender, chunk[0], chunk[-1]]
                    )
                    written += len(chunk)
                    progress(written)
            cursor.execute(f"DROP TABLE {_PLAN}")
            cursor.execute(
                f"DELETE FROM {_STAGED} WHERE batch_id = %s",  # noqa: S608 - names from model metadata
                [self.batch_id],
            )


class FundInvoiceImporter(InvoiceImporter):
    kind = ImportKind.INVOICES_FUND
