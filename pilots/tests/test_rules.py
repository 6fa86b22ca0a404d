"""Pilot and area conditions and the target-group clauses; no database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from pilots import rules
from pilots.reference_data import (
    HEINOLA_JUSTIFICATION,
    RULE_SETS,
    YLIVIESKA_POPULATIONS,
)

V1 = rules.clauses_from_data(RULE_SETS[0]["clauses"])  # type: ignore[arg-type]
V2 = rules.clauses_from_data(RULE_SETS[1]["clauses"])  # type: ignore[arg-type]


def _pilot(populations: tuple[int, ...], **extra: object) -> rules.PilotFacts:
    defaults: dict[str, object] = {
        "municipality_populations": populations,
        "municipality_ely_areas": tuple(1 for _ in populations),
        "te_office_clients": None,
        "clients_to_pilots": None,
        "lms_expenditure_2018": None,
        "own_resourcing_per_year": None,
    }
    return rules.PilotFacts(**{**defaults, **extra})  # type: ignore[arg-type]


def _by_code(report: rules.CheckReport) -> dict[str, rules.ConditionResult]:
    return {c.code: c for c in report.conditions}


def test_the_ylivieska_area_pilot_passes_the_population_condition() -> None:
    report = rules.check_pilot(_pilot(tuple(YLIVIESKA_POPULATIONS.values())))

    population = _by_code(report)["population"]
    assert population.value == 38706
    assert population.outcome == rules.Outcome.PASS


def test_heinola_alone_fails_and_passes_with_its_justification() -> None:
    failing = rules.check_pilot(_pilot((18000,)))
    waived = rules.check_pilot(
        _pilot((18000,), waivers={"population": HEINOLA_JUSTIFICATION})
    )

    assert _by_code(failing)["population"].outcome == rules.Outcome.FAIL
    assert failing.outcome == rules.Outcome.FAIL
    assert _by_code(waived)["population"].outcome == rules.Outcome.WAIVED
    assert _by_code(waived)["population"].justification.startswith("Hakemuksen")


@pytest.mark.parametrize(
    ("population", "outcome"), [(29_999, "fail"), (30_000, "pass"), (30_001, "pass")]
)
def test_population_boundary(population: int, outcome: str) -> None:
    report = rules.check_pilot(_pilot((population,)))

    assert _by_code(report)["population"].outcome == outcome


@pytest.mark.parametrize(("clients", "outcome"), [(400, "pass"), (401, "fail")])
def test_te_client_share_at_most_forty_percent(clients: int, outcome: str) -> None:
    report = rules.check_pilot(
        _pilot((40000,), te_office_clients=1000, clients_to_pilots=clients)
    )

    assert _by_code(report)["te_client_share"].outcome == outcome


@pytest.mark.parametrize(
    ("resourcing", "outcome"), [("149999", "fail"), ("150000", "pass")]
)
def test_own_resourcing_at_least_fifteen_percent(resourcing: str, outcome: str) -> None:
    report = rules.check_pilot(
        _pilot(
            (40000,),
            lms_expenditure_2018=Decimal("1000000"),
            own_resourcing_per_year=Decimal(resourcing),
        )
    )

    assert _by_code(report)["own_resourcing"].outcome == outcome


def test_missing_figures_are_unknown_not_guessed() -> None:
    report = rules.check_pilot(_pilot((40000,)))

    assert _by_code(report)["te_client_share"].outcome == rules.Outcome.UNKNOWN
    assert report.outcome == rules.Outcome.UNKNOWN


def test_municipalities_of_two_ely_areas_fail_and_cannot_be_waived() -> None:
    report = rules.check_pilot(
        _pilot(
            (20000, 20000),
            municipality_ely_areas=(1, 2),
            waivers={"single_ely_area": "perustelu joka on riittävän pitkä"},
        )
    )

    assert _by_code(report)["single_ely_area"].outcome == rules.Outcome.FAIL


@pytest.mark.parametrize(
    ("labour_force", "outcome"), [(19_999, "fail"), (20_000, "pass")]
)
def test_employment_area_labour_force_minimum(labour_force: int, outcome: str) -> None:
    report = rules.check_employment_area(
        rules.AreaFacts(
            labour_forces=(labour_force - 5000, 5000),
            contiguity_declared=True,
            responsible_is_member=True,
        )
    )

    assert _by_code(report)["labour_force"].outcome == outcome


def test_an_area_without_figures_or_contiguity() -> None:
    report = rules.check_employment_area(
        rules.AreaFacts(
            labour_forces=(None, 8000),
            contiguity_declared=False,
            responsible_is_member=False,
        )
    )

    results = _by_code(report)
    assert results["labour_force"].outcome == rules.Outcome.UNKNOWN
    assert results["contiguity"].outcome == rules.Outcome.FAIL
    assert results["responsible_member"].outcome == rules.Outcome.FAIL


# --- Target group -------------------------------------------------------------

ON = dt.date(2021, 3, 1)


def _person(**extra: object) -> rules.PersonFacts:
    defaults: dict[str, object] = {
        "birth_date": dt.date(1980, 5, 5),
        "benefit_type": "earnings_related",
        "is_immigrant": False,
        "mother_tongue": "fi",
        "under_temporary_protection": False,
        "home_municipality_registered": True,
        "home_in_pilot_area": True,
        "in_job_search": True,
        "status": "unemployed",
        "in_active_service": False,
    }
    return rules.PersonFacts(**{**defaults, **extra})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("birth_date", "eligible", "clause"),
    [
        (dt.date(1991, 3, 2), True, "under_age"),  # 29 on 1.3.2021
        (dt.date(1991, 3, 1), False, "no_clause"),  # turns 30 that day
        (dt.date(1990, 3, 1), False, "no_clause"),
    ],
)
def test_under_thirty_on_the_evaluation_day(
    birth_date: dt.date, eligible: bool, clause: str
) -> None:
    decision = rules.evaluate(_person(birth_date=birth_date), V1, on=ON)

    assert (decision.eligible, decision.clause) == (eligible, clause)


@pytest.mark.parametrize(
    ("benefit", "eligible"),
    [
        ("earnings_related", False),
        ("basic_allowance", True),
        ("labour_market_subsidy", True),
        ("none", True),
    ],
)
def test_not_entitled_to_earnings_related_allowance(
    benefit: str, eligible: bool
) -> None:
    decision = rules.evaluate(_person(benefit_type=benefit), V1, on=ON)

    assert decision.eligible is eligible


def test_the_first_matching_clause_decides() -> None:
    decision = rules.evaluate(
        _person(benefit_type="basic_allowance", birth_date=dt.date(2000, 1, 1)),
        V1,
        on=ON,
    )

    assert decision.clause == "not_earnings_related"


@pytest.mark.parametrize("facts", [{"is_immigrant": True}, {"mother_tongue": "other"}])
def test_immigrants_and_foreign_language_speakers(facts: dict[str, object]) -> None:
    assert (
        rules.evaluate(_person(**facts), V1, on=ON).clause
        == "immigrant_or_foreign_language"
    )


def test_temporary_protection_without_home_municipality_from_1_3_2023() -> None:
    person = _person(
        under_temporary_protection=True, home_municipality_registered=False
    )

    before = rules.evaluate(person, V1, on=dt.date(2023, 2, 28))
    after = rules.evaluate(person, V2, on=dt.date(2023, 3, 1))

    assert (before.eligible, before.clause) == (False, "no_home_municipality")
    assert (after.eligible, after.clause) == (True, "temporary_protection")


@pytest.mark.parametrize(
    ("facts", "clause"),
    [
        ({"home_in_pilot_area": False}, "not_in_area"),
        ({"in_job_search": False}, "not_jobseeker"),
        ({"status": "employed"}, "not_jobseeker"),
    ],
)
def test_only_jobseekers_of_the_pilot_area(
    facts: dict[str, object], clause: str
) -> None:
    decision = rules.evaluate(_person(benefit_type="none", **facts), V1, on=ON)

    assert (decision.eligible, decision.clause) == (False, clause)


def test_an_employed_person_in_an_active_service_is_in_the_target_group() -> None:
    decision = rules.evaluate(
        _person(benefit_type="none", status="employed", in_active_service=True),
        V1,
        on=ON,
    )

    assert decision.eligible is True


def test_unknown_clause_data_is_refused() -> None:
    with pytest.raises(ValueError, match="under_age"):
        rules.clauses_from_data([{"clause": "under_age"}])
    with pytest.raises(ValueError, match="astrology"):
        rules.clauses_from_data([{"clause": "astrology"}])
