"""Pilot and area checks, rule versions, and evaluating the target group.

Bulk evaluation is one SQL statement per member municipality (progress is
counted per municipality): the CASE expression is generated from the rule
version's clause data and mirrors pilots.rules.evaluate, which decides a
single person and is tested against the SQL on the same data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F, Func, Value
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cases.models import Case, JobSearchPeriod, Jobseeker, ProcessStep, ServicePeriod
from cases.models.case import CaseStatus, EventKind
from core import runs
from core.db import cursor_without_jit
from organisations.models import Organisation, OrganisationRelation

from . import rules
from .models import (
    AreaMunicipality,
    ConditionWaiver,
    EligibilityResult,
    EligibilityRuleSet,
    EmploymentArea,
    EvaluationRun,
    Pilot,
    PilotTransfer,
)

if TYPE_CHECKING:
    import datetime as dt

    from accounts.models import User


# --- Checks -----------------------------------------------------------------


def pilot_check(pilot: Pilot) -> rules.CheckReport:
    municipalities = list(pilot.municipalities.all())
    return rules.check_pilot(
        rules.PilotFacts(
            municipality_populations=tuple(m.population for m in municipalities),
            municipality_ely_areas=tuple(m.ely_centre_id for m in municipalities),
            te_office_clients=pilot.te_office_clients,
            clients_to_pilots=pilot.clients_to_pilots,
            lms_expenditure_2018=pilot.lms_expenditure_2018,
            own_resourcing_per_year=pilot.own_resourcing_per_year,
            waivers={w.condition: w.justification for w in pilot.waivers.all()},
        )
    )


def area_check(area: EmploymentArea) -> rules.CheckReport:
    municipalities = list(area.municipalities.all())
    return rules.check_employment_area(
        rules.AreaFacts(
            labour_forces=tuple(m.labour_force for m in municipalities),
            contiguity_declared=area.contiguity_declared,
            responsible_is_member=any(
                m.municipality_id == area.responsible_municipality_id
                for m in municipalities
            ),
            waivers={w.condition: w.justification for w in area.waivers.all()},
        )
    )


@transaction.atomic
def waiver_record(
    *,
    condition: str,
    justification: str,
    actor: User,
    pilot: Pilot | None = None,
    area: EmploymentArea | None = None,
) -> ConditionWaiver:
    """Record (or replace) the justification for deviating from a condition."""
    report = pilot_check(pilot) if pilot else area_check(area)  # type: ignore[arg-type]
    by_code = {c.code: c for c in report.conditions}
    if condition not in by_code:
        raise ValidationError({"condition": _("Unknown condition.")})
    if not by_code[condition].waivable:
        raise ValidationError({"condition": _("This condition cannot be waived.")})
    if len(justification.strip()) < 20:
        raise ValidationError(
            {
                "justification": _(
                    "Write the justification out (at least 20 characters)."
                )
            }
        )
    waiver, _created = ConditionWaiver.objects.update_or_create(
        pilot=pilot,
        area=area,
        condition=condition,
        defaults={"justification": justification.strip(), "recorded_by": actor},
    )
    return waiver


@transaction.atomic
def area_labour_force_record(
    *, link: AreaMunicipality, labour_force: int, source: str
) -> AreaMunicipality:
    """A member municipality's labour force for the area check, with its source."""
    link.labour_force = labour_force
    link.labour_force_source = source.strip()
    link.full_clean()
    link.save(update_fields=["labour_force", "labour_force_source", "updated_at"])
    return link


# --- Rule versions ------------------------------------------------------------


def rule_set_in_force(*, on: dt.date) -> EligibilityRuleSet | None:
    """The active version with the latest start on or before `on`."""
    return (
        EligibilityRuleSet.objects.filter(status="active", valid_from__lte=on)
        .order_by("-valid_from")
        .first()
    )


@transaction.atomic
def rule_set_draft(
    *,
    name: str,
    valid_from: dt.date,
    clauses: list[dict[str, Any]],
    source: str,
    actor: User,
    name_sv: str = "",
    source_sv: str = "",
) -> EligibilityRuleSet:
    """A new draft version; its clauses are checked against the known clause codes.

    Name and source are in Finnish, optionally also in Swedish."""
    try:
        rules.clauses_from_data(clauses)
    except (ValueError, KeyError) as exc:
        raise ValidationError({"clauses": _("Unknown or incomplete clause.")}) from exc
    if not clauses:
        raise ValidationError({"clauses": _("Choose at least one clause.")})
    latest = EligibilityRuleSet.objects.select_for_update().order_by("-version").first()
    return EligibilityRuleSet.objects.create(
        version=(latest.version if latest else 0) + 1,
        name=name.strip(),
        name_sv=name_sv.strip(),
        valid_from=valid_from,
        clauses=clauses,
        source=source.strip(),
        source_sv=source_sv.strip(),
        created_by=actor,
        status=EligibilityRuleSet.Status.DRAFT,
    )


@transaction.atomic
def rule_set_review(*, rule_set: EligibilityRuleSet, actor: User) -> EligibilityRuleSet:
    """Four eyes: someone other than the drafter confirms the draft."""
    rule_set = EligibilityRuleSet.objects.select_for_update().get(pk=rule_set.pk)
    if rule_set.status != EligibilityRuleSet.Status.DRAFT:
        raise ValidationError(_("Only a draft can be reviewed."))
    if rule_set.created_by_id == actor.pk:
        raise ValidationError(_("Another person must review the draft."))
    rule_set.status = EligibilityRuleSet.Status.REVIEWED
    rule_set.reviewed_by = actor
    rule_set.save(update_fields=["status", "reviewed_by", "updated_at"])
    return rule_set


@transaction.atomic
def rule_set_activate(
    *, rule_set: EligibilityRuleSet, actor: User
) -> EligibilityRuleSet:
    """Put a reviewed version in force from its start date."""
    rule_set = EligibilityRuleSet.objects.select_for_update().get(pk=rule_set.pk)
    if rule_set.status != EligibilityRuleSet.Status.REVIEWED:
        raise ValidationError(_("Only a reviewed version can be activated."))
    if EligibilityRuleSet.objects.filter(
        status="active", valid_from=rule_set.valid_from
    ).exists():
        raise ValidationError(
            {"valid_from": _("Another active version already starts on that day.")}
        )
    rule_set.status = EligibilityRuleSet.Status.ACTIVE
    rule_set.activated_by = actor
    rule_set.activated_at = timezone.now()
    rule_set.save(
        update_fields=["status", "activated_by", "activated_at", "updated_at"]
    )
    return rule_set


# --- Evaluation in SQL --------------------------------------------------------


def _decision_sql(clauses: tuple[rules.ClauseSpec, ...]) -> tuple[str, list[Any]]:
    """The CASE expression choosing the deciding clause, mirroring rules.evaluate."""
    parts = [
        "WHEN NOT (p.in_job_search AND (p.status IN ('unemployed', 'laid_off', "
        "'in_service') OR p.in_active_service)) THEN 'not_jobseeker'"
    ]
    params: list[Any] = []
    has_temporary = any(c.clause == rules.Clause.TEMPORARY_PROTECTION for c in clauses)
    parts.append(
        "WHEN NOT p.home_municipality_registered THEN CASE WHEN "
        "p.under_temporary_protection"
        f" AND {'TRUE' if has_temporary else 'FALSE'} THEN 'temporary_protection'"
        " ELSE 'no_home_municipality' END"
    )
    for spec in clauses:
        if spec.clause == rules.Clause.NOT_EARNINGS_RELATED:
            parts.append(
                "WHEN p.benefit_type <> 'earnings_related' THEN 'not_earnings_related'"
            )
        elif spec.clause == rules.Clause.UNDER_AGE:
            parts.append("WHEN p.age < %s THEN 'under_age'")
            params.append(spec.age)
        elif spec.clause == rules.Clause.IMMIGRANT_OR_FOREIGN_LANGUAGE:
            parts.append(
                "WHEN p.is_immigrant OR p.mother_tongue = 'other' "
                "THEN 'immigrant_or_foreign_language'"
            )
    return "CASE " + " ".join(parts) + " ELSE 'no_clause' END", params


def _people_sql(
    *, pilot: Pilot, on: dt.date, municipality_id: int | None = None
) -> tuple[str, list[Any]]:
    """One row per person living in the pilot area on `on`, with every fact the
    clauses look at (computed once, whatever the number of rule versions)."""
    members = (
        f"SELECT child_id FROM {OrganisationRelation._meta.db_table} "  # noqa: S608
        "WHERE parent_id = %s AND kind = 'member' AND valid_from <= %s "
        "AND (valid_until IS NULL OR valid_until >= %s)"
    )
    restrict = " AND j.home_municipality_id = %s" if municipality_id is not None else ""
    sql = f"""
        SELECT j.id, j.organisation_id, j.home_municipality_id, j.benefit_type,
               j.is_immigrant, j.mother_tongue, j.under_temporary_protection,
               j.home_municipality_registered,
               extract(year from age(%s::date, j.birth_date))::int AS age,
               (period.id IS NOT NULL) AS in_job_search,
               period.status_at_start AS status,
               EXISTS (
                   SELECT 1 FROM {ServicePeriod._meta.db_table} sp
                   JOIN cases_servicetype st ON st.id = sp.service_type_id
                   JOIN {Case._meta.db_table} c ON c.id = sp.case_id
                   WHERE c.jobseeker_id = j.id AND st.counts_as_active
                     AND sp.started_on <= %s
                     AND (sp.ended_on IS NULL OR sp.ended_on >= %s)
               ) AS in_active_service
        FROM {Jobseeker._meta.db_table} j
        LEFT JOIN {JobSearchPeriod._meta.db_table} period
          ON period.jobseeker_id = j.id AND period.started_on <= %s
         AND (period.ended_on IS NULL OR period.ended_on >= %s)
        WHERE j.anonymised_on IS NULL
          AND j.home_municipality_id IN ({members}){restrict}
    """  # noqa: S608 - table names from model metadata; values are parameters
    params: list[Any] = [on, on, on, on, on, pilot.organisation_id, on, on]
    if municipality_id is not None:
        params.append(municipality_id)
    return sql, params


def eligibility_sql(
    *,
    pilot: Pilot,
    rule_set: EligibilityRuleSet,
    on: dt.date,
    municipality_id: int | None = None,
) -> tuple[str, list[Any]]:
    """SELECT jobseeker_id, organisation_id, home_municipality_id, age, clause for
    everyone living in the pilot area on `on` (optionally one municipality)."""
    decision, decision_params = _decision_sql(rules.clauses_from_data(rule_set.clauses))
    people, people_params = _people_sql(
        pilot=pilot, on=on, municipality_id=municipality_id
    )
    sql = f"""
        SELECT p.id, p.organisation_id, p.home_municipality_id, p.age,
               {decision} AS clause
        FROM ({people}) p
    """  # noqa: S608 - composed of generated SQL; values are parameters
    return sql, [*decision_params, *people_params]


ELIGIBLE_CLAUSES = tuple(c.value for c in rules.Clause)


def _evaluate_into_results(
    *, pilot: Pilot, rule_set: EligibilityRuleSet, on: dt.date, municipality_id: int
) -> tuple[int, int]:
    """Upsert one municipality's results in one statement; (evaluated, eligible)."""
    select, params = eligibility_sql(
        pilot=pilot, rule_set=rule_set, on=on, municipality_id=municipality_id
    )
    table = EligibilityResult._meta.db_table
    sql = f"""
        WITH decided AS ({select}),
        upserted AS (
            INSERT INTO {table} (organisation_id, jobseeker_id, pilot_id, rule_set_id,
                                 evaluated_on, eligible, clause, age, computed_at)
            SELECT organisation_id, id, %s, %s, %s, clause = ANY(%s), clause, age,
                   clock_timestamp()
            FROM decided
            ON CONFLICT (jobseeker_id, pilot_id) DO UPDATE SET
                organisation_id = EXCLUDED.organisation_id,
                rule_set_id = EXCLUDED.rule_set_id,
                evaluated_on = EXCLUDED.evaluated_on, eligible = EXCLUDED.eligible,
                clause = EXCLUDED.clause, age = EXCLUDED.age,
                computed_at = EXCLUDED.computed_at
            RETURNING eligible
        )
        SELECT count(*), count(*) FILTER (WHERE eligible) FROM upserted
    """  # noqa: S608
    # Without JIT: the per-person service probe makes the estimate large
    # enough to compile (about 0.3 s a statement, fifteen statements a run).
    with cursor_without_jit() as cursor:
        cursor.execute(
            sql, [*params, pilot.pk, rule_set.pk, on, list(ELIGIBLE_CLAUSES)]
        )
        evaluated, eligible = cursor.fetchone()
    return int(evaluated), int(eligible)


def _database_now() -> dt.datetime:
    with connection.cursor() as cursor:
        cursor.execute("SELECT clock_timestamp()")
        (now,) = cursor.fetchone()
    return cast("dt.datetime", now)


def _mark_moved_out(
    *,
    pilot: Pilot,
    rule_set_id: int,
    on: dt.date,
    started_at: dt.datetime,
) -> int:
    """People who moved out of the area keep no stale "eligible": every
    result of the pilot that the run's municipality statements did not
    rewrite (computed before the run started) belongs to someone no longer
    living in the area.

    The ORM's exclude(jobseeker__home_municipality_id__in=...) joined every
    result to the jobseekers: 4.3 s at 1,000,000 jobseekers, against
    0.2-0.3 s for this scan of the pilot's results."""
    return EligibilityResult.objects.filter(
        pilot=pilot, computed_at__lt=started_at
    ).update(
        eligible=False,
        clause="not_in_area",
        evaluated_on=on,
        rule_set_id=rule_set_id,
        computed_at=timezone.now(),
    )


def _members(pilot: Pilot, on: dt.date) -> list[int]:
    return list(
        OrganisationRelation.objects.active_on(on)
        .filter(parent_id=pilot.organisation_id, kind=OrganisationRelation.Kind.MEMBER)
        # Largest first: with municipalities evaluated side by side, the
        # longest one starting first ends the run soonest.
        .order_by(F("child__population").desc(nulls_last=True), "child_id")
        .values_list("child_id", flat=True)
    )


def evaluation_run_start(
    *, pilot: Pilot, on: dt.date, actor: User | None
) -> EvaluationRun:
    """Record a queued bulk evaluation; its task is sent after commit (or by
    the sweeper, when the broker cannot be reached)."""
    run = EvaluationRun.objects.create(
        pilot=pilot,
        evaluated_on=on,
        requested_by=actor,
        progress_total=len(_members(pilot, on)),
    )
    runs.run_send_on_commit(run)
    return run


def evaluation_run_begin(*, run_id: int) -> list[int]:
    """Mark a queued run running (one attempt more) and return the member
    municipalities to evaluate, one task each (tasks.evaluation_run_task);
    none when the run is already done or cannot run."""
    with transaction.atomic():
        run = EvaluationRun.objects.select_for_update().get(pk=run_id)
        if run.status == EvaluationRun.Status.DONE:
            return []
        if run.status == EvaluationRun.Status.RUNNING:
            # A redelivered task while the run goes on: the municipalities
            # not yet counted (evaluating one twice rewrites the same
            # results and counts it once).
            done = set(run.municipalities_done)
            return [m for m in _members(run.pilot, run.evaluated_on) if m not in done]
        run.attempts += 1
        run.heartbeat_at = timezone.now()
        rule_set = rule_set_in_force(on=run.evaluated_on)
        if rule_set is None:
            with translation.override(run.message_language()):
                run.error = _("No target-group rule version was in force on that day.")
            run.status = EvaluationRun.Status.FAILED
            run.finished_at = timezone.now()
            run.save(
                update_fields=[
                    "status",
                    "error",
                    "attempts",
                    "heartbeat_at",
                    "finished_at",
                    "updated_at",
                ]
            )
            return []
        municipalities = _members(run.pilot, run.evaluated_on)
        run.status = EvaluationRun.Status.RUNNING
        run.rule_set = rule_set
        # The statements below stamp computed_at with clock_timestamp(), not
        # the transaction's now(): the run may be inside one transaction (tests).
        run.started_at = _database_now()
        run.progress_total = len(municipalities)
        run.progress_done = run.evaluated = run.eligible = 0
        run.municipalities_done = []
        run.error = ""
        run.save()
    if not municipalities:
        evaluation_run_finish(run_id=run.pk)
    return municipalities


def evaluation_run_municipality(*, run_id: int, municipality_id: int) -> None:
    """Evaluate one member municipality in one transaction and count it once
    (a retried task rewrites the same results); the task that counts the last
    municipality finishes the run."""
    run = EvaluationRun.objects.select_related("pilot", "rule_set").get(pk=run_id)
    if run.status != EvaluationRun.Status.RUNNING or run.rule_set is None:
        return
    with transaction.atomic():
        evaluated, eligible = _evaluate_into_results(
            pilot=run.pilot,
            rule_set=run.rule_set,
            on=run.evaluated_on,
            municipality_id=municipality_id,
        )
        # The row lock orders concurrent tasks: exactly one sees done == total.
        counted = (
            EvaluationRun.objects.filter(pk=run.pk)
            .exclude(municipalities_done__contains=[municipality_id])
            .update(
                progress_done=F("progress_done") + 1,
                heartbeat_at=timezone.now(),
                evaluated=F("evaluated") + evaluated,
                eligible=F("eligible") + eligible,
                municipalities_done=Func(
                    F("municipalities_done"),
                    Value(municipality_id),
                    function="array_append",
                ),
            )
        )
    if counted:
        run.refresh_from_db(fields=["progress_done", "progress_total"])
        if run.progress_done < run.progress_total:
            return
    evaluation_run_finish(run_id=run.pk)


def evaluation_run_finish(*, run_id: int) -> None:
    """Once every municipality is counted: mark people who moved out of the
    area and close the run (once, however many tasks ask)."""
    with transaction.atomic():
        run = (
            EvaluationRun.objects.select_for_update()
            .select_related("pilot")
            .get(pk=run_id)
        )
        if (
            run.status != EvaluationRun.Status.RUNNING
            or run.progress_done < run.progress_total
            or run.rule_set_id is None
            or run.started_at is None
        ):
            return
        _mark_moved_out(
            pilot=run.pilot,
            rule_set_id=run.rule_set_id,
            on=run.evaluated_on,
            started_at=run.started_at,
        )
        run.status = EvaluationRun.Status.DONE
        run.finished_at = run.heartbeat_at = timezone.now()
        run.save(update_fields=["status", "finished_at", "heartbeat_at", "updated_at"])


def evaluation_run_execute(*, run_id: int) -> EvaluationRun:
    """The whole run in this process, municipality after municipality (what
    the tasks do side by side); commits progress after each."""
    for municipality_id in evaluation_run_begin(run_id=run_id):
        evaluation_run_municipality(run_id=run_id, municipality_id=municipality_id)
    return EvaluationRun.objects.get(pk=run_id)


# --- Dry run ----------------------------------------------------------------


@dataclass(frozen=True)
class DryRunRow:
    jobseeker_id: int
    municipality_id: int
    before: str
    after: str


@dataclass(frozen=True)
class DryRun:
    current: EligibilityRuleSet
    draft: EligibilityRuleSet
    on: dt.date
    entering: list[DryRunRow]
    leaving: list[DryRunRow]
    by_municipality: list[tuple[Organisation, int, int]]


def eligibility_dry_run(
    *, pilot: Pilot, draft: EligibilityRuleSet, on: dt.date
) -> DryRun:
    """Who would enter and who would leave the target group if `draft` were in force.

    A dry run compares two versions: the draft (or any version not in force
    on `on`) with the version in force on `on`. Comparing the version in
    force with itself, or with nothing, would show an empty or meaningless
    difference, so both are refused with the reason.
    """
    current = rule_set_in_force(on=on)
    if current is None:
        raise ValidationError(
            {
                "on": _(
                    "No version of the target-group rules is in force on this "
                    "day, so there is nothing to compare with."
                )
            }
        )
    if current.pk == draft.pk:
        raise ValidationError(
            {
                "on": _(
                    "Version %(version)d is the version in force on this day: "
                    "there is nothing to compare it with. A dry run compares a "
                    "draft, or a version not yet in force, with the version in "
                    "force."
                )
                % {"version": draft.version}
            }
        )
    after, after_params = _decision_sql(rules.clauses_from_data(draft.clauses))
    before, before_params = _decision_sql(rules.clauses_from_data(current.clauses))
    people, people_params = _people_sql(pilot=pilot, on=on)
    # One pass over the people computes both decisions side by side.
    sql = f"""
        SELECT id, home_municipality_id, before, after FROM (
            SELECT p.id, p.home_municipality_id, {before} AS before, {after} AS after
            FROM ({people}) p
        ) d
        WHERE (after = ANY(%s)) <> (before = ANY(%s))
        ORDER BY home_municipality_id, id
    """  # noqa: S608
    eligible = list(ELIGIBLE_CLAUSES)
    with connection.cursor() as cursor:
        cursor.execute(
            sql, [*before_params, *after_params, *people_params, eligible, eligible]
        )
        rows = [DryRunRow(*row) for row in cursor.fetchall()]
    entering = [r for r in rows if r.after in ELIGIBLE_CLAUSES]
    leaving = [r for r in rows if r.after not in ELIGIBLE_CLAUSES]
    names = Organisation.objects.in_bulk({r.municipality_id for r in rows})
    by_municipality = [
        (
            names[mid],
            sum(1 for r in entering if r.municipality_id == mid),
            sum(1 for r in leaving if r.municipality_id == mid),
        )
        for mid in sorted(names, key=lambda i: names[i].name)
    ]
    return DryRun(current, draft, on, entering, leaving, by_municipality)


# --- One person ---------------------------------------------------------------


def person_facts(
    jobseeker: Jobseeker, *, pilot: Pilot, on: dt.date
) -> rules.PersonFacts:
    members = set(_members(pilot, on))
    period = (
        JobSearchPeriod.objects.filter(jobseeker=jobseeker, started_on__lte=on)
        .exclude(ended_on__lt=on)
        .first()
    )
    active_service = (
        ServicePeriod.objects.filter(
            case__jobseeker=jobseeker,
            service_type__counts_as_active=True,
            started_on__lte=on,
        )
        .exclude(ended_on__lt=on)
        .exists()
    )
    return rules.PersonFacts(
        birth_date=jobseeker.birth_date,
        benefit_type=jobseeker.benefit_type,
        is_immigrant=jobseeker.is_immigrant,
        mother_tongue=jobseeker.mother_tongue,
        under_temporary_protection=jobseeker.under_temporary_protection,
        home_municipality_registered=jobseeker.home_municipality_registered,
        home_in_pilot_area=jobseeker.home_municipality_id in members,
        in_job_search=period is not None,
        status=period.status_at_start if period else "",
        in_active_service=active_service,
    )


@transaction.atomic
def eligibility_evaluate_jobseeker(
    *, jobseeker: Jobseeker, pilot: Pilot, on: dt.date
) -> EligibilityResult | None:
    """Decide one person now (after a fact changed); store it with the version used."""
    rule_set = rule_set_in_force(on=on)
    if rule_set is None:
        return None
    decision = rules.evaluate(
        person_facts(jobseeker, pilot=pilot, on=on),
        rules.clauses_from_data(rule_set.clauses),
        on=on,
    )
    result, _created = EligibilityResult.objects.update_or_create(
        jobseeker=jobseeker,
        pilot=pilot,
        defaults={
            "organisation_id": jobseeker.organisation_id,
            "rule_set": rule_set,
            "evaluated_on": on,
            "eligible": decision.eligible,
            "clause": decision.clause,
            "age": decision.age,
            "computed_at": timezone.now(),
        },
    )
    return result


def pilots_for_municipality(*, municipality_id: int, on: dt.date) -> list[Pilot]:
    parents = (
        OrganisationRelation.objects.active_on(on)
        .filter(child_id=municipality_id, kind=OrganisationRelation.Kind.MEMBER)
        .values("parent_id")
    )
    return list(
        Pilot.objects.filter(organisation_id__in=parents).select_related("organisation")
    )


def eligibility_reevaluate_jobseeker(*, jobseeker_id: int, on: dt.date) -> int:
    """Re-decide a person for every pilot covering their (new) home municipality
    and every pilot that decided them before; returns how many results changed."""
    jobseeker = Jobseeker.objects.get(pk=jobseeker_id)
    pilots = {
        p.pk: p
        for p in pilots_for_municipality(
            municipality_id=jobseeker.home_municipality_id, on=on
        )
    }
    for result in EligibilityResult.objects.filter(jobseeker=jobseeker).select_related(
        "pilot"
    ):
        pilots.setdefault(result.pilot_id, result.pilot)
    for pilot in pilots.values():
        eligibility_evaluate_jobseeker(jobseeker=jobseeker, pilot=pilot, on=on)
    return len(pilots)


# --- Transfers ------------------------------------------------------------------


@transaction.atomic
def pilot_transfer(
    *,
    case: Case,
    to_organisation: Organisation,
    on: dt.date,
    reason: str,
    note: str,
    actor: User,
) -> PilotTransfer:
    """Move the case (and the jobseeker's responsible organisation) with a reason;
    open deadlines move to the new organisation's worklists, unassigned."""
    from cases.services.process import event_record

    case = Case.objects.select_for_update().select_related("jobseeker").get(pk=case.pk)
    if case.status == CaseStatus.CLOSED:
        raise ValidationError(_("A closed case cannot be transferred."))
    if case.organisation_id == to_organisation.pk:
        raise ValidationError({"to_organisation": _("The case is already there.")})
    transfer = PilotTransfer(
        case=case,
        from_organisation_id=case.organisation_id,
        to_organisation=to_organisation,
        transferred_on=on,
        reason=reason,
        note=note.strip(),
        recorded_by=actor,
    )
    transfer.full_clean()
    transfer.save()
    Case.objects.filter(pk=case.pk).update(
        organisation=to_organisation, caseworker=None, version=F("version") + 1
    )
    Jobseeker.objects.filter(pk=case.jobseeker_id).update(organisation=to_organisation)
    ProcessStep.objects.filter(case=case, status__in=["open", "paused"]).update(
        organisation=to_organisation, assignee=None
    )
    case.refresh_from_db()
    event_record(
        case=case,
        jobseeker=case.jobseeker,
        kind=EventKind.CASE_ASSIGNED,
        occurred_on=on,
        actor=actor,
        target=transfer,
        transferred_to=to_organisation.pk,
        reason=reason,
    )
    return transfer
