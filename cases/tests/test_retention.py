from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from django.conf import settings

from audit.models import ChangeRecord
from cases import services
from cases.models import Jobseeker, Note, RetentionReport
from cases.services.retention import retention_apply, retention_monthly

if TYPE_CHECKING:
    from accounts.models import User
    from tests.personas import Register

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 1)


def _closed(
    register: Register, user: User, closed_on: dt.date, **data: object
) -> Jobseeker:
    case = register(closed_on - dt.timedelta(days=60), **data)
    services.note_add(
        case=case,
        text="Henkilökohtainen muistiinpano",
        is_health_related=False,
        actor=user,
        on=closed_on,
    )
    services.jobseeker_update(
        jobseeker=case.jobseeker,
        expected_version=1,
        data=services.JobseekerData(first_names="Muutettu", last_name="Sukunimi"),
        actor=user,
        home_municipality=case.jobseeker.home_municipality,
        on=closed_on,
    )
    case.refresh_from_db()
    services.case_transition(
        case=case,
        to_status="closed",
        roles={"caseworker"},
        expected_version=case.version,
        on=closed_on,
        actor=user,
        exit_reason="open_market_employment",
    )
    return case.jobseeker


def test_a_dry_run_comes_first_and_the_next_run_applies_it(
    register: Register, caseworker: User
) -> None:
    retention = dt.timedelta(days=settings.POLKU_RETENTION_DAYS_AFTER_CLOSE)
    old = _closed(
        register,
        caseworker,
        TODAY - retention - dt.timedelta(days=30),
        last_name="Vanha",
    )
    recent = _closed(
        register, caseworker, TODAY - dt.timedelta(days=30), last_name="Uusi"
    )
    code = old.identity_code

    applied, report = retention_monthly(on=TODAY)

    assert applied is None
    assert report.jobseeker_ids == [old.pk]
    old.refresh_from_db()
    assert old.anonymised_on is None  # nothing changes in a dry run

    applied, _next = retention_monthly(on=TODAY + dt.timedelta(days=31))

    assert applied == report
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.anonymised_on is not None
    assert (old.first_names, old.last_name, old.phone) == ("-", "Anonymisoitu", "")
    assert old.birth_date.month == 1 and old.birth_date.day == 1  # noqa: PT018
    assert not Jobseeker.objects.with_identity_code(code).exists()
    assert Note.objects.get(case__jobseeker=old).text == "-"
    assert set(
        ChangeRecord.objects.filter(jobseeker_id=old.pk).values_list(
            "old_value", "new_value"
        )
    ) == {("", "")}
    assert recent.anonymised_on is None
    assert RetentionReport.objects.count() == 2


def test_a_person_who_returned_is_not_anonymised(
    register: Register, caseworker: User
) -> None:
    retention = dt.timedelta(days=settings.POLKU_RETENTION_DAYS_AFTER_CLOSE)
    person = _closed(register, caseworker, TODAY - retention - dt.timedelta(days=30))
    _applied, report = retention_monthly(on=TODAY)
    register(TODAY, identity_code=person.identity_code)  # a new job search

    assert retention_apply(report=report, on=TODAY + dt.timedelta(days=20)) == 0
    person.refresh_from_db()
    assert person.anonymised_on is None
