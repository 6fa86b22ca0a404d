"""Parsing import files: columns, values, rows (pure: no ORM, no I/O).

A record read from a file (exchange.formats) becomes a typed row or a list
of problems, each naming the line, the column as written in the file and a
reason. Problems are stored as a code and parameters and worded when shown,
so each reader sees them in their own language; no parameter ever holds a
full identity code (mask_identity_code).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from cases import rules as case_rules

if TYPE_CHECKING:
    from collections.abc import Callable, Hashable, Iterable, Sequence

    from django.utils.functional import Promise

    from .formats import Record


class ImportKind(StrEnum):
    JOBSEEKERS = "jobseekers"
    BENEFIT_COUNTERS = "benefit_counters"
    SERVICE_EVENTS = "service_events"


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    REJECTED = "rejected"


# --- Problems -----------------------------------------------------------------

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


# --- Columns ------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    field: str
    names: tuple[str, ...]  # the first is shown when the column is missing
    required: bool = True
    # What the column holds and how to write it, for the format description
    # on the upload page.
    description: Promise | str = ""


@functools.lru_cache(maxsize=4096)
def normalise_name(name: str) -> str:
    """Column names compare without case, accents, spaces or punctuation:
    "Henkilötunnus", "henkilotunnus" and "HENKILÖ-TUNNUS" are one name."""
    decomposed = unicodedata.normalize("NFKD", name.strip().lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]", "", plain)


IDENTITY = Column(
    "identity_code",
    ("henkilötunnus", "identity_code", "hetu", "personal_identity_code", "ssn"),
)
JOBSEEKER_COLUMNS = (
    IDENTITY,
    Column("first_names", ("etunimet", "first_names", "etunimi", "first_name")),
    Column("last_name", ("sukunimi", "last_name", "surname")),
    Column(
        "municipality_code",
        ("kuntakoodi", "municipality_code", "kunta", "kotikunta", "municipality"),
    ),
    Column(
        "registered_on",
        (
            "rekisteröintipäivä",
            "registered_on",
            "registration_date",
            "rekisteröity",
            "ilmoittautumispäivä",
            "työnhaku_alkoi",
        ),
    ),
    Column(
        "status_at_start",
        ("tilanne", "status_at_start", "työmarkkina_asema", "status"),
        required=False,
    ),
    Column(
        "language",
        ("kieli", "language", "äidinkieli", "mother_tongue", "asiointikieli"),
        required=False,
    ),
    Column(
        "benefit_type",
        ("etuus", "benefit_type", "etuuslaji", "benefit"),
        required=False,
    ),
    Column("email", ("sähköposti", "email", "e_mail"), required=False),
    Column("phone", ("puhelin", "phone", "puhelinnumero"), required=False),
    # The facts the trigger and target-group rules read (cases.rules.triggers,
    # pilots.rules): an empty cell keeps what Polku has (new person: the
    # default). Yes/no cells: kyllä/ei, ja/nej, yes/no, 1/0 or x/empty.
    Column(
        "is_immigrant",
        ("maahanmuuttaja", "is_immigrant", "immigrant", "invandrare"),
        required=False,
        description=_("Immigrant: yes or no."),
    ),
    Column(
        "first_residence_on",
        (
            "ensimmäinen_oleskelulupa",
            "first_residence_on",
            "first_residence_permit",
            "första_uppehållstillstånd",
        ),
        required=False,
        description=_(
            "Date of the first residence permit or registration of the right "
            "of residence (starts the 3-year window of the integration plan)."
        ),
    ),
    Column(
        "integration_need",
        ("kotoutumistarve", "integration_need", "integrationsbehov"),
        required=False,
        description=_("Assessed integration need: yes or no."),
    ),
    Column(
        "under_temporary_protection",
        (
            "tilapäinen_suojelu",
            "under_temporary_protection",
            "temporary_protection",
            "tillfälligt_skydd",
        ),
        required=False,
        description=_("Under temporary protection: yes or no."),
    ),
    Column(
        "home_municipality_registered",
        (
            "kotikunta_rekisterissä",
            "home_municipality_registered",
            "has_home_municipality",
            "hemkommun_registrerad",
        ),
        required=False,
        description=_(
            "Has a registered home municipality in Finland: yes or no (no, e.g., "
            "under temporary protection; the municipality column is then where "
            "the person lives)."
        ),
    ),
    Column(
        "lms_days_last_12_months",
        ("tmt_päivät_12kk", "lms_days_last_12_months"),
        required=False,
        description=_("Labour market subsidy days paid in the last 12 months (0–366)."),
    ),
    Column(
        "lms_days_after_max_allowance",
        ("tmt_päivät_enimmäisajan_jälkeen", "lms_days_after_max_allowance"),
        required=False,
        description=_(
            "Labour market subsidy days after the maximum period of "
            "earnings-related or basic allowance."
        ),
    ),
    Column(
        "max_allowance_period_exhausted",
        ("enimmäisaika_täynnä", "max_allowance_period_exhausted"),
        required=False,
        description=_(
            "Earnings-related or basic allowance received for the full maximum "
            "period: yes or no."
        ),
    ),
    Column(
        "months_main_income_social_assistance",
        ("toimeentulotuki_kk", "months_main_income_social_assistance"),
        required=False,
        description=_(
            "Consecutive months with social assistance as the main income "
            "because of unemployment (0–240)."
        ),
    ),
)
# The labour market subsidy days paid for unemployment come in the day
# counter file (COUNTER_COLUMNS), with the day they are counted to.
COUNTER_COLUMNS = (
    IDENTITY,
    Column("benefit_type", ("etuus", "benefit_type", "etuuslaji", "benefit")),
    Column(
        "days",
        ("päivät", "days", "day_counter", "laskuri", "päivälaskuri", "maksetut_päivät"),
    ),
    Column(
        "as_of", ("tilannepäivä", "as_of", "as_of_date", "päivämäärä", "pvm", "date")
    ),
)
SERVICE_COLUMNS = (
    IDENTITY,
    Column(
        "service_type",
        ("palvelu", "service_type", "palvelukoodi", "service_code", "service"),
    ),
    Column("started_on", ("alkoi", "started_on", "alkupäivä", "start_date", "start")),
    Column(
        "ended_on",
        ("päättyi", "ended_on", "loppupäivä", "end_date", "end"),
        required=False,
    ),
    Column(
        "provider",
        ("palveluntuottaja", "provider", "tuottaja", "järjestäjä"),
        required=False,
    ),
)
COLUMNS: dict[str, tuple[Column, ...]] = {
    ImportKind.JOBSEEKERS: JOBSEEKER_COLUMNS,
    ImportKind.BENEFIT_COUNTERS: COUNTER_COLUMNS,
    ImportKind.SERVICE_EVENTS: SERVICE_COLUMNS,
}


def map_columns(
    headers: Sequence[str], kind: str
) -> tuple[dict[str, str], list[Problem]]:
    """Which header of the file holds which field; problems for missing
    required columns and for two headers naming the same field."""
    by_name = {
        normalise_name(name): column
        for column in COLUMNS[kind]
        for name in column.names
    }
    mapping: dict[str, str] = {}  # field -> header as in the file
    problems = []
    for header in headers:
        column = by_name.get(normalise_name(header))
        if column is None:
            continue
        if column.field in mapping:
            problems.append(
                Problem(
                    line=1,
                    column=header,
                    code="column_twice",
                    params={"other": mapping[column.field]},
                )
            )
            continue
        mapping[column.field] = header
    problems.extend(
        Problem(
            line=1,
            column=column.names[0],
            code="column_missing",
            params={"names": ", ".join(column.names[:3])},
        )
        for column in COLUMNS[kind]
        if column.required and column.field not in mapping
    )
    return mapping, problems


# --- Values -------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_identity_code(value: Any, *, allow_temporary: bool) -> str:
    """The normalised henkilötunnus, by the same validation as registration."""
    text = _text(value).upper()
    if not text:
        raise ValueProblem("required")
    masked = case_rules.mask_identity_code(text)
    try:
        return case_rules.parse_identity_code(
            text, allow_temporary=allow_temporary
        ).value
    except case_rules.InvalidIdentityCodeError:
        pass
    if not allow_temporary:
        try:
            case_rules.parse_identity_code(text, allow_temporary=True)
        except case_rules.InvalidIdentityCodeError:
            pass
        else:
            raise ValueProblem("temporary_identity_code", masked=masked)
    raise ValueProblem("invalid_identity_code", masked=masked)


_FINNISH_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.]+)?$")


def parse_date(value: Any) -> dt.date:
    """1.3.2021, 01.03.2021, 2021-03-01 or a spreadsheet date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    if not text:
        raise ValueProblem("required")
    if match := _FINNISH_DATE.match(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO_DATE.match(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise ValueProblem("invalid_date", value=text[:20])
    try:
        return dt.date(year, month, day)
    except ValueError:
        # 31.2.2025: the right shape but no such day.
        raise ValueProblem("invalid_date", value=text[:20]) from None


def parse_decimal(value: Any) -> Decimal:
    """A number with a decimal comma or point; spaces group thousands."""
    if isinstance(value, bool):
        raise ValueProblem("invalid_number", value=str(value))
    if isinstance(value, int | float):
        return Decimal(str(value))
    text = _text(value)
    if not text:
        raise ValueProblem("required")
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text).replace(",", ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValueProblem("invalid_number", value=text[:20]) from None
    if not number.is_finite():
        raise ValueProblem("invalid_number", value=text[:20])
    return number


def parse_choice(value: Any, aliases: dict[str, str], *, default: str = "") -> str:
    """A code from its code or any of its names (compared as column names)."""
    text = _text(value)
    if not text:
        if default:
            return default
        raise ValueProblem("required")
    code = aliases.get(normalise_name(text))
    if code is None:
        shown = sorted(set(aliases.values()))
        raise ValueProblem("invalid_choice", value=text[:40], choices=", ".join(shown))
    return code


_YES = {"kylla", "k", "ja", "j", "yes", "y", "true", "1", "x"}
_NO = {"ei", "e", "nej", "n", "no", "false", "0"}


def parse_yes_no(value: Any) -> bool:
    """Yes or no in Finnish, Swedish or English, 1/0 or a spreadsheet boolean."""
    if isinstance(value, bool):
        return value
    text = normalise_name(_text(value))
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValueProblem("invalid_yes_no", value=_text(value)[:20])


def parse_text(value: Any, *, max_length: int, required: bool = True) -> str:
    text = _text(value)
    if not text and required:
        raise ValueProblem("required")
    if len(text) > max_length:
        raise ValueProblem("too_long", max=max_length)
    return text


def _aliases(table: dict[str, Iterable[str]]) -> dict[str, str]:
    return {
        normalise_name(name): code for code, names in table.items() for name in names
    }


BENEFIT_TYPES = _aliases(
    {
        "earnings_related": (
            "earnings_related",
            "ansiosidonnainen",
            "ansiopäiväraha",
            "ansiosidonnainen päiväraha",
            "inkomstrelaterad",
        ),
        "basic_allowance": (
            "basic_allowance",
            "peruspäiväraha",
            "perus",
            "grunddagpenning",
        ),
        "labour_market_subsidy": (
            "labour_market_subsidy",
            "työmarkkinatuki",
            "tmt",
            "arbetsmarknadsstöd",
        ),
        "none": ("none", "ei", "ei etuutta", "ingen", "-"),
    }
)
LABOUR_MARKET_STATUSES = _aliases(
    {
        "unemployed": ("unemployed", "työtön", "arbetslös"),
        "threat": ("threat", "työttömyysuhan alainen", "työttömyysuhka"),
        "laid_off": ("laid_off", "lomautettu", "kokoaikaisesti lomautettu"),
        "part_time": ("part_time", "osa-aikatyössä", "lyhennetty työaika"),
        "in_service": (
            "in_service",
            "palvelussa",
            "työllistymistä edistävässä palvelussa",
        ),
        "employed": ("employed", "työssä", "työllinen"),
    }
)
# Mother tongues Polku distinguishes; any other language is "other" with its name.
LANGUAGES = _aliases(
    {
        "fi": ("fi", "suomi", "finnish", "finska"),
        "sv": ("sv", "ruotsi", "swedish", "svenska"),
        "se": ("se", "saame", "sámi", "saami", "pohjoissaame"),
    }
)


# --- Rows ---------------------------------------------------------------------


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
        "benefit_type", lambda v: parse_choice(v, BENEFIT_TYPES) if _text(v) else None
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
        value = r.get(name, lambda v: parse_yes_no(v) if _text(v) else None)
        if value is not None:
            facts[name] = value
    for name, (low, high) in _FACT_NUMBERS.items():
        value = r.get(name, lambda v: parse_decimal(v) if _text(v) else None)
        if value is None:
            continue
        if value != int(value) or not low <= value <= high:
            r.add(name, "number_out_of_range", min=str(low), max=str(high))
            continue
        facts[name] = int(value)
    day = r.get("first_residence_on", lambda v: parse_date(v) if _text(v) else None)
    if day is not None:
        _not_in_future(r, "first_residence_on", day, context.today)
        facts["first_residence_on"] = day
    return facts


def _municipality_code(value: Any) -> str:
    """Statistics Finland's code; a spreadsheet may have dropped leading zeros."""
    text = _text(value)
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
    elif days is not None and days != days.quantize(Decimal("0.01")):
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
        days=days.quantize(Decimal("0.01")),
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
    ended_on = r.get("ended_on", lambda v: parse_date(v) if _text(v) else None)
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


PARSERS: dict[str, Callable[[Record, dict[str, str], Context], Any]] = {
    ImportKind.JOBSEEKERS: parse_jobseeker_row,
    ImportKind.BENEFIT_COUNTERS: parse_counter_row,
    ImportKind.SERVICE_EVENTS: parse_service_row,
}
DUPLICATE_CODES: dict[str, str] = {
    ImportKind.JOBSEEKERS: "duplicate_person",
    ImportKind.BENEFIT_COUNTERS: "duplicate_counter",
    ImportKind.SERVICE_EVENTS: "duplicate_service",
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
    parse = PARSERS[kind]
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


# --- Outcomes -----------------------------------------------------------------


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
