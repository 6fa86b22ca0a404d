"""Streamed exports of the jobseekers a caseworker may see, as CSV or XLSX.

The rows come from one server-side cursor in chunks, so a national-size
export neither holds the table in memory nor ties a web worker to a long
buffered response; every exported person is written to the access log as
an export, chunk by chunk, as the rows leave.
"""

from __future__ import annotations

import csv
import tempfile
from typing import TYPE_CHECKING, Any

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _
from openpyxl import Workbook

from audit.models import AccessAction
from audit.services import Reader, Target, access_log_write

from .models import Case

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from .models.jobseeker import JobseekerQuerySet

CHUNK = 2000
COLUMNS = (
    ("id", "id"),
    ("organisation__municipality_code", "organisation_code"),
    ("last_name", "last_name"),
    ("first_names", "first_names"),
    ("birth_date", "birth_date"),
    ("mother_tongue", "mother_tongue"),
    ("benefit_type", "benefit_type"),
    ("case_status", "case_status"),
    ("case_opened_on", "case_opened_on"),
    ("organisation_id", None),
)


def export_rows(queryset: JobseekerQuerySet) -> Iterator[tuple[Any, ...]]:
    """(values…, organisation id) per jobseeker, newest case's status with it."""
    latest_case = Case.objects.filter(jobseeker_id=OuterRef("pk")).order_by(
        "-opened_on", "-id"
    )
    rows = (
        queryset.annotate(
            case_status=Subquery(latest_case.values("status")[:1]),
            case_opened_on=Subquery(latest_case.values("opened_on")[:1]),
        )
        .order_by("id")
        .values_list(*(field for field, _header in COLUMNS))
    )
    yield from rows.iterator(chunk_size=CHUNK)


def header() -> list[str]:
    return [name for _field, name in COLUMNS if name is not None]


def _logged(rows: Iterable[tuple[Any, ...]], reader: Reader) -> Iterator[list[Any]]:
    """The rows without their organisation id, logging each chunk as it goes."""
    pending: list[Target] = []
    for row in rows:
        *values, organisation_id = row
        pending.append(Target(row[0], organisation_id, "cases.Jobseeker", row[0]))
        if len(pending) >= CHUNK:
            access_log_write(reader=reader, action=AccessAction.EXPORT, targets=pending)
            pending = []
        yield ["" if v is None else v for v in values]
    if pending:
        access_log_write(reader=reader, action=AccessAction.EXPORT, targets=pending)


class _Echo:
    """csv.writer target that hands each line back instead of storing it."""

    def write(self, value: str) -> str:
        return value


def csv_stream(rows: Iterable[tuple[Any, ...]], reader: Reader) -> Iterator[str]:
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff"  # Excel reads UTF-8 only with the byte-order mark
    yield writer.writerow(header())
    for values in _logged(rows, reader):
        yield writer.writerow(values)


def xlsx_file(rows: Iterable[tuple[Any, ...]], reader: Reader) -> Any:
    """An XLSX in a temporary file: openpyxl's write-only mode keeps one row
    in memory at a time; the file is streamed to the client from disk."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Jobseekers")[:31])
    sheet.append(header())
    for values in _logged(rows, reader):
        sheet.append(values)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - closed by FileResponse
    workbook.save(handle)
    handle.seek(0)
    return handle
