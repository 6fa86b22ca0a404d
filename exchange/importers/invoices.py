"""Importing municipal-share invoices: the invoices and their lines, each
person matched through the identity code's blind index.

Natural key of a line: sender, invoice number, person (blind index; none on
a totals line), benefit and period start. The same file twice adds nothing;
a corrected amount updates the line. A person Polku does not know, or who
is a client of an organisation the import is not for, is not a problem: the
line is kept unmatched (it is still the municipality's money) and counted,
and matched when the person is registered later.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from cases.models import Jobseeker
from core import crypto
from exchange.models import MunicipalShareInvoice, MunicipalShareInvoiceLine
from exchange.parsing import SENDERS, ImportKind, InvoiceRow, Outcome, Problem
from organisations.models import Organisation

from .base import Importer, Planned, jobseekers_by_index, staged

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

# The fields a re-import compares, beside the matched person.
_COMPARED = ("period_end", "paid_days", "cumulative_days", "share_cents", "persons")
_LINES = MunicipalShareInvoiceLine._meta.db_table
_JOBSEEKERS = Jobseeker._meta.db_table


class _StoredLine(NamedTuple):
    id: int
    jobseeker_id: int | None
    same: bool  # the compared fields are equal


class InvoiceImporter(Importer):
    """One sender's invoice file (the kind names the sender)."""

    kind = ImportKind.INVOICES_KELA
    # A month's lines of a large municipality or area in one file: 1,000,000
    # jobseekers give about 250,000 lines a month (issue 23).
    max_rows = 400_000

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._tokens: dict[str, bytes] = {}

    @property
    def sender(self) -> str:
        return SENDERS[self.kind].code

    def plan(self, rows: Sequence[InvoiceRow]) -> tuple[list[Planned], list[Problem]]:
        municipalities = {
            o.municipality_code: o
            for o in Organisation.objects.filter(
                kind=Organisation.Kind.MUNICIPALITY,
                municipality_code__in={row.municipality_code for row in rows},
            )
        }
        stored = {
            i.number: i
            for i in MunicipalShareInvoice.objects.filter(
                sender=self.sender, number__in={row.invoice_number for row in rows}
            ).select_related("municipality")
        }
        # Each distinct code hashed once (a person may have several lines).
        indexes = {
            code: crypto.blind_index(code)
            for code in {row.identity_code for row in rows if row.identity_code}
        }
        found = jobseekers_by_index(indexes, ("id", "organisation_id"))
        first_of: dict[str, InvoiceRow] = {}
        candidates: list[tuple[InvoiceRow, int]] = []
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
            elif municipality.pk not in self.scope:
                problems.append(
                    self.problem(
                        row,
                        "municipality_code",
                        "municipality_out_of_scope",
                        name=municipality.name,
                    )
                )
            elif problem := self._invoice_differs(row, municipality, first_of, stored):
                problems.append(problem)
            else:
                candidates.append((row, municipality.pk))
        existing = self._stored_lines(candidates, stored, indexes)
        planned: list[Planned] = []
        for row, municipality_id in candidates:
            index = indexes[row.identity_code] if row.identity_code else ""
            person = found.get(row.identity_code) if row.identity_code else None
            jobseeker_id = (
                person["id"]
                if person is not None and person["organisation_id"] in self.scope
                else None
            )
            # A person Polku knows (in any organisation) lends the line the
            # token of their own record, joined in when the line is written.
            extra: dict[str, Any] = {
                "municipality_id": municipality_id,
                "index": index,
                "known": person is not None,
            }
            line = existing.get(row.line)
            if line is None:
                outcome = Outcome.CREATED
            elif line.same and line.jobseeker_id == (jobseeker_id or line.jobseeker_id):
                outcome = Outcome.UNCHANGED
            else:
                outcome = Outcome.UPDATED
                # A person matched once stays matched.
                jobseeker_id = jobseeker_id or line.jobseeker_id
            planned.append(Planned(row, outcome, jobseeker_id, extra))
        return planned, problems

    def _stored_lines(
        self,
        candidates: list[tuple[InvoiceRow, int]],
        stored: dict[str, MunicipalShareInvoice],
        indexes: dict[str, str],
    ) -> dict[int, _StoredLine]:
        """By line of the file, the stored line with the same key (invoice,
        person, benefit, period start) and whether its values are the same:
        the file's lines of invoices imported before, staged and joined to
        the stored lines by the unique key's index."""
        lines = [
            (
                row.line,
                stored[row.invoice_number].pk,
                indexes[row.identity_code] if row.identity_code else "",
                row.benefit_type,
                row.period_start,
                *(getattr(row, name) for name in _COMPARED),
            )
            for row, _municipality in candidates
            if row.invoice_number in stored
        ]
        if not lines:
            return {}
        compared = ", ".join(_COMPARED)
        with staged(
            "exchange_invoice_key",
            "line integer, invoice_id bigint, identity_code_index text, "
            "benefit_type text, period_start date, period_end date, "
            "paid_days numeric, cumulative_days integer, share_cents bigint, "
            "persons integer",
            lines,
        ) as cursor:
            cursor.execute(
                f"SELECT s.line, l.id, l.jobseeker_id, "  # noqa: S608 - names from model metadata
                f"(l.{compared.replace(', ', ', l.')}) IS NOT DISTINCT FROM "
                f"(s.{compared.replace(', ', ', s.')}) "
                f"FROM exchange_invoice_key s JOIN {_LINES} l "
                "ON l.invoice_id = s.invoice_id "
                "AND l.identity_code_index = s.identity_code_index "
                "AND l.benefit_type = s.benefit_type "
                "AND l.period_start = s.period_start"
            )
            return {
                line: _StoredLine(line_id, jobseeker_id, same)
                for line, line_id, jobseeker_id, same in cursor.fetchall()
            }

    def _invoice_differs(
        self,
        row: InvoiceRow,
        municipality: Organisation,
        first_of: dict[str, InvoiceRow],
        stored: dict[str, MunicipalShareInvoice],
    ) -> Problem | None:
        """One invoice is one municipality and month, in the file and in
        what was imported before."""
        invoice = stored.get(row.invoice_number)
        first = first_of.setdefault(row.invoice_number, row)
        if invoice is not None and (
            invoice.municipality_id != municipality.pk or invoice.month != row.month
        ):
            return self._differs(row, invoice.municipality.name, invoice.month, "–")
        if (first.municipality_code, first.month) != (
            row.municipality_code,
            row.month,
        ):
            return self._differs(row, first.municipality_code, first.month, first.line)
        return None

    def _differs(
        self, row: InvoiceRow, municipality: str, month: dt.date, line: object
    ) -> Problem:
        return self.problem(
            row,
            "invoice_number",
            "invoice_differs",
            number=row.invoice_number,
            municipality=municipality,
            month=f"{month.month}/{month.year}",
            line=str(line),
        )

    def _token(self, planned: Planned) -> bytes | None:
        """The line's encrypted identity code when it is not a known
        person's (theirs is joined in): one encryption per person and import."""
        code = planned.row.identity_code
        if not code or planned.extra["known"]:
            return None
        token = self._tokens.get(code)
        if token is None:
            token = self._tokens[code] = crypto.encrypt(code)
        return token

    def write(self, chunk: Sequence[Planned]) -> list[Problem]:
        """The chunk's new and changed lines in one statement: staged with
        COPY, then inserted, a line already there (the same key) updated."""
        invoices = self._invoices(chunk)
        changed = [p for p in chunk if p.outcome != Outcome.UNCHANGED]
        if not changed:
            return []
        compared = ", ".join(_COMPARED)
        with staged(
            "exchange_invoice_line_new",
            "line integer, invoice_id bigint, identity_code_index text, "
            "token bytea, jobseeker_id bigint, benefit_type text, "
            "period_start date, period_end date, paid_days numeric, "
            "cumulative_days integer, share_cents bigint, persons integer",
            (
                (
                    p.line,
                    invoices[p.row.invoice_number],
                    p.extra["index"],
                    self._token(p),
                    p.jobseeker_id,
                    p.row.benefit_type,
                    p.row.period_start,
                    *(getattr(p.row, name) for name in _COMPARED),
                )
                for p in changed
            ),
        ) as cursor:
            # A known person's token is their record's (the same code
            # encrypted once); a totals line has none. A scalar subquery, so
            # that each line probes the unique blind index: as a join the
            # planner hashed the chunk and read every jobseeker for each
            # chunk (EXPLAIN ANALYZE at 360,000 jobseekers: 126 ms a chunk
            # against 53, and the scan grows with the table).
            cursor.execute(
                f"INSERT INTO {_LINES} (invoice_id, identity_code_encrypted, "  # noqa: S608 - names from model metadata
                "identity_code_index, jobseeker_id, benefit_type, period_start, "
                f"{compared}, line, batch_id) "
                "SELECT s.invoice_id, coalesce(s.token, "
                f"(SELECT j.identity_code_encrypted FROM {_JOBSEEKERS} j "
                "WHERE j.identity_code_index = s.identity_code_index "
                "AND s.identity_code_index <> ''), ''::bytea), "
                "s.identity_code_index, s.jobseeker_id, s.benefit_type, "
                f"s.period_start, s.{compared.replace(', ', ', s.')}, s.line, %s "
                "FROM exchange_invoice_line_new s "
                "ORDER BY s.line "
                "ON CONFLICT ON CONSTRAINT invoice_line_unique DO UPDATE SET "
                + ", ".join(
                    f"{name} = excluded.{name}"
                    for name in ("jobseeker_id", "line", "batch_id", *_COMPARED)
                ),
                [self.batch_id],
            )
        return []

    def _invoices(self, chunk: Sequence[Planned]) -> dict[str, int]:
        """The chunk's invoices by number, created where new."""
        wanted = {p.row.invoice_number: p for p in chunk}
        MunicipalShareInvoice.objects.bulk_create(
            [
                MunicipalShareInvoice(
                    sender=self.sender,
                    number=number,
                    municipality_id=p.extra["municipality_id"],
                    month=p.row.month,
                    batch_id=self.batch_id,
                )
                for number, p in wanted.items()
            ],
            ignore_conflicts=True,
        )
        return dict(
            MunicipalShareInvoice.objects.filter(
                sender=self.sender, number__in=list(wanted)
            ).values_list("number", "id")
        )


class FundInvoiceImporter(InvoiceImporter):
    kind = ImportKind.INVOICES_FUND
