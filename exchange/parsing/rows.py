"""Records become typed rows or problems, each naming the line and the column as
written in the file; duplicates within a file are refused."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from cases.rules import InvalidIdentityCodeError
from cases.rules import parse_identity_code as parse_identity_code_rule

from .columns import SENDERS, map_columns, normalise_name
from .problems import ImportKind, Problem, ValueProblem
from .values import (
    BENEFIT_TYPES,
    LABOUR_MARKET_STATUSES,
    LANGUAGES,
    cell_text,
    parse_choice,
    parse_date,
    parse_decimal,
    parse_identity_code,
    parse_text,
    parse_yes_no,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Hashable, Sequence

    from exchange.formats import Record


@dataclass
class JobseekerRow:
    line: int
    record: int
    identity_code: str
    first_names: str
    last_name: str
    municipality_code: str
    registered_on: dt.date
    status_at_start: str
    # None: the file has no value, so an existing jobseeker's value stays
    # and a new one gets the default.
    mother_tongue: str | None
    other_language: str
    benefit_type: str | None
    email: str | None
    phone: str | None
    # The facts the rules read; None: not in the file, what Polku has stays.
    facts: dict[str, Any] = field(default_factory=dict)

    def key(self) -> Hashable:
        return self.identity_code


@dataclass
class CounterRow:
    line: int
    record: int
    identity_code: str
    benefit_type: str
    days: Decimal
    as_of: dt.date

    def key(self) -> Hashable:
        return (self.identity_code, self.benefit_type, self.as_of)


@dataclass
class ServiceRow:
    line: int
    record: int
    identity_code: str
    service_type: str
    started_on: dt.date
    ended_on: dt.date | None
    provider: str

    def key(self) -> Hashable:
        return (self.identity_code, self.service_type, self.started_on)


Row = JobseekerRow | CounterRow | ServiceRow
RowT = TypeVar("RowT", JobseekerRow, CounterRow, ServiceRow)


@dataclass(frozen=True)
class Context:
    """What row validation needs besides the row: plain values, no database."""

    allow_temporary: bool
    today: dt.date


class _Reader:
    """Reads the fields of one record, collecting a problem per bad value."""

    def __init__(self, record: Record, mapping: dict[str, str]) -> None:
        self.record = record
        self.mapping = mapping
        self.problems: list[Problem] = []

    def header(self, name: str) -> str:
        return self.mapping.get(name, name)

    def get(
        self, name: str, parse: Callable[[Any], Any], *, default: Any = None
    ) -> Any:
        raw = (
            self.record.values.get(self.mapping[name]) if name in self.mapping else None
        )
        try:
            return parse(raw)
        except ValueProblem as problem:
            self.add(name, problem.code, **problem.params)
            return default

    def add(self, name: str, code: str, **params: Any) -> None:
        self.problems.append(
            Problem(
                line=self.record.line,
                column=self.header(name),
                code=code,
                params=params,
                record=self.record.number,
            )
        )


def _not_in_future(
    reader: _Reader, name: str, day: dt.date | None, today: dt.date
) -> None:
    if day is not None and day > today:
        reader.add(name, "date_in_future")


def parse_jobseeker_row(
    record: Record, mapping: dict[str, str], context: Context
) -> JobseekerRow | list[Problem]:
    r = _Reader(record, mapping)
    identity_code = r.get(
        "identity_code",
        lambda v: parse_identity_code(v, allow_temporary=context.allow_temporary),
    )
    first_names = r.get("first_names", lambda v: parse_text(v, max_length=200))
    last_name = r.get("last_name", lambda v: parse_text(v, max_length=200))
    municipality_code = r.get("municipality_code", _municipality_code)
    registered_on = r.get("registered_on", parse_date)
    _not_in_future(r, "registered_on", registered_on, context.today)
    status = r.get(
        "status_at_start",
        lambda v: parse_choice(v, LABOUR_MARKET_STATUSES, default="unemployed"),
    )
    language = r.get(
        "language", lambda v: parse_text(v, max_length=100, required=False)
    )
    mother_tongue = (
        LANGUAGES.get(normalise_name(language), "other") if language else None
    )
    benefit_type = r.get(
        "benefit_type",
        lambda v: parse_choice(v, BENEFIT_TYPES) if cell_text(v) else None,
    )
    email = r.get("email", _email)
    phone = r.get(
        "phone", lambda v: parse_text(v, max_length=40, required=False) or None
    )
    facts = _fact_values(r, context)
    if r.problems:
        return r.problems
    return JobseekerRow(
        line=record.line,
        record=record.number,
        identity_code=identity_code,
        first_names=first_names,
        last_name=last_name,
        municipality_code=municipality_code,
        registered_on=registered_on,
        status_at_start=status,
        mother_tongue=mother_tongue,
        other_language=language if mother_tongue == "other" else "",
        benefit_type=benefit_type,
        email=email,
        phone=phone,
        facts=facts,
    )


_FACT_YES_NO = (
    "is_immigrant",
    "integration_need",
    "under_temporary_protection",
    "home_municipality_registered",
    "max_allowance_period_exhausted",
)
# Field -> (min, max), the jobseeker form's limits.
_FACT_NUMBERS = {
    "lms_days_last_12_months": (0, 366),
    "lms_days_after_max_allowance": (0, 9999),
    "months_main_income_social_assistance": (0, 240),
}


FACT_FIELDS = (*_FACT_YES_NO, *_FACT_NUMBERS, "first_residence_on")


def _fact_values(r: _Reader, context: Context) -> dict[str, Any]:
    """The rule facts the row gives, by field; a column left empty is not one."""
    facts: dict[str, Any] = {}
    for name in _FACT_YES_NO:
        value = r.get(name, lambda v: parse_yes_no(v) if cell_text(v) else None)
        if value is not None:
            facts[name] = value
    for name, (low, high) in _FACT_NUMBERS.items():
        value = r.get(name, lambda v: parse_decimal(v) if cell_text(v) else None)
        if value is None:
            continue
        if value != int(value) or not low <= value <= high:
            r.add(name, "number_out_of_range", min=str(low), max=str(high))
            continue
        facts[name] = int(value)
    day = r.get("first_residence_on", lambda v: parse_date(v) if cell_text(v) else None)
    if day is not None:
        _not_in_future(r, "first_residence_on", day, context.today)
        facts["first_residence_on"] = day
    return facts


def _municipality_code(value: Any) -> str:
    """Statistics Finland's code; a spreadsheet may have dropped leading zeros."""
    text = cell_text(value)
    if not text:
        raise ValueProblem("required")
    if not text.isdigit() or len(text) > 3:
        raise ValueProblem("unknown_municipality", value=text[:20])
    return text.zfill(3)


def _email(value: Any) -> str | None:
    text = parse_text(value, max_length=254, required=False)
    if not text:
        return None
    try:
        validate_email(text)
    except ValidationError:
        raise ValueProblem("invalid_email") from None
    return text


MAX_COUNTER_DAYS = Decimal("9999.99")
# Amounts and days have at most two decimals.
CENT = Decimal("0.01")


def parse_counter_row(
    record: Record, mapping: dict[str, str], context: Context
) -> CounterRow | list[Problem]:
    r = _Reader(record, mapping)
    identity_code = r.get(
        "identity_code",
        lambda v: parse_identity_code(v, allow_temporary=context.allow_temporary),
    )
    benefit_type = r.get("benefit_type", lambda v: parse_choice(v, BENEFIT_TYPES))
    if benefit_type == "none":
        r.add("benefit_type", "benefit_required")
    days = r.get("days", parse_decimal)
    if days is not None and not (0 <= days <= MAX_COUNTER_DAYS):
        r.add("days", "number_out_of_range", min="0", max=str(MAX_COUNTER_DAYS))
    elif days is not None and days != days.quantize(CENT):
        r.add("days", "invalid_number", value=str(days)[:20])
    as_of = r.get("as_of", parse_date)
    _not_in_future(r, "as_of", as_of, context.today)
    if r.problems:
        return r.problems
    return CounterRow(
        line=record.line,
        record=record.number,
        identity_code=identity_code,
        benefit_type=benefit_type,
        days=days.quantize(CENT),
        as_of=as_of,
    )


def parse_service_row(
    record: Record, mapping: dict[str, str], context: Context
) -> ServiceRow | list[Problem]:
    r = _Reader(record, mapping)
    identity_code = r.get(
        "identity_code",
        lambda v: parse_identity_code(v, allow_temporary=context.allow_temporary),
    )
    service_type = r.get("service_type", lambda v: parse_text(v, max_length=64))
    started_on = r.get("started_on", parse_date)
    ended_on = r.get("ended_on", lambda v: parse_date(v) if cell_text(v) else None)
    if started_on and ended_on and ended_on < started_on:
        r.add("ended_on", "end_before_start")
    _not_in_future(r, "ended_on", ended_on, context.today)
    provider = r.get(
        "provider", lambda v: parse_text(v, max_length=200, required=False)
    )
    if r.problems:
        return r.problems
    return ServiceRow(
        line=record.line,
        record=record.number,
        identity_code=identity_code,
        service_type=service_type.lower(),
        started_on=started_on,
        ended_on=ended_on,
        provider=provider,
    )


# Largest amount of one line; a municipality's whole month stays well below.
MAX_LINE_EUROS = Decimal("99999999.99")
# A payment period is at most a month (Kela pays monthly or every two weeks);
# a line covers at most a year's working days.
MAX_PAID_DAYS = Decimal(366)
MAX_CUMULATIVE_DAYS = 99_999
MAX_PERSONS = 1_000_000


@dataclass
class InvoiceRow:
    line: int
    record: int
    invoice_number: str
    municipality_code: str
    month: dt.date  # the first day
    identity_code: str  # "" on a totals line
    benefit_type: str
    period_start: dt.date
    period_end: dt.date
    paid_days: Decimal
    cumulative_days: int | None
    share_cents: int
    persons: int | None

    def key(self) -> Hashable:
        return (
            self.invoice_number,
            self.identity_code,
            self.benefit_type,
            self.period_start,
        )


_MONTH = re.compile(r"^(\d{1,2})[./](\d{4})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def parse_month(value: Any) -> dt.date:
    """3/2025, 03.2025, 2025-03 or a date (its month)."""
    if isinstance(value, dt.date):
        return (value.date() if isinstance(value, dt.datetime) else value).replace(
            day=1
        )
    return _month_from_text(cell_text(value))


# Cached as parse_date: every line of an invoice names the same month.
@functools.lru_cache(maxsize=256)
def _month_from_text(text: str) -> dt.date:
    if not text:
        raise ValueProblem("required")
    if match := _MONTH.match(text):
        month, year = (int(part) for part in match.groups())
    elif match := _ISO_MONTH.match(text):
        year, month = (int(part) for part in match.groups())
    else:
        try:
            return parse_date(text).replace(day=1)
        except ValueProblem:
            raise ValueProblem("invalid_month", value=text[:20]) from None
    if not 1 <= month <= 12:
        raise ValueProblem("invalid_month", value=text[:20])
    return dt.date(year, month, 1)


# Euros and cents as Kela and the funds write them (123,45): read as whole
# cents without a Decimal, and within MAX_LINE_EUROS by their digits.
_PLAIN_EUROS = re.compile(r"(\d{1,8})(?:[,.](\d\d))?")


def _cents(value: Any) -> int:
    if type(value) is str and (plain := _PLAIN_EUROS.fullmatch(value.strip())):
        return int(plain[1]) * 100 + int(plain[2] or 0)
    euros = parse_decimal(value)
    if euros != euros.quantize(CENT):
        raise ValueProblem("too_many_decimals", value=cell_text(value)[:20])
    if abs(euros) > MAX_LINE_EUROS:
        raise ValueProblem(
            "number_out_of_range",
            min=f"-{MAX_LINE_EUROS}",
            max=str(MAX_LINE_EUROS),
        )
    return int(euros * 100)


def _whole(value: Any, high: int) -> int | None:
    text = cell_text(value)
    if not text:
        return None
    if text.isascii() and text.isdigit():
        # A day count as written: no Decimal needed.
        whole = int(text)
        if whole > high:
            raise ValueProblem("number_out_of_range", min="0", max=str(high))
        return whole
    number = parse_decimal(value)
    if number != int(number) or not 0 <= number <= high:
        raise ValueProblem("number_out_of_range", min="0", max=str(high))
    return int(number)


def parse_invoice_row(
    record: Record, mapping: dict[str, str], context: Context, *, kind: str
) -> InvoiceRow | list[Problem]:
    """One record on its own; a file's records share one InvoiceRowParser."""
    return InvoiceRowParser(mapping, context, kind)(record, mapping, context)


class _Memo(dict[str, Any]):
    """One field's good values by cell text, for one file: an invoice file
    repeats its months, dates, benefits, day counts and amounts on
    thousands of lines, and a dictionary hit costs a fraction of the
    parser's calls (issue 23). A refused text is not kept: it raises
    ValueProblem each time, and the file's reader reports it."""

    __slots__ = ("parse",)

    def __init__(self, parse: Callable[[Any], Any]) -> None:
        super().__init__()
        self.parse = parse

    def __missing__(self, text: str) -> Any:
        value = self[text] = self.parse(text)
        return value


def _paid_days(value: Any) -> Decimal:
    days = parse_decimal(value)
    if not 0 <= days <= MAX_PAID_DAYS or days != days.quantize(CENT):
        raise ValueProblem("number_out_of_range")
    return days.quantize(CENT)


class InvoiceRowParser:
    """The rows of one invoice file: a line whose every value is good takes
    a path without a reader per field, each field's values parsed once per
    distinct text; a line with any problem goes to `_invoice_row`, which
    reports each. A month's 250,000 lines took 2.5 s of parsing with a
    parser call per cell, 1.8 s so. tests/test_parsing.py checks it agrees
    with the reader, line by line and with values repeated."""

    def __init__(self, mapping: dict[str, str], context: Context, kind: str) -> None:
        self.mapping = mapping
        self.context = context
        self.kind = kind
        # An unmapped field's column is None, which no record has: no value.
        self.identity_column: Any = mapping.get("identity_code")
        self.columns: list[Any] = [
            mapping.get(name)
            for name in (
                "invoice_number",
                "municipality_code",
                "month",
                "benefit_type",
                "period_start",
                "period_end",
                "paid_days",
                "cumulative_days",
                "share_euros",
                "persons",
            )
        ]
        # A column the file lacks reads as an empty cell, as the parsers
        # read None: remembered once rather than parsed on every line.
        self.blanks = [""] * len(self.columns)
        dates = _Memo(parse_date)
        self.memos = [
            _Memo(lambda v: parse_text(v, max_length=64)),
            _Memo(_municipality_code),  # zero-filled
            _Memo(parse_month),
            _Memo(lambda v: _benefit(cell_text(v), kind)),
            dates,
            dates,
            _Memo(_paid_days),
            _Memo(lambda v: _whole(v, MAX_CUMULATIVE_DAYS)),
            _Memo(_cents),
            _Memo(lambda v: _whole(v, MAX_PERSONS)),
        ]

    def __call__(
        self, record: Record, mapping: dict[str, str], context: Context
    ) -> InvoiceRow | list[Problem]:
        values = record.values.get
        # A CSV's cells are text (remembered); a spreadsheet's may be
        # numbers or dates, parsed as they come.
        try:
            fields = [
                memo[raw] if type(raw) is str else memo.parse(raw)
                for memo, raw in zip(
                    self.memos, map(values, self.columns, self.blanks), strict=True
                )
            ]
        except ValueProblem:
            return _invoice_row(record, mapping, context, self.kind)
        number, code, month, benefit, start, end, days, cumulative, cents, persons = (
            fields
        )
        if benefit == "none" or end < start or end > context.today:
            return _invoice_row(record, mapping, context, self.kind)
        raw = values(self.identity_column, "")
        identity_code = ""
        if text := cell_text(raw):
            # A good code straight from the rule; the reader says what is
            # wrong with any other.
            try:
                identity_code = parse_identity_code_rule(
                    text.upper(), allow_temporary=context.allow_temporary
                ).value
            except InvalidIdentityCodeError:
                return _invoice_row(record, mapping, context, self.kind)
        return InvoiceRow(
            line=record.line,
            record=record.number,
            invoice_number=number,
            municipality_code=code,
            month=month,
            identity_code=identity_code,
            benefit_type=benefit,
            period_start=start,
            period_end=end,
            paid_days=days,
            cumulative_days=cumulative,
            share_cents=cents,
            persons=None if identity_code else persons,
        )


def _good_invoice_row(
    record: Record,
    texts: tuple[str, str, dt.date, str, str, dt.date, dt.date],
    numbers: tuple[Decimal, int | None, int, int | None],
) -> InvoiceRow:
    """A row of checked values, normalised alike by both parsers."""
    number, municipality, month, identity_code, benefit, start, end = texts
    days, cumulative, cents, persons = numbers
    return InvoiceRow(
        line=record.line,
        record=record.number,
        invoice_number=number,
        municipality_code=municipality.zfill(3),
        month=month,
        identity_code=identity_code,
        benefit_type=benefit,
        period_start=start,
        period_end=end,
        paid_days=days.quantize(CENT),
        cumulative_days=cumulative,
        share_cents=cents,
        persons=None if identity_code else persons,
    )


# A file names a handful of benefits on every line.
@functools.lru_cache(maxsize=256)
def _benefit(text: str, kind: str) -> str:
    return parse_choice(text, BENEFIT_TYPES, default=SENDERS[kind].default_benefit)


def _invoice_row(
    record: Record, mapping: dict[str, str], context: Context, kind: str
) -> InvoiceRow | list[Problem]:
    sender = SENDERS[kind]
    r = _Reader(record, mapping)
    number = r.get("invoice_number", lambda v: parse_text(v, max_length=64))
    municipality = cell_text(r.get("municipality_code", cell_text))
    if not municipality:
        r.add("municipality_code", "required")
    elif not municipality.isdigit() or len(municipality) > 3:
        r.add("municipality_code", "unknown_municipality", value=municipality[:20])
    month = r.get("month", parse_month)
    identity_code = r.get(
        "identity_code",
        lambda v: (
            parse_identity_code(v, allow_temporary=context.allow_temporary)
            if cell_text(v)
            else ""
        ),
    )
    benefit = r.get(
        "benefit_type",
        lambda v: parse_choice(v, BENEFIT_TYPES, default=sender.default_benefit),
    )
    if benefit == "none":
        r.add("benefit_type", "benefit_required")
    start = r.get("period_start", parse_date)
    end = r.get("period_end", parse_date)
    if start and end and end < start:
        r.add("period_end", "end_before_start")
    _not_in_future(r, "period_end", end, context.today)
    days = r.get("paid_days", parse_decimal)
    if days is not None and not 0 <= days <= MAX_PAID_DAYS:
        r.add("paid_days", "number_out_of_range", min="0", max=str(MAX_PAID_DAYS))
    elif days is not None and days != days.quantize(CENT):
        r.add("paid_days", "too_many_decimals", value=str(days)[:20])
    cumulative = r.get("cumulative_days", lambda v: _whole(v, MAX_CUMULATIVE_DAYS))
    cents = r.get("share_euros", _cents)
    persons = r.get("persons", lambda v: _whole(v, MAX_PERSONS))
    if r.problems:
        return r.problems
    return _good_invoice_row(
        record,
        (number, municipality, month, identity_code or "", benefit, start, end),
        (days, cumulative, cents, persons),
    )


RowParser: TypeAlias = "Callable[[Record, dict[str, str], Context], Any]"


def _same_for_every_file(
    parse: RowParser,
) -> Callable[[dict[str, str], Context], RowParser]:
    return lambda _mapping, _context: parse


# Each kind's row parser for one file, from the file's columns and context:
# an invoice file's rows share what their parser remembers (InvoiceRowParser),
# the other kinds' parsers keep nothing.
PARSERS: dict[str, Callable[[dict[str, str], Context], RowParser]] = {
    ImportKind.JOBSEEKERS: _same_for_every_file(parse_jobseeker_row),
    ImportKind.BENEFIT_COUNTERS: _same_for_every_file(parse_counter_row),
    ImportKind.SERVICE_EVENTS: _same_for_every_file(parse_service_row),
    ImportKind.INVOICES_KELA: functools.partial(
        InvoiceRowParser, kind=ImportKind.INVOICES_KELA
    ),
    ImportKind.INVOICES_FUND: functools.partial(
        InvoiceRowParser, kind=ImportKind.INVOICES_FUND
    ),
}
DUPLICATE_CODES: dict[str, str] = {
    ImportKind.JOBSEEKERS: "duplicate_person",
    ImportKind.BENEFIT_COUNTERS: "duplicate_counter",
    ImportKind.SERVICE_EVENTS: "duplicate_service",
    ImportKind.INVOICES_KELA: "duplicate_invoice_line",
    ImportKind.INVOICES_FUND: "duplicate_invoice_line",
}


def without_duplicates(
    rows: Sequence[RowT], *, kind: str, identity_header: str
) -> tuple[list[RowT], list[Problem]]:
    """The rows whose natural key appears first; a problem for each repeat."""
    first_line: dict[Hashable, int] = {}
    kept = []
    problems = []
    for row in rows:
        key = row.key()
        if key in first_line:
            problems.append(
                Problem(
                    line=row.line,
                    column=identity_header,
                    code=DUPLICATE_CODES[kind],
                    params={"line": first_line[key]},
                    record=row.record,
                )
            )
            continue
        first_line[key] = row.line
        kept.append(row)
    return kept, problems


@dataclass
class Parsed:
    """A file's rows after the pure checks."""

    rows: list[Any]
    problems: list[Problem]
    row_count: int
    mapping: dict[str, str]

    def header(self, name: str) -> str:
        return self.mapping.get(name, name)


def parse_records(
    records: Sequence[Record], headers: Sequence[str], *, kind: str, context: Context
) -> Parsed:
    """Map the columns, parse every record and drop in-file duplicates."""
    mapping, problems = map_columns(headers, kind)
    if problems:
        # Without the columns no row can be read; say so once, not per row.
        return Parsed(
            rows=[], problems=problems, row_count=len(records), mapping=mapping
        )
    parse = PARSERS[kind](mapping, context)
    rows = []
    for record in records:
        result = parse(record, mapping, context)
        if isinstance(result, list):
            problems.extend(result)
        else:
            rows.append(result)
    rows, duplicates = without_duplicates(
        rows, kind=kind, identity_header=mapping["identity_code"]
    )
    problems.extend(duplicates)
    return Parsed(rows=rows, problems=problems, row_count=len(records), mapping=mapping)
