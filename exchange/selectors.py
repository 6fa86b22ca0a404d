"""Reads of import batches: lists, problems and the preview of a file's rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, Sum
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from audit.services import Target
from cases.models import BenefitType, Jobseeker
from cases.models.case import LabourMarketStatus
from cases.rules import mask_identity_code
from core import formats as core_formats

from . import importers, permissions
from .models import (
    BatchStatus,
    ImportBatch,
    ImportProblem,
    MunicipalShareInvoiceLine,
)
from .parsing import COLUMNS, ImportKind, Outcome, format_ranges
from .services import batch_file

if TYPE_CHECKING:
    from collections.abc import Iterable
    from decimal import Decimal

    from django.db.models import QuerySet
    from django.utils.functional import Promise

    from accounts.models import User

# Rows of the file shown before the user confirms.
PREVIEW_ROWS = 10
# Records read to find them: a few bad rows among the first do not empty it.
PREVIEW_RECORDS = 50
LIST_SIZE = 100

OUTCOME_LABELS: dict[str, Promise] = {
    Outcome.CREATED: _("New"),
    Outcome.UPDATED: _("Updated"),
    Outcome.UNCHANGED: _("Already present"),
    Outcome.REJECTED: _("Not imported"),
}
PREVIEW_FIELDS: dict[str, list[tuple[str, Promise]]] = {
    ImportKind.JOBSEEKERS: [
        ("identity_code", _("Identity code")),
        ("last_name", _("Last name")),
        ("first_names", _("First names")),
        ("municipality_code", _("Municipality code")),
        ("registered_on", _("Registered on")),
        ("status_at_start", _("Labour market status")),
        ("mother_tongue", _("Mother tongue")),
        ("benefit_type", _("Unemployment benefit")),
    ],
    ImportKind.BENEFIT_COUNTERS: [
        ("identity_code", _("Identity code")),
        ("benefit_type", _("Unemployment benefit")),
        ("days", _("Days")),
        ("as_of", _("As of")),
    ],
    ImportKind.SERVICE_EVENTS: [
        ("identity_code", _("Identity code")),
        ("service_type", _("Service")),
        ("started_on", _("Started on")),
        ("ended_on", _("Ended on")),
        ("provider", _("Provider")),
    ],
}
_INVOICE_FIELDS: list[tuple[str, Promise]] = [
    ("invoice_number", _("Invoice")),
    ("month", _("Billing month")),
    ("identity_code", _("Identity code")),
    ("benefit_type", _("Unemployment benefit")),
    ("period_start", _("Period starts")),
    ("period_end", _("Period ends")),
    ("paid_days", _("Paid days")),
    ("share_cents", _("Municipal share")),
]
PREVIEW_FIELDS[ImportKind.INVOICES_KELA] = _INVOICE_FIELDS
PREVIEW_FIELDS[ImportKind.INVOICES_FUND] = _INVOICE_FIELDS
_LABELS: dict[str, dict[Any, Any]] = {
    "benefit_type": dict(BenefitType.choices),
    "status_at_start": dict(LabourMarketStatus.choices),
    "mother_tongue": dict(Jobseeker.MotherTongue.choices),
}


def batch_list_for_user(*, user: User) -> QuerySet[ImportBatch]:
    """The newest batches of the organisations the user serves."""
    return (
        permissions.batches_visible_to(user)
        .select_related("organisation", "uploaded_by")
        .defer("file_encrypted")
        .order_by("-created_at", "-id")[:LIST_SIZE]
    )


def batch_problems(*, batch: ImportBatch) -> QuerySet[ImportProblem]:
    return batch.problems.order_by("line", "id")


def identical_import(*, batch: ImportBatch) -> ImportBatch | None:
    """An earlier finished import of the very same file, if any."""
    return (
        ImportBatch.objects.filter(
            organisation_id=batch.organisation_id,
            kind=batch.kind,
            sha256=batch.sha256,
            status=BatchStatus.DONE,
        )
        .exclude(pk=batch.pk)
        .defer("file_encrypted")
        .order_by("-finished_at")
        .first()
    )


@dataclass(frozen=True)
class PreviewRow:
    line: int
    outcome: str
    values: dict[str, Any]  # field -> parsed value; the identity code masked

    @property
    def outcome_label(self) -> str:
        return str(OUTCOME_LABELS[self.outcome])


@dataclass
class Preview:
    fields: list[tuple[str, Promise]]
    rows: list[PreviewRow] = field(default_factory=list)
    # Existing jobseekers shown: each is a logged read (audit).
    targets: list[Target] = field(default_factory=list)

    def cells(self) -> list[tuple[PreviewRow, list[Any]]]:
        """Each row's values in column order: codes by their labels, dates short."""
        return [
            (row, [_shown(name, row.values.get(name)) for name, _label in self.fields])
            for row in self.rows
        ]


def _shown(name: str, value: Any) -> Any:
    if name == "share_cents" and value is not None:
        return core_formats.euros(value)
    if name == "month" and value is not None:
        return f"{value.month}/{value.year}"
    if isinstance(value, dt.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return _LABELS.get(name, {}).get(value, value)


def preview_from_check(check: importers.Check, *, object_id: int | None) -> Preview:
    preview = Preview(fields=PREVIEW_FIELDS[check.kind])
    for planned in check.planned[:PREVIEW_ROWS]:
        values = {name: getattr(planned.row, name, None) for name, _l in preview.fields}
        values["identity_code"] = (
            mask_identity_code(planned.row.identity_code)
            if planned.row.identity_code
            else _("totals line")
        )
        preview.rows.append(PreviewRow(planned.line, planned.outcome, values))
        if planned.jobseeker_id is not None:
            preview.targets.append(
                Target(
                    jobseeker_id=planned.jobseeker_id,
                    organisation_id=planned.extra.get("organisation_id"),
                    object_type=ImportBatch._meta.label,
                    object_id=object_id,
                )
            )
    return preview


def batch_preview(*, batch: ImportBatch) -> Preview | None:
    """The first rows of a batch that has not run, as they will be imported;
    None once the file is gone or the import is under way."""
    if batch.is_in_progress or not batch.has_file:
        return None
    today = timezone.localdate()
    check = importers.check_file(
        kind=batch.kind,
        file_name=batch.file_name,
        data=batch_file(batch),
        organisation=batch.organisation,
        user=batch.uploaded_by,
        scope=permissions.import_scope(
            organisation=batch.organisation, user=batch.uploaded_by, on=today
        ),
        today=today,
        limit=PREVIEW_RECORDS,
    )
    return preview_from_check(check, object_id=batch.pk)


def outcome_ranges(*, batch: ImportBatch) -> list[tuple[str, str]]:
    """Each outcome with its lines, e.g. ("New", "2–40, 42")."""
    return [
        (str(OUTCOME_LABELS[outcome]), format_ranges(batch.line_outcomes[outcome]))
        for outcome in Outcome
        if batch.line_outcomes.get(outcome)
    ]


@dataclass(frozen=True)
class ColumnHelp:
    names: tuple[str, ...]
    required: bool
    description: str = ""


def column_help() -> list[tuple[str, list[ColumnHelp]]]:
    """The accepted column names of each kind of file, for the upload page."""
    labels = dict(ImportBatch.Kind.choices)
    return [
        (
            str(labels[kind]),
            [
                ColumnHelp(column.names, column.required, str(column.description))
                for column in columns
            ],
        )
        for kind, columns in COLUMNS.items()
    ]


# --- Invoice lines whose person Polku does not know --------------------------

UNMATCHED_PAGE_SIZE = 100


@dataclass(frozen=True)
class UnmatchedLine:
    """An invoice line of a person Polku could not match: what the invoice
    says, never who (a coordinator sees no identity codes)."""

    id: int
    municipality_id: int
    municipality: str
    invoice_number: str
    month: dt.date
    line: int
    benefit_type: str
    period_start: dt.date
    period_end: dt.date
    paid_days: Decimal
    share_cents: int

    @property
    def benefit_label(self) -> str:
        return str(dict(BenefitType.choices).get(self.benefit_type, ""))

    @property
    def euros(self) -> str:
        return core_formats.euros(self.share_cents)

    @property
    def cursor(self) -> str:
        """Where the next page starts (keyset: billing month, then line id)."""
        return f"{self.month.isoformat()}.{self.id}"

    @property
    def access_target(self) -> Target:
        # The line is a person's benefit data, but no jobseeker of Polku's:
        # jobseeker 0 with the line as the object, so that a data subject's
        # request (matched later through the blind index) still finds the
        # read in the access log.
        return Target(
            0, self.municipality_id, "exchange.MunicipalShareInvoiceLine", self.id
        )


@dataclass(frozen=True)
class UnmatchedLines:
    count: int
    euros_cents: int
    lines: list[UnmatchedLine]
    next_cursor: str | None

    @property
    def euros(self) -> str:
        return core_formats.euros(self.euros_cents)


def parse_cursor(value: str) -> tuple[dt.date, int] | None:
    """A page cursor from the address, or None for a malformed one (the
    first page)."""
    month, _dot, pk = value.partition(".")
    try:
        return dt.date.fromisoformat(month), int(pk)
    except ValueError:
        return None


def unmatched_invoice_lines(
    *,
    organisation_ids: Iterable[int] | QuerySet[Any, int],
    after: tuple[dt.date, int] | None = None,
) -> UnmatchedLines:
    """The invoiced municipalities' lines of persons Polku has not matched:
    their number and euros in all, and one page of them, newest billing
    month first (keyset after `after`). Two queries."""
    lines = MunicipalShareInvoiceLine.objects.filter(
        invoice__municipality_id__in=organisation_ids, jobseeker__isnull=True
    ).exclude(identity_code_index="")
    totals = lines.aggregate(count=Count("id"), cents=Sum("share_cents"))
    page = lines
    if after is not None:
        month, pk = after
        page = page.filter(
            Q(invoice__month__lt=month) | Q(invoice__month=month, id__lt=pk)
        )
    rows = list(
        page.order_by("-invoice__month", "-id").values(
            "id",
            "invoice__municipality_id",
            "invoice__municipality__name",
            "invoice__number",
            "invoice__month",
            "line",
            "benefit_type",
            "period_start",
            "period_end",
            "paid_days",
            "share_cents",
        )[: UNMATCHED_PAGE_SIZE + 1]
    )
    shown = [
        UnmatchedLine(
            id=v["id"],
            municipality_id=v["invoice__municipality_id"],
            municipality=v["invoice__municipality__name"],
            invoice_number=v["invoice__number"],
            month=v["invoice__month"],
            line=v["line"],
            benefit_type=v["benefit_type"],
            period_start=v["period_start"],
            period_end=v["period_end"],
            paid_days=v["paid_days"],
            share_cents=v["share_cents"],
        )
        for v in rows[:UNMATCHED_PAGE_SIZE]
    ]
    return UnmatchedLines(
        count=totals["count"],
        euros_cents=totals["cents"] or 0,
        lines=shown,
        next_cursor=shown[-1].cursor if len(rows) > UNMATCHED_PAGE_SIZE else None,
    )
