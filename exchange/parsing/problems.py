"""What a row of an import comes to: its outcome, or problems stored as a code
and parameters and worded when shown, so each reader sees them in their own
language; and the compact line ranges of each outcome."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from django.utils.functional import Promise


class ImportKind(StrEnum):
    JOBSEEKERS = "jobseekers"
    BENEFIT_COUNTERS = "benefit_counters"
    SERVICE_EVENTS = "service_events"
    # Municipal-share invoices, one kind per sender: each sender's columns
    # are its own (exchange.parsing.invoices.SENDERS).
    INVOICES_KELA = "invoices_kela"
    INVOICES_FUND = "invoices_fund"


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    REJECTED = "rejected"


MESSAGES: dict[str, Promise] = {
    # The file as a whole
    "empty": _("The file has no rows."),
    "no_header": _("The first row must name the columns."),
    "unreadable": _("The file could not be read as %(format)s."),
    "csv_invalid": _("The CSV file is broken here (e.g. an unclosed quote)."),
    "json_invalid": _("The file is not valid JSON here."),
    "json_not_list": _("The JSON file must contain a list of objects."),
    "json_item_not_object": _("This item is not an object of column names and values."),
    "too_many_rows": _("The file has more than %(max)d rows; split it."),
    "column_missing": _("The column is missing. Accepted names: %(names)s."),
    "column_twice": _("Two columns mean the same (%(other)s); keep one of them."),
    # Values
    "required": _("A value is required."),
    "invalid_identity_code": _(
        "%(masked)s is not a valid Finnish personal identity code."
    ),
    "temporary_identity_code": _(
        "%(masked)s is a temporary identity code (900–999), not accepted here."
    ),
    "invalid_date": _("%(value)s is not a date; write e.g. 1.3.2025 or 2025-03-01."),
    "date_in_future": _("The date cannot be in the future."),
    "end_before_start": _("The end date cannot be before the start date."),
    "invalid_number": _("%(value)s is not a number."),
    "number_out_of_range": _("The number must be between %(min)s and %(max)s."),
    "invalid_choice": _("%(value)s is not one of the accepted values: %(choices)s."),
    "too_long": _("The value is longer than %(max)d characters."),
    "invalid_email": _("This is not a valid email address."),
    "invalid_yes_no": _(
        "%(value)s is not yes or no; write e.g. kyllä or ei, ja or nej, yes or no."
    ),
    "benefit_required": _(
        "A day counter needs a benefit: earnings-related, basic allowance or "
        "labour market subsidy."
    ),
    # Duplicates within the file
    "duplicate_person": _("The same person is already on line %(line)d."),
    "duplicate_counter": _(
        "The same counter (person, benefit, date) is already on line %(line)d."
    ),
    "duplicate_service": _(
        "The same service (person, service, start date) is already on line %(line)d."
    ),
    "duplicate_invoice_line": _(
        "The same invoice line (invoice, person, benefit, period start) is "
        "already on line %(line)d."
    ),
    # Municipal-share invoices
    "invalid_month": _("%(value)s is not a month; write e.g. 3/2025 or 2025-03."),
    "invoice_differs": _(
        "Invoice %(number)s is for %(municipality)s, month %(month)s, elsewhere "
        "(line %(line)s or an earlier import); one invoice has one municipality "
        "and month."
    ),
    "too_many_decimals": _("%(value)s has more than two decimals."),
    # Checks against the database (exchange.services)
    "unknown_municipality": _("No municipality has the code %(value)s."),
    "municipality_out_of_scope": _(
        "%(name)s is not among the organisations this import is for."
    ),
    "unknown_service_type": _("No service has the code %(value)s."),
    "jobseeker_not_found": _("No jobseeker has the identity code %(masked)s."),
    "jobseeker_out_of_scope": _(
        "The jobseeker %(masked)s is a client of an organisation this import is "
        "not for."
    ),
    "other_organisation_client": _(
        "This person is a client of another organisation; ask for a transfer."
    ),
    "job_search_exists": _(
        "The jobseeker already has a job search that started on %(date)s."
    ),
    "no_open_case": _("The jobseeker has no open case to record the service on."),
    "service_ended_otherwise": _(
        "This service is already recorded as ended on %(date)s."
    ),
    "edited_meanwhile": _(
        "Someone saved this jobseeker during the import; import the file again."
    ),
}
# A service refused the row with its own, already worded, message.
SERVICE_MESSAGE = "rejected_by_service"


@dataclass(frozen=True)
class Problem:
    line: int | None  # None: the file as a whole
    column: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)
    record: int | None = None

    @property
    def message(self) -> str:
        return problem_message(self.code, self.params)


def problem_message(code: str, params: dict[str, Any]) -> str:
    """The reason in the active language."""
    if code == SERVICE_MESSAGE:
        return str(params.get("message", ""))
    template = MESSAGES.get(code)
    if template is None:
        return code
    return str(template) % params if params else str(template)


class ValueProblem(Exception):  # noqa: N818 - a problem with one value, not a bug
    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def line_ranges(lines: Iterable[int]) -> list[list[int]]:
    """[2, 3, 4, 7] -> [[2, 4], [7, 7]]: compact per-row outcomes of a big file."""
    ranges: list[list[int]] = []
    for line in sorted(set(lines)):
        if ranges and ranges[-1][1] == line - 1:
            ranges[-1][1] = line
        else:
            ranges.append([line, line])
    return ranges


def format_ranges(ranges: Sequence[Sequence[int]]) -> str:
    """[[2, 4], [7, 7]] -> "2–4, 7"."""
    return ", ".join(
        f"{start}–{end}" if start != end else str(start) for start, end in ranges
    )
