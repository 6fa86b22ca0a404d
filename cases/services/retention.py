"""Retention: anonymise jobseekers whose cases closed long enough ago.

Twice-safe by design: a monthly run first writes a dry-run report (who would
be anonymised, counts per organisation), and only a later run applies a
report that has waited the grace period, re-checking every person, so an
administrator can see and stop it (delete the report) in between.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet

from cases import signals
from cases.models import (
    BenefitNotice,
    Case,
    Jobseeker,
    Meeting,
    Note,
    PlanTask,
    PlanVersion,
    RetentionReport,
    ServiceNeedsAssessment,
)
from cases.models.case import CaseStatus
from core import crypto

GRACE = dt.timedelta(days=14)
ANONYMISED_NAME = "Anonymisoitu"


def retention_cutoff(*, on: dt.date) -> dt.date:
    """Cases closed before this date are past their retention period."""
    return on - dt.timedelta(days=settings.POLKU_RETENTION_DAYS_AFTER_CLOSE)


def anonymisation_candidates(*, on: dt.date) -> QuerySet[Jobseeker]:
    """Jobseekers with no open case whose last case closed before the cutoff."""
    open_case = Case.objects.filter(jobseeker=OuterRef("pk")).exclude(
        status=CaseStatus.CLOSED
    )
    return (
        Jobseeker.objects.filter(anonymised_on__isnull=True)
        .annotate(last_closed=Max("cases__closed_on"), has_open=Exists(open_case))
        .filter(has_open=False, last_closed__lt=retention_cutoff(on=on))
    )


@transaction.atomic
def retention_dry_run(*, on: dt.date) -> RetentionReport:
    """Record who would be anonymised now, without changing anything."""
    candidates = anonymisation_candidates(on=on)
    counts = {
        row["organisation__name"]: row["n"]
        for row in candidates.values("organisation__name").annotate(n=Count("id"))
    }
    return RetentionReport.objects.create(
        run_on=on,
        cutoff_on=retention_cutoff(on=on),
        jobseeker_ids=list(candidates.values_list("id", flat=True)),
        counts=counts,
    )


@transaction.atomic
def retention_apply(*, report: RetentionReport, on: dt.date) -> int:
    """Anonymise the report's jobseekers who are still candidates (set-based)."""
    ids = list(
        anonymisation_candidates(on=on)
        .filter(id__in=report.jobseeker_ids)
        .values_list("id", flat=True)
    )
    count = anonymise_jobseekers(ids=ids, on=on)
    report.applied_on = on
    report.anonymised_count = count
    report.save(update_fields=["applied_on", "anonymised_count"])
    return count


def anonymise_jobseekers(*, ids: list[int], on: dt.date) -> int:
    """Remove identifying data of `ids` and of the free text in their records.

    Statistics survive: municipality, year of birth, language group, benefit
    type, dates of process steps and services. The change history's old and
    new values are blanked through the one session setting its trigger allows
    (audit migration 0003); the access log holds no data and stays as it is.
    """
    if not ids:
        return 0
    placeholder = crypto.encrypt("anonymised")
    jobseekers = Jobseeker.objects.filter(id__in=ids)
    count = jobseekers.count()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE {Jobseeker._meta.db_table}
               SET first_names = '-', last_name = %s, email = '', phone = '',
                   address = '', other_language = '', first_residence_on = NULL,
                   identity_code_encrypted = %s,
                   identity_code_index = 'anonymised-' || id,
                   birth_date = make_date(extract(year from birth_date)::int, 1, 1),
                   anonymised_on = %s, version = version + 1, updated_at = now()
             WHERE id = ANY(%s)
            """,  # noqa: S608 - table name from model metadata, values are parameters
            [ANONYMISED_NAME, placeholder, on, ids],
        )
    in_cases = Q(case__jobseeker_id__in=ids)
    Meeting.objects.filter(in_cases).update(summary="")
    ServiceNeedsAssessment.objects.filter(in_cases).update(
        skills="",
        training_need_notes="",
        work_ability_notes="",
        language_skills="",
        notes="",
    )
    PlanVersion.objects.filter(plan__case__jobseeker_id__in=ids).update(
        goal="-", services="", obligation_reason=""
    )
    PlanTask.objects.filter(version__plan__case__jobseeker_id__in=ids).update(
        description="-"
    )
    Note.objects.filter(in_cases).update(text="-")
    BenefitNotice.objects.filter(in_cases).update(description="-")
    # Apps above cases blank their own free text about these people (a
    # referral's purpose) in this transaction.
    signals.jobseekers_anonymising.send(sender=Jobseeker, jobseeker_ids=ids)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL polku.audit_anonymise = 'on'")
        cursor.execute(
            "UPDATE audit_changerecord SET old_value = '', new_value = '' "
            "WHERE jobseeker_id = ANY(%s)",
            [ids],
        )
        cursor.execute("SET LOCAL polku.audit_anonymise = 'off'")
    return count


@transaction.atomic
def retention_monthly(*, on: dt.date) -> tuple[RetentionReport | None, RetentionReport]:
    """Apply the oldest unapplied report that has waited the grace period, then
    write this month's dry run (the scheduled task)."""
    due = (
        RetentionReport.objects.select_for_update()
        .filter(applied_on__isnull=True, run_on__lte=on - GRACE)
        .order_by("run_on")
        .first()
    )
    if due is not None:
        retention_apply(report=due, on=on)
    return due, retention_dry_run(on=on)
