"""The run of an invoice import works from the lines its preview staged
(issue 23): the file is not read again, the database is consulted as it is
at the run, and the staged lines hold no identity code in plaintext."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import Jobseeker
from core import crypto
from exchange import formats, importers, parsing, services
from exchange.models import (
    ImportBatch,
    MunicipalShareInvoiceLine,
    StagedInvoiceLine,
)

from .files import code
from .test_invoices import invoice_csv, line, month_lines

if TYPE_CHECKING:
    from accounts.models import User
    from organisations.models import Organisation
    from tests.personas import Register

    from .conftest import Import

pytestmark = pytest.mark.django_db


def _fail(*args: object, **kwargs: object) -> None:
    raise AssertionError("the file was read again")


def _previewed(import_file: Import, rows: list[list[str]]) -> ImportBatch:
    """Upload an invoice file and stop at its preview."""
    return import_file(invoice_csv(rows), kind="invoices_kela", confirm=False)


def _lines() -> dict[int, MunicipalShareInvoiceLine]:
    return {ln.line: ln for ln in MunicipalShareInvoiceLine.objects.all()}


def test_the_run_writes_the_staged_lines_without_reading_the_file(
    import_file: Import, register: Register, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given
    known = register(identity_code=code(1)).jobseeker
    batch = _previewed(
        import_file, [line(code(1)), line(code(2)), line("", persons="3")]
    )
    assert StagedInvoiceLine.objects.filter(batch=batch).count() == 3
    monkeypatch.setattr(formats, "read_table", _fail)
    monkeypatch.setattr(parsing, "parse_records", _fail)

    # when
    batch = services.import_confirm(batch=batch, actor=batch.uploaded_by)

    # then
    assert batch.status == ImportBatch.Status.DONE, batch.error
    assert (batch.created_count, batch.rejected_count) == (3, 0)
    assert batch.line_outcomes == {"created": [[2, 4]]}
    lines = _lines()
    assert lines[2].jobseeker_id == known.pk
    assert bytes(lines[2].identity_code_encrypted) == bytes(
        known.identity_code_encrypted
    )
    assert crypto.decrypt(bytes(lines[3].identity_code_encrypted)) == code(2)
    assert lines[4].is_totals
    assert not StagedInvoiceLine.objects.filter(batch=batch).exists()
    assert not batch.has_file


def test_the_staged_lines_hold_no_identity_code_in_plaintext(
    import_file: Import, register: Register
) -> None:
    # given
    register(identity_code=code(1))

    # when
    batch = _previewed(import_file, [line(code(1)), line(code(2))])

    # then
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT s::text FROM {StagedInvoiceLine._meta.db_table} s "  # noqa: S608 - test
            "WHERE batch_id = %s",
            [batch.pk],
        )
        rows = " ".join(text for (text,) in cursor.fetchall())
    assert code(1) not in rows
    assert code(2) not in rows
    staged = {s.line: s for s in StagedInvoiceLine.objects.filter(batch=batch)}
    assert staged[2].identity_code_index == crypto.blind_index(code(1))
    # A known person's line takes the token of their record at the run.
    assert staged[2].identity_code_encrypted is None
    token = staged[3].identity_code_encrypted
    assert token is not None
    assert crypto.decrypt(bytes(token)) == code(2)


def test_a_jobseeker_registered_between_preview_and_run_is_matched(
    import_file: Import, register: Register
) -> None:
    # given
    batch = _previewed(import_file, [line(code(1))])
    assert batch.created_count == 1
    registered = register(identity_code=code(1)).jobseeker

    # when
    batch = services.import_confirm(batch=batch, actor=batch.uploaded_by)

    # then
    assert batch.status == ImportBatch.Status.DONE, batch.error
    only = MunicipalShareInvoiceLine.objects.get()
    assert only.jobseeker_id == registered.pk
    assert crypto.decrypt(bytes(only.identity_code_encrypted)) == code(1)


def test_a_jobseeker_out_of_scope_at_the_run_is_not_matched(
    import_file: Import,
    register: Register,
    other_municipality: Organisation,
    other_municipality_caseworker: User,
) -> None:
    # given: the person becomes a client of another municipality meanwhile
    batch = _previewed(import_file, [line(code(1))])
    elsewhere = register(
        identity_code=code(1),
        organisation=other_municipality,
        actor=other_municipality_caseworker,
    ).jobseeker

    # when
    batch = services.import_confirm(batch=batch, actor=batch.uploaded_by)

    # then
    assert batch.status == ImportBatch.Status.DONE, batch.error
    only = MunicipalShareInvoiceLine.objects.get()
    assert only.jobseeker_id is None
    assert only.identity_code_index == elsewhere.identity_code_index
    assert crypto.decrypt(bytes(only.identity_code_encrypted)) == code(1)


def test_a_line_whose_person_is_gone_at_the_run_gets_a_token_from_the_file(
    import_file: Import, register: Register
) -> None:
    # given: known at the preview (no token staged), then the record's
    # identity code is corrected, so no jobseeker lends the line a token
    known = register(identity_code=code(1)).jobseeker
    batch = _previewed(import_file, [line(code(1)), line(code(2))])
    Jobseeker.objects.filter(pk=known.pk).update(
        identity_code_index=crypto.blind_index(code(3)),
        identity_code_encrypted=crypto.encrypt(code(3)),
    )

    # when
    batch = services.import_confirm(batch=batch, actor=batch.uploaded_by)

    # then
    assert batch.status == ImportBatch.Status.DONE, batch.error
    lines = _lines()
    assert lines[2].jobseeker_id is None
    assert crypto.decrypt(bytes(lines[2].identity_code_encrypted)) == code(1)
    assert crypto.decrypt(bytes(lines[3].identity_code_encrypted)) == code(2)


def test_the_run_refuses_lines_by_the_database_at_the_run(
    import_file: Import, municipality: Organisation
) -> None:
    # given: the invoice is imported with another month between the
    # preview and the run of a second file that names it
    batch = _previewed(import_file, [line(code(1))])
    import_file(invoice_csv([line(code(2), month="4/2025")]), kind="invoices_kela")

    # when
    batch = services.import_confirm(batch=batch, actor=batch.uploaded_by)

    # then
    assert batch.status == ImportBatch.Status.DONE, batch.error
    ((line_no, problem_code, params),) = batch.problems.values_list(
        "line", "code", "params"
    )
    assert (line_no, problem_code) == (2, "invoice_differs")
    assert params["month"] == "4/2025"
    assert batch.line_outcomes == {"rejected": [[2, 2]]}
    assert MunicipalShareInvoiceLine.objects.count() == 1


def test_value_problems_of_the_preview_are_kept_by_the_run(
    import_file: Import,
) -> None:
    # when
    batch = import_file(
        invoice_csv([line(code(1)), line(code(2), "1,234"), line(code(1))]),
        kind="invoices_kela",
    )

    # then
    assert batch.status == ImportBatch.Status.DONE
    assert sorted(batch.problems.values_list("line", "code")) == [
        (3, "too_many_decimals"),
        (4, "duplicate_invoice_line"),
    ]
    assert (batch.created_count, batch.rejected_count) == (1, 2)


def test_a_failed_run_keeps_the_staged_lines_and_can_run_again(
    import_file: Import, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given
    batch = _previewed(import_file, [line(code(1)), line(code(2))])
    write = importers.InvoiceImporter.write_plan

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("connection lost")

    monkeypatch.setattr(importers.InvoiceImporter, "write_plan", broken)
    failed = services.import_confirm(batch=batch, actor=batch.uploaded_by)
    assert failed.status == ImportBatch.Status.FAILED
    assert StagedInvoiceLine.objects.filter(batch=batch).count() == 2
    monkeypatch.setattr(importers.InvoiceImporter, "write_plan", write)

    # when
    again = services.import_confirm(batch=failed, actor=batch.uploaded_by)

    # then
    assert again.status == ImportBatch.Status.DONE, again.error
    assert again.created_count == 2
    assert MunicipalShareInvoiceLine.objects.count() == 2
    assert not StagedInvoiceLine.objects.exists()


def test_a_batch_checked_again_replaces_its_staged_lines(
    import_file: Import,
) -> None:
    # given
    batch = _previewed(import_file, [line(code(1)), line(code(2))])

    # when
    batch = services.import_preview(batch=batch)

    # then
    assert StagedInvoiceLine.objects.filter(batch=batch).count() == 2
    assert batch.created_count == 2


def test_the_run_asks_the_same_statements_for_each_chunk(
    import_file: Import, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Planning is set-based; each chunk of lines is one INSERT.
    monkeypatch.setattr(services, "CHUNK_SIZE", 2)

    def statements(count: int, month: int) -> int:
        batch = _previewed(import_file, month_lines(count, month))
        with CaptureQueriesContext(connection) as run:
            batch = services.import_confirm(batch=batch, actor=batch.uploaded_by)
        assert batch.created_count == count
        return len(run)

    four, six, ten = statements(4, 3), statements(6, 4), statements(10, 5)

    assert six - four == 1
    assert ten - six == 2


def test_the_preview_shows_invoice_lines_without_staging_them(
    import_file: Import,
) -> None:
    # given
    from exchange import selectors

    batch = _previewed(import_file, [line(code(1)), line(code(2))])

    # when
    preview = selectors.batch_preview(batch=batch)

    # then
    assert preview is not None
    assert [row.line for row in preview.rows] == [2, 3]
    assert StagedInvoiceLine.objects.filter(batch=batch).count() == 2


def test_a_run_whose_staged_lines_are_lost_stages_the_file_again(
    import_file: Import,
) -> None:
    # given: the staging table is unlogged; a crash empties it
    batch = _previewed(import_file, [line(code(1)), line(code(2))])
    StagedInvoiceLine.objects.filter(batch=batch).delete()

    # when
    batch = services.import_confirm(batch=batch, actor=batch.uploaded_by)

    # then
    assert batch.status == ImportBatch.Status.DONE, batch.error
    assert batch.created_count == 2
    assert crypto.decrypt(bytes(_lines()[3].identity_code_encrypted)) == code(2)
    assert not StagedInvoiceLine.objects.exists()


def test_a_batch_previewed_before_columns_were_kept_names_them_at_the_run(
    import_file: Import,
) -> None:
    # given: previewed by the release before staged lines, when the
    # municipality was still known (one line to import)
    batch = _previewed(import_file, [line(code(1), municipality="999")])
    StagedInvoiceLine.objects.filter(batch=batch).delete()
    ImportBatch.objects.filter(pk=batch.pk).update(columns={}, created_count=1)
    batch.refresh_from_db()

    # when
    batch = services.import_confirm(batch=batch, actor=batch.uploaded_by)

    # then
    assert batch.status == ImportBatch.Status.DONE, batch.error
    assert list(batch.problems.values_list("column", "code")) == [
        ("Kuntakoodi", "unknown_municipality")
    ]
    assert batch.columns["municipality_code"] == "Kuntakoodi"
