"""Bulk evaluation runs: one SQL statement per member municipality (progress is
counted per municipality), then the people who moved out of the area."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.db import connection, transaction
from django.db.models import F, Func, Value
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import runs
from core.db import cursor_without_jit
from pilots.models import EligibilityResult, EligibilityRuleSet, EvaluationRun, Pilot

from .rule_versions import rule_set_in_force
from .target_group import ELIGIBLE_CLAUSES, eligibility_sql, pilot_member_ids

if TYPE_CHECKING:
    import datetime as dt

    from accounts.models import User


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


def evaluation_run_start(
    *, pilot: Pilot, on: dt.date, actor: User | None
) -> EvaluationRun:
    """Record a queued bulk evaluation; its task is sent after commit (or by
    the sweeper, when the broker cannot be reached)."""
    run = EvaluationRun.objects.create(
        pilot=pilot,
        evaluated_on=on,
        requested_by=actor,
        progress_total=len(pilot_member_ids(pilot, on)),
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
            return [
                m
                for m in pilot_member_ids(run.pilot, run.evaluated_on)
                if m not in done
            ]
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
        municipalities = pilot_member_ids(run.pilot, run.evaluated_on)
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
