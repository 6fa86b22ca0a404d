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

from typing import TYPE_CHECKING, Any

from core import crypto
from exchange.models import MunicipalShareInvoice, MunicipalShareInvoiceLine
from exchange.parsing import SENDERS, ImportKind, InvoiceRow, Outcome, Problem
from organisations.models import Organisation

from .base import INSERT_BATCH, Importer, Planned, jobseekers_by_index

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

# The fields a re-import compares, beside the matched person.
_COMPARED = ("period_end", "paid_days", "cumulative_days", "share_cents", "persons")


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
        found = jobseekers_by_index(
            indexes, ("id", "organisation_id", "identity_code_encrypted")
        )
        existing = self._stored_lines([i.pk for i in stored.values()])
        first_of: dict[str, InvoiceRow] = {}
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
            if problem := self._invoice_differs(row, municipality, first_of, stored):
                problems.append(problem)
                continue
            index = indexes[row.identity_code] if row.identity_code else ""
            person = found.get(row.identity_code) if row.identity_code else None
            jobseeker_id = (
                person["id"]
                if person is not None and person["organisation_id"] in self.scope
                else None
            )
            invoice = stored.get(row.invoice_number)
            line = (
                existing.get((invoice.pk, index, row.benefit_type, row.period_start))
                if invoice is not None
                else None
            )
            extra: dict[str, Any] = {"municipality_id": municipality.pk, "index": index}
            if person is not None:
                # The jobseeker's own token encrypts the same code: encrypting
                # it again per line was most of an invoice import's time
                # (docs/performance.md).
                extra["token"] = bytes(person["identity_code_encrypted"])
            if line is None:
                outcome = Outcome.CREATED
            elif all(line[name] == getattr(row, name) for name in _COMPARED) and line[
                "jobseeker_id"
            ] == (jobseeker_id or line["jobseeker_id"]):
                outcome = Outcome.UNCHANGED
            else:
                outcome = Outcome.UPDATED
                extra["line_id"] = line["id"]
                # A person matched once stays matched.
                jobseeker_id = jobseeker_id or line["jobseeker_id"]
            planned.append(Planned(row, outcome, jobseeker_id, extra))
        return planned, problems

    def _stored_lines(self, invoice_ids: list[int]) -> dict[tuple[Any, ...], Any]:
        if not invoice_ids:
            return {}
        return {
            (
                line["invoice_id"],
                line["identity_code_index"],
                line["benefit_type"],
                line["period_start"],
            ): line
            for line in MunicipalShareInvoiceLine.objects.filter(
                invoice_id__in=invoice_ids
            ).values(
                "id",
                "invoice_id",
                "identity_code_index",
                "benefit_type",
                "period_start",
                "jobseeker_id",
                *_COMPARED,
            )
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

    def _token(self, planned: Planned) -> bytes:
        """The line's encrypted identity code: the matched jobseeker's, else
        one encryption per person and import."""
        code = planned.row.identity_code
        if not code:
            return b""
        token: bytes | None = planned.extra.get("token") or self._tokens.get(code)
        if token is None:
            token = self._tokens[code] = crypto.encrypt(code)
        return token

    def write(self, chunk: Sequence[Planned]) -> list[Problem]:
        invoices = self._invoices(chunk)
        MunicipalShareInvoiceLine.objects.bulk_create(
            [
                MunicipalShareInvoiceLine(
                    invoice_id=invoices[p.row.invoice_number],
                    identity_code_encrypted=self._token(p),
                    identity_code_index=p.extra["index"],
                    jobseeker_id=p.jobseeker_id,
                    benefit_type=p.row.benefit_type,
                    period_start=p.row.period_start,
                    line=p.line,
                    batch_id=self.batch_id,
                    **{name: getattr(p.row, name) for name in _COMPARED},
                )
                for p in chunk
                if p.outcome == Outcome.CREATED
            ],
            batch_size=INSERT_BATCH,
        )
        MunicipalShareInvoiceLine.objects.bulk_update(
            [
                MunicipalShareInvoiceLine(
                    pk=p.extra["line_id"],
                    jobseeker_id=p.jobseeker_id,
                    line=p.line,
                    batch_id=self.batch_id,
                    **{name: getattr(p.row, name) for name in _COMPARED},
                )
                for p in chunk
                if "line_id" in p.extra
            ],
            ["jobseeker", "line", "batch", *_COMPARED],
            batch_size=INSERT_BATCH,
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
