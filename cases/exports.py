"""Streamed exports of the jobseekers a caseworker may see, as CSV or XLSX.

The rows come from one server-side cursor in chunks, so a national-size
export neither holds the table in memory nor ties a web worker to a long
buffered response; every exported person is written to the access log as
an export, chunk by chunk, as the rows leave.
"""

from __future__ import annotations

import tempfile
from typing import TYPE_CHECKING, Any

from django.db.models import OuterRef, Subquery
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from openpyxl import Workbook

from audit.models import AccessAction
from audit.services import Reader, Target, access_log_write
from core import tabular
from core.tabular import Column

from .models import BenefitType, Case, Jobseeker
from .models.case import CaseStatus

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from .models.jobseeker import JobseekerQuerySet

CHUNK = 2000
# (field read, kind); the order of export_rows. The organisation id closes
# each row for the access log and is not exported.
FIELDS = (
    "organisation__name",
    "last_name",
    "first_names",
    "birth_date",
    "mother_tongue",
    "benefit_type",
    "case_status",
    "case_opened_on",
    "id",
    "organisation__municipality_code",
    "organisation_id",
)


def columns() -> list[Column]:
    """Headers in the reader's language, labels first; the codes other
    systems read (ids, municipality and choice codes) at the end."""
    return [
        Column(_("Organisation")),
        Column(_("Last name")),
        Column(_("First names")),
        Column(_("Date of birth"), tabular.DATE),
        Column(_("Mother tongue")),
        Column(str(capfirst(Jobseeker._meta.get_field("benefit_type").verbose_name))),
        Column(_("Case status")),
        Column(_("Case opened"), tabular.DATE),
        Column(_("Jobseeker number"), tabular.INTEGER),
        tabular.code_column(_("Municipality")),
        tabular.code_column(_("Mother tongue")),
        tabular.code_column(
            str(capfirst(Jobseeker._meta.get_field("benefit_type").verbose_name))
        ),
        tabular.code_column(_("Case status")),
    ]


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
        .values_list(*FIELDS)
    )
    yield from rows.iterator(chunk_size=CHUNK)


def _logged(rows: Iterable[tuple[Any, ...]], reader: Reader) -> Iterator[list[Any]]:
    """The exported cells of each row, logging each chunk as it goes."""
    tongues = dict(Jobseeker.MotherTongue.choices)
    benefits = dict(BenefitType.choices)
    statuses = dict(CaseStatus.choices)
    pending: list[Target] = []
    for row in rows:
        (
            organisation,
            last_name,
            first_names,
            birth_date,
            tongue,
            benefit,
            status,
            opened_on,
            jobseeker_id,
            municipality_code,
            organisation_id,
        ) = row
        pending.append(
            Target(jobseeker_id, organisation_id, "cases.Jobseeker", jobseeker_id)
        )
        if len(pending) >= CHUNK:
            access_log_write(reader=reader, action=AccessAction.EXPORT, targets=pending)
            pending = []
        yield [
            organisation,
            last_name,
            first_names,
            birth_date,
            str(tongues.get(tongue, tongue or "")),
            str(benefits.get(benefit, benefit or "")),
            str(statuses.get(status, status or "")),
            opened_on,
            jobseeker_id,
            municipality_code,
            tongue,
            benefit,
            status,
        ]
    if pending:
        access_log_write(reader=reader, action=AccessAction.EXPORT, targets=pending)


def csv_stream(rows: Iterable[tuple[Any, ...]], reader: Reader) -> Iterator[str]:
    return tabular.csv_lines(columns(), _logged(rows, reader))


def xlsx_file(rows: Iterable[tuple[Any, ...]], reader: Reader) -> Any:
    """An XLSX in a temporary file: openpyxl's write-only mode keeps one row
    in memory at a time; the file is streamed to the client from disk."""
    workbook = Workbook(write_only=True)
    tabular.xlsx_write(
        workbook, columns(), _logged(rows, reader), title=_("Jobseekers")
    )
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - closed by FileResponse
    workbook.save(handle)
    handle.seek(0)
    return handle
