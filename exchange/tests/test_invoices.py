"""Importing municipal-share invoices: lines matched by the blind index,
unmatched persons kept, bad lines reported by line, a second run adds nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from exchange import parsing, selectors
from exchange.models import (
    ImportBatch,
    MunicipalShareInvoice,
    MunicipalShareInvoiceLine,
)

from .files import code, csv_bytes, xlsx_bytes

if TYPE_CHECKING:
    from organisations.models import Organisation
    from tests.personas import Register

    from .conftest import Import

pytestmark = pytest.mark.django_db

HEADER = [
    "Laskunumero",
    "Kuntakoodi",
    "Laskutuskuukausi",
    "Henkilötunnus",
    "Etuus",
    "Jakso alkaa",
    "Jakso päättyy",
    "Maksetut päivät",
    "Päiväkertymä",
    "Kunnan osuus",
    "Henkilöitä",
]


def invoice_csv(rows: list[list[str]]) -> bytes:
    # Semicolons, as a Finnish Excel saves: the amounts have decimal commas.
    return csv_bytes(rows, header=HEADER, delimiter=";")


def line(person: str, euros: str = "123,45", **changes: str) -> list[str]:
    values = {
        "number": "K-2025-03-208",
        "municipality": "208",
        "month": "3/2025",
        "benefit": "työmarkkinatuki",
        "start": "1.3.2025",
        "end": "31.3.2025",
        "days": "21,5",
        "cumulative": "350",
        "persons": "",
        **changes,
    }
    return [
        values["number"],
        values["municipality"],
        values["month"],
        person,
        values["benefit"],
        values["start"],
        values["end"],
        values["days"],
        values["cumulative"],
        euros,
        values["persons"],
    ]


def month_lines(count: int, month: int) -> list[list[str]]:
    """`count` persons' lines of one invoice of a month of 2025."""
    return [
        line(
            code(n),
            number=f"K-2025-{month}",
            month=f"{month}/2025",
            start=f"1.{month}.2025",
            end=f"28.{month}.2025",
        )
        for n in range(1, count + 1)
    ]


def test_lines_matched_unmatched_and_totals(
    import_file: Import, register: Register
) -> None:
    known = register(identity_code=code(1)).jobseeker
    data = csv_bytes(
        [
            line(code(1)),
            line(code(2), "10,00"),
            line("", "1 000,00", cumulative="", persons="7", benefit="perus"),
        ],
        header=HEADER,
        delimiter=";",
    )
    batch = import_file(data, kind="invoices_kela")

    assert batch.status == ImportBatch.Status.DONE, list(batch.problems.all())
    assert batch.created_count == 3
    invoice = MunicipalShareInvoice.objects.get()
    assert (invoice.sender, invoice.month.isoformat()) == ("kela", "2025-03-01")
    lines = {ln.line: ln for ln in MunicipalShareInvoiceLine.objects.all()}
    assert lines[2].jobseeker_id == known.pk
    assert lines[2].share_cents == 12345
    assert lines[2].identity_code_index
    assert code(1).encode() not in bytes(lines[2].identity_code_encrypted)
    assert lines[3].jobseeker_id is None
    assert lines[3].identity_code_index
    assert lines[4].is_totals
    assert lines[4].persons == 7
    assert lines[4].benefit_type == "basic_allowance"


def test_second_import_changes_nothing_and_a_correction_updates(
    import_file: Import,
) -> None:
    rows = [line(code(1)), line(code(2))]
    import_file(invoice_csv(rows), kind="invoices_kela")

    again = import_file(invoice_csv(rows), kind="invoices_kela")
    corrected = import_file(
        invoice_csv([line(code(1), "200,00"), line(code(2))]),
        kind="invoices_kela",
    )

    assert (again.created_count, again.unchanged_count) == (0, 2)
    assert (corrected.updated_count, corrected.unchanged_count) == (1, 1)
    assert MunicipalShareInvoiceLine.objects.count() == 2
    assert sorted(
        MunicipalShareInvoiceLine.objects.values_list("share_cents", flat=True)
    ) == [12345, 20000]


def test_bad_lines_are_reported_by_line_and_the_good_ones_imported(
    import_file: Import,
) -> None:
    data = csv_bytes(
        [
            line(code(1)),
            line(code(2), "12,345"),
            line(code(3), month="13/2025"),
            line(code(4), municipality="999"),
            line(code(5), end="1.2.2025"),
            line(code(6), number="K-2025-03-208", month="4/2025"),
            line(code(1)),
        ],
        header=HEADER,
        delimiter=";",
    )
    batch = import_file(data, kind="invoices_kela")

    problems = {(p.line, p.column, p.code) for p in batch.problems.all()}
    assert problems == {
        (3, "Kunnan osuus", "too_many_decimals"),
        (4, "Laskutuskuukausi", "invalid_month"),
        (5, "Kuntakoodi", "unknown_municipality"),
        (6, "Jakso päättyy", "end_before_start"),
        (7, "Laskunumero", "invoice_differs"),
        (8, "Henkilötunnus", "duplicate_invoice_line"),
    }
    assert batch.created_count == 1
    message = next(p for p in batch.problems.all() if p.line == 7).message
    assert "3/2025" in message
    assert code(6) not in " ".join(p.message for p in batch.problems.all())


def test_fund_invoices_default_to_earnings_related_allowance(
    import_file: Import,
) -> None:
    header = [h for h in HEADER if h != "Etuus"]
    row = line(code(1))
    del row[4]
    batch = import_file(
        xlsx_bytes([row], header=header),
        kind="invoices_fund",
        file_name="kassa.xlsx",
    )

    assert batch.status == ImportBatch.Status.DONE, list(batch.problems.all())
    only = MunicipalShareInvoiceLine.objects.select_related("invoice").get()
    assert (only.invoice.sender, only.benefit_type) == ("fund", "earnings_related")


def test_unmatched_lines_are_listed_without_identity_codes(
    import_file: Import, register: Register, municipality: Organisation
) -> None:
    register(identity_code=code(1))
    import_file(
        invoice_csv([line(code(1)), line(code(2), "10,00")]),
        kind="invoices_kela",
    )

    summary = selectors.unmatched_invoice_lines(organisation_ids=[municipality.pk])

    assert summary.count == 1
    assert summary.euros_cents == 1000
    (only,) = summary.lines
    assert only.line == 3
    assert not hasattr(only, "identity_code_encrypted")


def test_every_sender_has_a_column_for_every_field() -> None:
    for kind, sender in parsing.SENDERS.items():
        fields = {c.field for c in parsing.sender_columns(kind)}
        assert "share_euros" in fields, sender
        assert kind in ImportBatch.Kind.values


def test_identity_codes_are_encrypted_once_per_person(
    import_file: Import, register: Register, monkeypatch: pytest.MonkeyPatch
) -> None:
    from core import crypto

    known = register(identity_code=code(1)).jobseeker
    calls: list[str] = []
    encrypt = crypto.encrypt

    def counted(value: str) -> bytes:
        calls.append(value)
        return encrypt(value)

    monkeypatch.setattr(crypto, "encrypt", counted)
    rows = [
        line(code(1)),
        line(code(2)),
        line(code(2), benefit="perus"),
        line(code(2), start="15.3.2025"),
    ]

    batch = import_file(invoice_csv(rows), kind="invoices_kela")

    assert batch.created_count == 4
    # The matched person's line reuses the jobseeker's token; the unmatched
    # person's three lines share one (the other call encrypts the file).
    assert calls.count(code(2)) == 1
    assert code(1) not in calls
    tokens = {
        ln.line: bytes(ln.identity_code_encrypted)
        for ln in MunicipalShareInvoiceLine.objects.all()
    }
    assert tokens[2] == bytes(known.identity_code_encrypted)
    assert tokens[3] == tokens[4] == tokens[5]
    assert crypto.decrypt(tokens[3]) == code(2)


def test_an_invoice_file_may_be_longer_than_a_jobseeker_file(
    import_file: Import, monkeypatch: pytest.MonkeyPatch
) -> None:
    from exchange.importers import InvoiceImporter, JobseekerImporter

    assert InvoiceImporter.max_rows >= 250_000 > JobseekerImporter.max_rows
    monkeypatch.setattr(InvoiceImporter, "max_rows", 1)

    batch = import_file(
        invoice_csv([line(code(1)), line(code(2))]),
        kind="invoices_kela",
        confirm=False,
    )

    assert [p.code for p in batch.problems.all()] == ["too_many_rows"]


def test_an_invoice_import_asks_the_same_statements_for_any_number_of_lines(
    import_file: Import, register: Register
) -> None:
    # Matching, comparing and writing are set-based: the lines are staged
    # and joined, never looked up or written one by one.
    register(identity_code=code(1))

    def statements(count: int, month: int) -> tuple[int, int]:
        rows = month_lines(count, month)
        with CaptureQueriesContext(connection) as first:
            batch = import_file(invoice_csv(rows), kind="invoices_kela")
        with CaptureQueriesContext(connection) as again:
            same = import_file(invoice_csv(rows), kind="invoices_kela")
        assert (batch.created_count, same.unchanged_count) == (count, count)
        return len(first), len(again)

    assert statements(3, 3) == statements(40, 4)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_preview_of_an_invoice_file_works_outside_a_transaction(
    import_file: Import,
) -> None:
    # A page runs in autocommit: the preview's scratch table, dropped on
    # commit, was gone before the rows were copied into it.
    batch = import_file(
        invoice_csv([line(code(1))]), kind="invoices_kela", confirm=False
    )

    preview = selectors.batch_preview(batch=batch)

    assert preview is not None
    assert [row.line for row in preview.rows] == [2]
