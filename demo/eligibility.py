"""Pilot and employment-area figures of the demo, and its eligibility results.

The Ylivieska-region pilot ran 1.3.2021-31.12.2024. A jobseeker's pilot
eligibility is decided for a day on which that person's job search was
running in the pilot area (two weeks into it, as the pilot would have done
at the first meeting), never for a day outside the job search: the jobseeker
page shows the result beside the job search it belongs to. A proposed third
rule version waits for review, so that a coordinator can try its dry run
against the version in force.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from pilots import services
from pilots.models import AreaMunicipality, Pilot

from .quotas import PILOT_NAME
from .stories import PILOT_ENDS, PILOT_STARTS

if TYPE_CHECKING:
    from collections.abc import Sequence

    from .staff import Staff
    from .stories import History
    from .timeline import Context

# Invented for the demo, and said so where it is shown: 46 % of the
# population, roughly the labour force's share of it (⚠ not checked against
# Statistics Finland).
LABOUR_FORCE_SHARE = 0.46
LABOUR_FORCE_SOURCE = "Esittelyaineiston arvio (46 % väkiluvusta), ei tilastotieto"
PILOT_MUNICIPALITIES = ("208", "977")  # the demo municipalities in the pilot
EVALUATED_AFTER = dt.timedelta(days=14)
# A proposal to narrow the group: entitlement to earnings-related allowance no
# longer decides, the age limit rises to 35. Its dry run on a day of the pilot
# shows who would leave the group.
DRAFT_NAME = "Alle 35-vuotiaat ja maahanmuuttajat (ehdotus)"
DRAFT_VALID_FROM = dt.date(2024, 6, 1)
DRAFT_CLAUSES: list[dict[str, Any]] = [
    {"clause": "under_age", "age": 35},
    {"clause": "immigrant_or_foreign_language"},
    {"clause": "temporary_protection"},
]
DRAFT_SOURCE = (
    "Kokeilun ohjausryhmän ehdotus (esittelyaineisto): kohderyhmä rajataan alle "
    "35-vuotiaisiin ja maahanmuuttajiin. Ei vielä tarkastettu."
)


def area_figures_load() -> None:
    """Estimated labour force of the area municipalities that have no figure."""
    for link in AreaMunicipality.objects.select_related("municipality").filter(
        labour_force__isnull=True, municipality__population__isnull=False
    ):
        population = link.municipality.population
        assert population is not None  # noqa: S101 - filtered above
        services.area_labour_force_record(
            link=link,
            labour_force=round(population * LABOUR_FORCE_SHARE),
            source=LABOUR_FORCE_SOURCE,
        )


def evaluation_day(history: History, *, anchor: dt.date) -> dt.date | None:
    """The day the person's pilot eligibility is decided, if there is one."""
    if history.person.municipality_code not in PILOT_MUNICIPALITIES:
        return None
    day = history.registered_on + EVALUATED_AFTER
    if not PILOT_STARTS <= day <= PILOT_ENDS or day >= anchor:
        return None
    return day if history.is_open_on(day) else None


def eligibility_load(histories: Sequence[History], context: Context) -> int:
    """Decide the pilot eligibility of everyone whose job search ran in the
    pilot; returns how many were decided."""
    pilot = Pilot.objects.get(organisation__name=PILOT_NAME)
    decided = 0
    for history in histories:
        day = evaluation_day(history, anchor=context.anchor)
        if day is None:
            continue
        services.eligibility_evaluate_jobseeker(
            jobseeker=context.cases[history.person.key].jobseeker, pilot=pilot, on=day
        )
        decided += 1
    return decided


def draft_rule_version_load(staff: Staff) -> None:
    """A proposed version 3 that nobody has reviewed yet."""
    services.rule_set_draft(
        name=DRAFT_NAME,
        valid_from=DRAFT_VALID_FROM,
        clauses=DRAFT_CLAUSES,
        source=DRAFT_SOURCE,
        actor=staff.users["ylivieska.coordinator"],
    )
