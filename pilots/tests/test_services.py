"""Pilot checks, rule versions, set-based evaluation, dry run, transfers."""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import ValidationError

from cases import services as case_services
from pilots import rules, services
from pilots.models import AreaMunicipality, EligibilityResult, EvaluationRun, Pilot

if TYPE_CHECKING:
    from accounts.models import User
    from cases.models import Jobseeker
    from organisations.models import Organisation
    from tests.personas import Register

pytestmark = pytest.mark.django_db
ON = dt.date(2022, 6, 1)


@pytest.fixture
def pilot() -> Pilot:
    return Pilot.objects.get(
        organisation__name="Ylivieskan seudun työllisyyden kuntakokeilu"
    )


def test_the_seed_pilots_check_as_the_seeds_say(db: None) -> None:
    ylivieska = Pilot.objects.get(organisation__name__startswith="Ylivieskan seudun")
    heinola = Pilot.objects.get(organisation__name__startswith="Heinolan")

    ylivieska_population = {
        c.code: c for c in services.pilot_check(ylivieska).conditions
    }
    heinola_population = {c.code: c for c in services.pilot_check(heinola).conditions}

    assert ylivieska_population["population"].value == 38706
    assert ylivieska_population["population"].outcome == "pass"
    assert heinola_population["population"].outcome == "waived"
    assert "Hakemuksen kohta 3" in heinola_population["population"].justification


def test_a_waiver_needs_a_waivable_condition_and_a_real_justification(
    pilot: Pilot, coordinator: User
) -> None:
    with pytest.raises(ValidationError):
        services.waiver_record(
            pilot=pilot,
            condition="single_ely_area",
            justification="x" * 30,
            actor=coordinator,
        )
    with pytest.raises(ValidationError):
        services.waiver_record(
            pilot=pilot,
            condition="te_client_share",
            justification="lyhyt",
            actor=coordinator,
        )

    services.waiver_record(
        pilot=pilot,
        condition="te_client_share",
        justification="Alueella pitkäaikaistyöttömyys on poikkeuksellisen korkea",
        actor=coordinator,
    )

    assert pilot.waivers.filter(condition="te_client_share").exists()


def test_an_area_checks_the_labour_force_once_every_figure_is_recorded(
    db: None,
) -> None:
    # given
    links = list(
        AreaMunicipality.objects.filter(
            area__organisation__name="Ylivieskan–Kalajoen–Nivalan työllisyysalue"
        )
    )
    assert len(links) * 4_000 >= rules.AREA_MIN_LABOUR_FORCE

    # when
    for link in links:
        services.area_labour_force_record(
            link=link, labour_force=4_000, source=" Tilastokeskus 2024 "
        )

    # then
    report = services.area_check(links[0].area)
    labour_force = next(c for c in report.conditions if c.code == "labour_force")
    assert labour_force.value == 4_000 * len(links)
    assert labour_force.outcome == rules.Outcome.PASS
    assert {link.labour_force_source for link in AreaMunicipality.objects.all()} >= {
        "Tilastokeskus 2024"
    }


def test_the_rule_version_in_force_follows_the_dates(db: None) -> None:
    assert services.rule_set_in_force(on=dt.date(2021, 2, 28)) is None
    assert services.rule_set_in_force(on=dt.date(2023, 2, 28)).version == 1  # type: ignore[union-attr]
    assert services.rule_set_in_force(on=dt.date(2023, 3, 1)).version == 2  # type: ignore[union-attr]


def test_a_draft_is_reviewed_by_another_person_before_activation(
    coordinator: User, team_lead: User
) -> None:
    draft = services.rule_set_draft(
        name="Alle 25",
        valid_from=dt.date(2024, 1, 1),
        clauses=[{"clause": "under_age", "age": 25}],
        source="Testi",
        actor=coordinator,
    )
    with pytest.raises(ValidationError):
        services.rule_set_activate(rule_set=draft, actor=coordinator)
    with pytest.raises(ValidationError):
        services.rule_set_review(rule_set=draft, actor=coordinator)

    services.rule_set_review(rule_set=draft, actor=team_lead)
    services.rule_set_activate(rule_set=draft, actor=coordinator)

    assert services.rule_set_in_force(on=dt.date(2024, 1, 1)) == draft
    assert services.rule_set_in_force(on=dt.date(2023, 12, 31)).version == 2  # type: ignore[union-attr]


def test_unknown_clauses_cannot_be_drafted(coordinator: User) -> None:
    with pytest.raises(ValidationError):
        services.rule_set_draft(
            name="x",
            valid_from=ON,
            clauses=[{"clause": "nope"}],
            source="",
            actor=coordinator,
        )


def _population(register: Register, caseworker: User, count: int) -> list[Jobseeker]:
    rng = random.Random(4)  # noqa: S311
    people = []
    for _n in range(count):
        case = register(
            ON - dt.timedelta(days=rng.randint(1, 300)),
            benefit_type=rng.choice(["earnings_related", "basic_allowance", "none"]),
            is_immigrant=rng.random() < 0.15,
            mother_tongue=rng.choice(["fi", "fi", "sv", "other"]),
            other_language="arabia",
            under_temporary_protection=rng.random() < 0.1,
            home_municipality_registered=rng.random() < 0.9,
        )
        jobseeker = case.jobseeker
        jobseeker.birth_date = dt.date(1960, 1, 1) + dt.timedelta(
            days=rng.randint(0, 15000)
        )
        jobseeker.save(update_fields=["birth_date"])
        if rng.random() < 0.2:
            case_services.case_transition(
                case=case,
                to_status="closed",
                roles={"caseworker"},
                expected_version=case.version,
                on=ON - dt.timedelta(days=1),
                actor=caseworker,
                exit_reason="education",
            )
        people.append(jobseeker)
    return people


def test_bulk_evaluation_in_sql_agrees_with_the_rules_person_by_person(
    register: Register, caseworker: User, pilot: Pilot
) -> None:
    people = _population(register, caseworker, 40)
    run = EvaluationRun.objects.create(pilot=pilot, evaluated_on=ON)

    run = services.evaluation_run_execute(run_id=run.pk)

    assert run.status == "done"
    assert run.progress_done == run.progress_total == 5
    assert run.evaluated == 40
    rule_set = services.rule_set_in_force(on=ON)
    assert rule_set is not None
    clauses = rules.clauses_from_data(rule_set.clauses)
    for jobseeker in people:
        stored = EligibilityResult.objects.get(jobseeker=jobseeker, pilot=pilot)
        expected = rules.evaluate(
            services.person_facts(jobseeker, pilot=pilot, on=ON), clauses, on=ON
        )
        assert (stored.eligible, stored.clause, stored.age) == (
            expected.eligible,
            expected.clause,
            expected.age,
        ), jobseeker.pk
        assert stored.rule_set == rule_set
    assert {r.clause for r in EligibilityResult.objects.all()} >= {"not_jobseeker"}
    assert run.eligible == EligibilityResult.objects.filter(eligible=True).count() > 0


def test_re_running_an_evaluation_gives_the_same_results(
    register: Register, caseworker: User, pilot: Pilot
) -> None:
    _population(register, caseworker, 10)
    services.evaluation_run_execute(
        run_id=EvaluationRun.objects.create(pilot=pilot, evaluated_on=ON).pk
    )
    first = list(
        EligibilityResult.objects.order_by("pk").values_list("eligible", "clause")
    )

    services.evaluation_run_execute(
        run_id=EvaluationRun.objects.create(pilot=pilot, evaluated_on=ON).pk
    )

    assert (
        list(EligibilityResult.objects.order_by("pk").values_list("eligible", "clause"))
        == first
    )


def test_municipalities_are_counted_once_and_the_last_one_finishes_the_run(
    register: Register, caseworker: User, pilot: Pilot
) -> None:
    _population(register, caseworker, 10)
    run = EvaluationRun.objects.create(pilot=pilot, evaluated_on=ON)

    municipalities = services.evaluation_run_begin(run_id=run.pk)
    # A task retried after its commit evaluates its municipality again.
    for municipality_id in [*reversed(municipalities[1:]), municipalities[1]]:
        services.evaluation_run_municipality(
            run_id=run.pk, municipality_id=municipality_id
        )
    run.refresh_from_db()
    assert (run.status, run.progress_done, run.progress_total) == ("running", 4, 5)
    # A retried start task hands out only what is left.
    assert services.evaluation_run_begin(run_id=run.pk) == municipalities[:1]

    services.evaluation_run_municipality(
        run_id=run.pk, municipality_id=municipalities[0]
    )

    run.refresh_from_db()
    assert (run.status, run.progress_done, run.evaluated) == ("done", 5, 10)
    assert sorted(run.municipalities_done) == sorted(municipalities)
    assert run.rule_set == services.rule_set_in_force(on=ON)
    assert EligibilityResult.objects.count() == 10
    assert services.evaluation_run_begin(run_id=run.pk) == []


def test_someone_who_moved_out_of_the_area_is_no_longer_eligible(
    register: Register, caseworker: User, pilot: Pilot, other_municipality: Organisation
) -> None:
    people = _population(register, caseworker, 12)
    services.evaluation_run_execute(
        run_id=EvaluationRun.objects.create(pilot=pilot, evaluated_on=ON).pk
    )
    mover = next(
        p
        for p in people
        if EligibilityResult.objects.get(jobseeker=p, pilot=pilot).eligible
    )
    stayed = {
        r.jobseeker_id: (r.eligible, r.clause)
        for r in EligibilityResult.objects.exclude(jobseeker=mover)
    }
    # Heinola is outside the Ylivieska area.
    type(mover).objects.filter(pk=mover.pk).update(home_municipality=other_municipality)

    run = services.evaluation_run_execute(
        run_id=EvaluationRun.objects.create(pilot=pilot, evaluated_on=ON).pk
    )

    moved = EligibilityResult.objects.get(jobseeker=mover, pilot=pilot)
    assert (moved.eligible, moved.clause, moved.evaluated_on) == (
        False,
        "not_in_area",
        ON,
    )
    assert run.evaluated == 11
    assert {
        r.jobseeker_id: (r.eligible, r.clause)
        for r in EligibilityResult.objects.exclude(jobseeker=mover)
    } == stayed


def test_the_dry_run_shows_who_enters_and_who_leaves(
    register: Register, caseworker: User, pilot: Pilot, coordinator: User
) -> None:
    young = register(
        ON - dt.timedelta(days=10), benefit_type="earnings_related"
    ).jobseeker
    young.birth_date = dt.date(1995, 1, 1)  # 27
    young.save(update_fields=["birth_date"])
    older = register(
        ON - dt.timedelta(days=10), benefit_type="earnings_related"
    ).jobseeker
    older.birth_date = dt.date(1987, 1, 1)  # 35
    older.save(update_fields=["birth_date"])
    draft = services.rule_set_draft(
        name="Alle 36",
        valid_from=ON,
        clauses=[{"clause": "under_age", "age": 36}],
        source="Testi",
        actor=coordinator,
    )

    dry = services.eligibility_dry_run(pilot=pilot, draft=draft, on=ON)

    assert [r.jobseeker_id for r in dry.entering] == [older.pk]
    assert dry.leaving == []
    ((municipality, entering, leaving),) = dry.by_municipality
    assert (municipality.municipality_code, entering, leaving) == ("208", 1, 0)


def test_a_changed_fact_re_evaluates_the_person(
    register: Register,
    caseworker: User,
    pilot: Pilot,
    django_capture_on_commit_callbacks: object,
) -> None:
    today = dt.date.today()  # noqa: DTZ011 - the task evaluates for today
    case = register(today - dt.timedelta(days=5), benefit_type="earnings_related")
    jobseeker = case.jobseeker
    services.eligibility_evaluate_jobseeker(jobseeker=jobseeker, pilot=pilot, on=ON)

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        case_services.jobseeker_update(
            jobseeker=jobseeker,
            expected_version=1,
            data=case_services.JobseekerData(
                first_names="Testi", last_name="Henkilö", benefit_type="basic_allowance"
            ),
            actor=caseworker,
            home_municipality=jobseeker.home_municipality,
            on=today,
        )

    result = EligibilityResult.objects.get(jobseeker=jobseeker, pilot=pilot)
    assert result.evaluated_on == today


def test_a_transfer_moves_the_case_and_its_deadlines(
    register: Register, caseworker: User, other_municipality: Organisation
) -> None:
    case = register(dt.date(2026, 2, 2))

    services.pilot_transfer(
        case=case,
        to_organisation=other_municipality,
        on=dt.date(2026, 2, 5),
        reason="language_rights",
        note="",
        actor=caseworker,
    )

    case.refresh_from_db()
    assert case.organisation == other_municipality
    assert case.jobseeker.organisation == other_municipality
    assert set(case.steps.values_list("organisation_id", flat=True)) == {
        other_municipality.pk
    }
    assert case.pilot_transfers.get().reason == "language_rights"
