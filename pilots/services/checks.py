"""The pilot and employment-area checks, and what a coordinator records for them:
waivers of a condition and the members' labour force."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pilots import rules
from pilots.models import AreaMunicipality, ConditionWaiver, EmploymentArea, Pilot

if TYPE_CHECKING:
    from accounts.models import User


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
