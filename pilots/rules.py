"""Pure rules of the municipal employment pilots and employment areas.

No ORM, no I/O: the application conditions of the ministry's pilot call
(seed 004; TEM letter 8.10.2019 and the supplementary call 12.5.2020 with the
same criteria), the employment-area minimum of 380/2023 (HE 207/2022), and the
pilot target group as versioned clause data (HE 87/2020; from 1.3.2023
HE 295/2022).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cases.rules.acts import ACT_380_2023
from cases.rules.identity import age_on

if TYPE_CHECKING:
    import datetime as dt

    from django_stubs_ext import StrOrPromise


class Outcome(StrEnum):
    PASS = "pass"  # noqa: S105 - an outcome, not a password
    FAIL = "fail"
    WAIVED = "waived"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class ConditionResult:
    code: str
    outcome: Outcome
    value: Decimal | None  # the figure checked, e.g. 38706 or 0.41
    threshold: Decimal
    source: StrOrPromise  # a lazy translation, shown in the reader's language
    waivable: bool
    justification: str = ""


@dataclass(frozen=True)
class CheckReport:
    conditions: tuple[ConditionResult, ...]

    @property
    def outcome(self) -> Outcome:
        """Fail if any condition fails; unknown if any lacks figures; else pass."""
        outcomes = {c.outcome for c in self.conditions}
        if Outcome.FAIL in outcomes:
            return Outcome.FAIL
        if Outcome.UNKNOWN in outcomes:
            return Outcome.UNKNOWN
        return Outcome.PASS


# --- Pilot application (seed 004, "Kokeiluun hakeutuminen", "Resursointi") ----

PILOT_MIN_POPULATION = 30_000
# "viitteellisenä tavoitteena ... enintään noin 40 % TE-toimiston
# työnhakija-asiakkaista (myös varsinaisella hakukierroksella valitut)".
PILOT_MAX_TE_CLIENT_SHARE = Decimal("0.40")
# "vähintään 15 %:n tasoa vuoden 2018 työmarkkinatukimenoista" per year.
PILOT_MIN_RESOURCING_SHARE = Decimal("0.15")
# Seed 004 ("Kokeilujen reunaehdot", appendix 1 of the supplementary call) and
# the guidance seed 000 quotes; the condition itself is the row's label.
PILOT_CALL = _(
    "Ministry of Economic Affairs and Employment: call for municipal employment "
    "pilots 8.10.2019 and conditions of the supplementary call 2020"
)


@dataclass(frozen=True)
class PilotFacts:
    municipality_populations: tuple[int, ...]
    municipality_ely_areas: tuple[int | None, ...]
    te_office_clients: (
        int | None
    )  # jobseeker clients of the TE office(s) of the ELY area
    clients_to_pilots: int | None  # this pilot's plus already approved pilots' clients
    lms_expenditure_2018: Decimal | None  # euros, the municipalities together
    own_resourcing_per_year: Decimal | None  # euros a year
    waivers: dict[str, str] = field(default_factory=dict)  # condition -> justification


def _result(
    code: str,
    *,
    ok: bool | None,
    value: Decimal | None,
    threshold: Decimal,
    source: StrOrPromise,
    waivers: dict[str, str],
    waivable: bool,
) -> ConditionResult:
    justification = waivers.get(code, "").strip()
    if ok is None:
        outcome = Outcome.UNKNOWN
    elif ok:
        outcome = Outcome.PASS
    elif waivable and justification:
        outcome = Outcome.WAIVED
    else:
        outcome = Outcome.FAIL
    return ConditionResult(
        code, outcome, value, threshold, source, waivable, justification
    )


def check_pilot(facts: PilotFacts) -> CheckReport:
    """The ministry's application conditions, each pass / fail / waived / unknown."""
    population = Decimal(sum(facts.municipality_populations))
    ely_areas = set(facts.municipality_ely_areas)
    share = None
    if facts.te_office_clients and facts.clients_to_pilots is not None:
        share = Decimal(facts.clients_to_pilots) / Decimal(facts.te_office_clients)
    resourcing = None
    if facts.lms_expenditure_2018 and facts.own_resourcing_per_year is not None:
        resourcing = facts.own_resourcing_per_year / facts.lms_expenditure_2018
    waivers = facts.waivers
    return CheckReport(
        (
            _result(
                "population",
                ok=population >= PILOT_MIN_POPULATION,
                value=population,
                threshold=Decimal(PILOT_MIN_POPULATION),
                source=PILOT_CALL,
                waivers=waivers,
                waivable=True,
            ),
            _result(
                "single_ely_area",
                ok=None if None in ely_areas else len(ely_areas) == 1,
                value=Decimal(len(ely_areas)),
                threshold=Decimal(1),
                source=PILOT_CALL,
                waivers=waivers,
                waivable=False,
            ),
            _result(
                "te_client_share",
                ok=None if share is None else share <= PILOT_MAX_TE_CLIENT_SHARE,
                value=share,
                threshold=PILOT_MAX_TE_CLIENT_SHARE,
                source=PILOT_CALL,
                waivers=waivers,
                waivable=True,
            ),
            _result(
                "own_resourcing",
                ok=None
                if resourcing is None
                else resourcing >= PILOT_MIN_RESOURCING_SHARE,
                value=resourcing,
                threshold=PILOT_MIN_RESOURCING_SHARE,
                source=PILOT_CALL,
                waivers=waivers,
                waivable=True,
            ),
        )
    )


# --- Employment areas (380/2023; HE 207/2022) --------------------------------

AREA_MIN_LABOUR_FORCE = 20_000
# The chapter and section of the 20,000 minimum, contiguity and the
# responsible municipality are not confirmed (domain.md §2.3 cites HE 207/2022
# and the act): the act is cited without them.
AREA_SOURCE = format_lazy("{} (HE 207/2022)", ACT_380_2023)


@dataclass(frozen=True)
class AreaFacts:
    labour_forces: tuple[int | None, ...]
    contiguity_declared: bool
    responsible_is_member: bool
    waivers: dict[str, str] = field(default_factory=dict)


def check_employment_area(facts: AreaFacts) -> CheckReport:
    """The employment-area minimum, declared contiguity and a responsible member."""
    known = None not in facts.labour_forces
    labour_force = Decimal(sum(f or 0 for f in facts.labour_forces)) if known else None
    waivers = facts.waivers
    return CheckReport(
        (
            _result(
                "labour_force",
                ok=None
                if labour_force is None
                else labour_force >= AREA_MIN_LABOUR_FORCE,
                value=labour_force,
                threshold=Decimal(AREA_MIN_LABOUR_FORCE),
                source=AREA_SOURCE,
                waivers=waivers,
                waivable=True,
            ),
            _result(
                "contiguity",
                ok=facts.contiguity_declared,
                value=None,
                threshold=Decimal(1),
                source=AREA_SOURCE,
                waivers=waivers,
                waivable=False,
            ),
            _result(
                "responsible_member",
                ok=facts.responsible_is_member,
                value=None,
                threshold=Decimal(1),
                source=AREA_SOURCE,
                waivers=waivers,
                waivable=False,
            ),
        )
    )


# --- Target group (kohderyhmä) -------------------------------------------------

STATUSES_IN_TARGET = ("unemployed", "laid_off", "in_service")


class Clause(StrEnum):
    """Alternative grounds for belonging to a pilot's target group (seed 004)."""

    NOT_EARNINGS_RELATED = "not_earnings_related"
    UNDER_AGE = "under_age"
    IMMIGRANT_OR_FOREIGN_LANGUAGE = "immigrant_or_foreign_language"
    TEMPORARY_PROTECTION = "temporary_protection"


@dataclass(frozen=True)
class ClauseSpec:
    clause: Clause
    age: int | None = None  # for UNDER_AGE


@dataclass(frozen=True)
class PersonFacts:
    birth_date: dt.date
    benefit_type: str
    is_immigrant: bool
    mother_tongue: str
    under_temporary_protection: bool
    home_municipality_registered: bool
    home_in_pilot_area: bool
    in_job_search: bool  # an open job search on the day
    status: str  # labour market status of that job search
    in_active_service: bool


@dataclass(frozen=True)
class Decision:
    eligible: bool
    clause: (
        str  # a Clause value, or why not: "not_in_area", "not_jobseeker", "no_clause"
    )
    age: int


def evaluate(
    person: PersonFacts, clauses: tuple[ClauseSpec, ...], *, on: dt.date
) -> Decision:
    """Whether the person is in the target group on `on`, and which clause decided.

    Mirrors pilots.services.eligibility_sql (tested against each other).
    """
    age = age_on(person.birth_date, on)
    temporary = person.under_temporary_protection
    if not person.home_in_pilot_area:
        return Decision(eligible=False, clause="not_in_area", age=age)
    if not person.in_job_search or not (
        person.status in STATUSES_IN_TARGET or person.in_active_service
    ):
        return Decision(eligible=False, clause="not_jobseeker", age=age)
    if not person.home_municipality_registered:
        # Without a home municipality only the temporary-protection clause,
        # where the rule version has it, brings a person in (HE 295/2022).
        if temporary and any(s.clause == Clause.TEMPORARY_PROTECTION for s in clauses):
            return Decision(eligible=True, clause=Clause.TEMPORARY_PROTECTION, age=age)
        return Decision(eligible=False, clause="no_home_municipality", age=age)
    for spec in clauses:
        if (
            spec.clause == Clause.NOT_EARNINGS_RELATED
            and person.benefit_type != "earnings_related"
        ):
            return Decision(eligible=True, clause=spec.clause, age=age)
        if spec.clause == Clause.UNDER_AGE and spec.age is not None and age < spec.age:
            return Decision(eligible=True, clause=spec.clause, age=age)
        if spec.clause == Clause.IMMIGRANT_OR_FOREIGN_LANGUAGE and (
            person.is_immigrant or person.mother_tongue == "other"
        ):
            return Decision(eligible=True, clause=spec.clause, age=age)
    return Decision(eligible=False, clause="no_clause", age=age)


def clauses_from_data(data: list[dict[str, object]]) -> tuple[ClauseSpec, ...]:
    """Rule-set clause data (JSON) as typed clauses; unknown codes are refused."""
    specs = []
    for item in data:
        clause = Clause(str(item["clause"]))
        age = item.get("age")
        if clause == Clause.UNDER_AGE and not isinstance(age, int):
            raise ValueError("under_age needs an integer age")
        specs.append(ClauseSpec(clause, age if isinstance(age, int) else None))
    return tuple(specs)
