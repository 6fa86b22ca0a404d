"""The jobseeker page's one statement loads what the ORM would: every
record the page shows, read back from JSON, equals the row as the ORM
loads it (cases.selectors.jobseeker_overview, core.db.from_json)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pytest
from django.utils import timezone

from appropriations.models import Decision
from appropriations.selectors import decisions_from_json, decisions_section
from cases import selectors
from casework.tests.records import every_page_record

if TYPE_CHECKING:
    from django.db import models

    from accounts.models import User
    from tests.personas import Register

pytestmark = pytest.mark.django_db


def _columns(instance: models.Model) -> dict[str, Any]:
    return {
        field.attname: getattr(instance, field.attname)
        for field in instance._meta.concrete_fields
    }


def _as_the_orm_loads(instance: models.Model) -> None:
    stored = type(instance)._default_manager.get(pk=instance.pk)
    assert _columns(instance) == _columns(stored), type(instance).__name__


def test_every_record_reads_as_the_orm_loads_it(
    caseworker: User, register: Register
) -> None:
    # given
    today = timezone.localdate()
    case = register(today - dt.timedelta(days=40))
    every_page_record(case, caseworker)

    # when: read by id within the reader's organisations, as the page reads
    overview = selectors.jobseeker_overview(
        jobseeker=case.jobseeker_id,
        organisation_ids=[case.jobseeker.organisation_id],
        sections={"decisions": decisions_section()},
    )
    outside = selectors.jobseeker_overview(
        jobseeker=case.jobseeker_id, organisation_ids=[]
    )

    # then
    assert overview is not None
    assert outside is None
    decisions = decisions_from_json(overview.sections["decisions"])
    person = overview.jobseeker
    assert person.identity_code == case.jobseeker.identity_code

    assert overview.case is not None
    loaded: list[models.Model] = [
        person,
        person.organisation,
        person.home_municipality,
        overview.case,
        overview.case.job_search_period,
        overview.case.organisation,
        *overview.steps,
        *overview.services,
        *(service.service_type for service in overview.services),
        *overview.job_offers,
        *overview.notices,
        *(notice.recipient for notice in overview.notices),
        *overview.notes,
        *overview.events,
        *(plan.plan for plan in overview.plans),
        *(version for plan in overview.plans for version in plan.versions),
        *(
            task
            for plan in overview.plans
            for version in plan.versions
            for task in version.task_list  # type: ignore[attr-defined]
        ),
        *decisions,
    ]
    assert overview.assessment is not None
    loaded.append(overview.assessment)
    kinds = {type(instance).__name__ for instance in loaded}
    assert {"Case", "ProcessStep", "PlanTask", "Note", "CaseEvent"} <= kinds
    assert Decision.__name__ in kinds
    for instance in loaded:
        _as_the_orm_loads(instance)
    assert overview.case.caseworker is not None
    assert overview.case.caseworker.get_full_name() == caseworker.get_full_name()
    assert {n.recorded_by.get_full_name() for n in overview.notes} == {
        caseworker.get_full_name()
    }
