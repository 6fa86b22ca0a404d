"""Loading the demo data (`manage.py demo_data`) in one transaction.

The first load records its seed, size and anchor day (DemoDataset); every
later run recognises it, makes sure the demo logins exist and adds nothing,
so the demo is the same on any later day. Everything the demo records goes
through the owning app's services, in the order it happened (demo.timeline).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction

from cases.models import Jobseeker, ServiceType
from partners import seed_data
from partners.models import PartnershipAgreement

from .agreements import AGREEMENT_NAME, agreement_load, referrals_plan
from .calendars import calendars_load
from .eligibility import area_figures_load, draft_rule_version_load, eligibility_load
from .invoices import invoices_load
from .models import DemoDataset
from .people import people_plan
from .process import histories_register
from .quotas import decisions_plan, quotas_load
from .staff import staff_ensure
from .stories import History, history_plan
from .timeline import Context, replay

if TYPE_CHECKING:
    from .staff import DemoLogin

DEFAULT_SEED = 2026
DEFAULT_JOBSEEKERS = 40
# The demo is the employment areas' service (from 1.1.2025, Act 380/2023)
# with the pilot years behind it.
EARLIEST_ANCHOR = dt.date(2025, 1, 1)


class DemoDataError(Exception):
    """The demo cannot be loaded into this database as asked."""


@dataclass(frozen=True)
class DemoResult:
    logins: list[DemoLogin]
    dataset: DemoDataset
    jobseekers_created: int
    loaded: bool  # False: the data set was already there and nothing was added


def demo_plan(*, seed: int, per_municipality: int, anchor: dt.date) -> list[History]:
    """Every demo jobseeker's history; the same for the same arguments."""
    return [
        history_plan(person, rank=rank, seed=seed, anchor=anchor)
        for rank, person in enumerate(
            people_plan(seed=seed, per_municipality=per_municipality)
        )
    ]


def _same_values(
    dataset: DemoDataset, *, seed: int | None, per_municipality: int | None
) -> None:
    asked = (
        seed if seed is not None else dataset.seed,
        per_municipality
        if per_municipality is not None
        else dataset.jobseekers_per_municipality,
    )
    if asked != (dataset.seed, dataset.jobseekers_per_municipality):
        raise DemoDataError(
            f"This database already has the demo data ({dataset}). Another seed "
            "or size needs a new database."
        )


@transaction.atomic
def demo_data_create(
    *,
    seed: int | None,
    jobseekers_per_municipality: int | None,
    password: str,
    today: dt.date,
) -> DemoResult:
    """Load the demo data anchored on `today`, or recognise the loaded data set."""
    dataset = DemoDataset.objects.select_for_update().first()
    if dataset is not None:
        _same_values(dataset, seed=seed, per_municipality=jobseekers_per_municipality)
        staff = staff_ensure(password=password)
        return DemoResult(staff.logins, dataset, jobseekers_created=0, loaded=False)
    if today < EARLIEST_ANCHOR:
        raise DemoDataError(
            f"The demo needs a day on or after {EARLIEST_ANCHOR:%d.%m.%Y}, when the "
            "employment areas began."
        )
    if (
        Jobseeker.objects.exists()
        or PartnershipAgreement.objects.filter(name=AGREEMENT_NAME).exists()
    ):
        raise DemoDataError(
            "This database already has jobseekers (perhaps demo data from an "
            "earlier version of Polku): load the demo into a new database."
        )
    # First, so that a second load started at the same moment waits on the
    # one-data-set index and then fails instead of loading everything twice.
    dataset = DemoDataset.objects.create(
        seed=DEFAULT_SEED if seed is None else seed,
        anchored_on=today,
        jobseekers_per_municipality=DEFAULT_JOBSEEKERS
        if jobseekers_per_municipality is None
        else jobseekers_per_municipality,
    )
    staff = staff_ensure(password=password)
    histories = demo_plan(
        seed=dataset.seed,
        per_municipality=dataset.jobseekers_per_municipality,
        anchor=today,
    )
    context = Context(
        anchor=today,
        caseworkers=staff.by_role("caseworker"),
        team_leads=staff.by_role("teamlead"),
        service_types={s.code: s for s in ServiceType.objects.all()},
        partner=staff.partner,
    )
    context.agreement = agreement_load(staff)
    quotas_load(staff, anchor=today)
    calendars_load(staff, anchor=today)
    histories_register(
        histories=histories, municipalities=staff.municipalities, context=context
    )
    replay(
        [
            *(entry for history in histories for entry in history.entries),
            *referrals_plan(histories, anchor=today),
            *decisions_plan(histories, anchor=today),
        ],
        context,
    )
    area_figures_load()
    eligibility_load(histories, context)
    draft_rule_version_load(staff)
    # The seed documents' agreements, project and service catalogue
    # (reference data of the partners app, also used by its tests).
    seed_data.load()
    # Last: the indicator runs of the invoiced months count everything above.
    invoices_load(histories, staff, seed=dataset.seed, anchor=today)
    return DemoResult(
        staff.logins, dataset, jobseekers_created=len(histories), loaded=True
    )
