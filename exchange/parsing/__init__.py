"""Parsing import files: columns, values, rows (pure: no ORM, no I/O).

A record read from a file (exchange.formats) becomes a typed row or a list
of problems, each naming the line, the column as written in the file and a
reason. Problems are stored as a code and parameters and worded when shown,
so each reader sees them in their own language; no parameter ever holds a
full identity code (mask_identity_code).

One module a stage (problems, columns, values, rows); every name is
re-exported here, so callers write `exchange.parsing.<name>`.
"""

from .columns import (
    COLUMNS,
    COUNTER_COLUMNS,
    IDENTITY,
    JOBSEEKER_COLUMNS,
    SERVICE_COLUMNS,
    Column,
    map_columns,
    normalise_name,
)
from .problems import (
    MESSAGES,
    SERVICE_MESSAGE,
    ImportKind,
    Outcome,
    Problem,
    ValueProblem,
    format_ranges,
    line_ranges,
    problem_message,
)
from .rows import (
    DUPLICATE_CODES,
    FACT_FIELDS,
    MAX_COUNTER_DAYS,
    PARSERS,
    Context,
    CounterRow,
    JobseekerRow,
    Parsed,
    Row,
    RowT,
    ServiceRow,
    parse_counter_row,
    parse_jobseeker_row,
    parse_records,
    parse_service_row,
    without_duplicates,
)
from .values import (
    BENEFIT_TYPES,
    LABOUR_MARKET_STATUSES,
    LANGUAGES,
    parse_choice,
    parse_date,
    parse_decimal,
    parse_identity_code,
    parse_text,
    parse_yes_no,
)

__all__ = [
    "BENEFIT_TYPES",
    "COLUMNS",
    "COUNTER_COLUMNS",
    "DUPLICATE_CODES",
    "FACT_FIELDS",
    "IDENTITY",
    "JOBSEEKER_COLUMNS",
    "LABOUR_MARKET_STATUSES",
    "LANGUAGES",
    "MAX_COUNTER_DAYS",
    "MESSAGES",
    "PARSERS",
    "SERVICE_COLUMNS",
    "SERVICE_MESSAGE",
    "Column",
    "Context",
    "CounterRow",
    "ImportKind",
    "JobseekerRow",
    "Outcome",
    "Parsed",
    "Problem",
    "Row",
    "RowT",
    "ServiceRow",
    "ValueProblem",
    "format_ranges",
    "line_ranges",
    "map_columns",
    "normalise_name",
    "parse_choice",
    "parse_counter_row",
    "parse_date",
    "parse_decimal",
    "parse_identity_code",
    "parse_jobseeker_row",
    "parse_records",
    "parse_service_row",
    "parse_text",
    "parse_yes_no",
    "problem_message",
    "without_duplicates",
]
