"""Recording the demo's job searches through the cases services.

Registration goes through the bulk form of `jobseeker_register`
(`cases.services.jobseekers_register_bulk`, which writes exactly its records
for many people in a few statements); the caseworker is then assigned as a team
lead assigns imported cases. Everything after registration is an action of
the person's timeline (demo.timeline), recorded with the service a
caseworker's form would call. Texts are what a Finnish caseworker writes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError

from cases import services
from cases.models import Case
from cases.models.records import MeetingKind, PlanKind

if TYPE_CHECKING:
    from collections.abc import Sequence

    from organisations.models import Organisation

    from .stories import History
    from .timeline import Context

EMPLOYMENT_TASKS = (
    "Päivitä CV ja työnhakuprofiili Työmarkkinatorilla",
    "Hae vähintään neljää työpaikkaa kuukaudessa",
    "Osallistu rekrytointitapahtumaan",
)
INTEGRATION_TASKS = (
    "Ilmoittaudu kotoutumiskoulutukseen",
    "Osallistu suomen kielen taitotason arviointiin",
)


def municipality_of(person: str) -> str:
    """The municipality code of a Person.key ("208-3")."""
    return person.split("-", 1)[0]


def histories_register(
    *,
    histories: Sequence[History],
    municipalities: dict[str, Organisation],
    context: Context,
) -> None:
    """Register every planned person in bulk and assign their caseworkers."""
    registered: list[services.Registered] = []
    ordered: list[History] = []
    for code in municipalities:
        mine = [h for h in histories if h.person.municipality_code == code]
        if not mine:
            continue
        # The municipality's caseworker registered its people.
        outcomes = services.jobseekers_register_bulk(
            entries=[
                services.RegistrationEntry(
                    organisation_id=municipalities[code].pk,
                    identity_code=h.person.identity_code,
                    data=h.jobseeker_data(),
                    registered_on=h.registered_on,
                    status_at_start="unemployed",
                )
                for h in mine
            ],
            actor=context.caseworkers[code],
        )
        for outcome in outcomes:
            # The demo's people are new: a refusal is a fault in the demo.
            if isinstance(outcome, services.Refused):
                raise ValidationError(outcome.message)
            registered.append(outcome)
        ordered += mine
    cases = Case.objects.select_related("jobseeker", "job_search_period").in_bulk(
        [r.case_id for r in registered]
    )
    for history, row in zip(ordered, registered, strict=True):
        code = history.person.municipality_code
        case = services.case_assign(
            case=cases[row.case_id],
            caseworker=context.caseworkers[code],
            actor=context.team_leads[code],
            on=history.registered_on,
        )
        context.cases[history.person.key] = case


SUMMARIES = {
    MeetingKind.INITIAL_INTERVIEW: "Alkuhaastattelu pidetty, palvelutarve arvioitu.",
    MeetingKind.SUPPLEMENTARY_DISCUSSION: "Täydentävä työnhakukeskustelu.",
    MeetingKind.JOB_SEARCH_DISCUSSION: "Työnhakukeskustelu: suunnitelma päivitetty.",
}


@dataclass(frozen=True)
class Meeting:
    kind: str
    channel: str

    def record(self, context: Context, *, person: str, on: dt.date) -> None:
        services.meeting_record(
            case=context.cases[person],
            kind=self.kind,
            held_on=on,
            channel=self.channel,
            summary=SUMMARIES[MeetingKind(self.kind)],
            actor=context.caseworkers[municipality_of(person)],
        )


@dataclass(frozen=True)
class PlanAgreed:
    kind: str
    applications: int

    def record(self, context: Context, *, person: str, on: dt.date) -> None:
        integration = self.kind == PlanKind.INTEGRATION
        tasks = INTEGRATION_TASKS if integration else EMPLOYMENT_TASKS
        services.plan_version_create(
            case=context.cases[person],
            kind=self.kind,
            expected_version=0,
            agreed_on=on,
            goal="Suomen kielen taito ja polku työelämään."
            if integration
            else "Työllistyminen avoimille työmarkkinoille omalle alalle.",
            services="Kotoutumiskoulutus."
            if integration
            else "Työnhakuvalmennus tarvittaessa.",
            applications_per_month=self.applications,
            obligation_reason=""
            if self.applications == 4
            else ("Kotoutumiskoulutus" if integration else "Osa-aikatyö"),
            contact_channel="e_service",
            valid_until=None,
            tasks=[
                services.TaskData(
                    description=text, due_on=on + dt.timedelta(days=30 * (n + 1))
                )
                for n, text in enumerate(tasks)
            ],
            actor=context.caseworkers[municipality_of(person)],
        )


@dataclass(frozen=True)
class ServiceStart:
    service_code: str
    planned_end_on: dt.date

    def record(self, context: Context, *, person: str, on: dt.date) -> None:
        context.running_services[person] = services.service_start(
            case=context.cases[person],
            service_type=context.service_types[self.service_code],
            started_on=on,
            planned_end_on=self.planned_end_on,
            provider="",
            actor=context.caseworkers[municipality_of(person)],
        )


@dataclass(frozen=True)
class ServiceEnd:
    reason: str

    def record(self, context: Context, *, person: str, on: dt.date) -> None:
        services.service_end(
            period=context.running_services.pop(person),
            ended_on=on,
            end_reason=self.reason,
            actor=context.caseworkers[municipality_of(person)],
        )


@dataclass(frozen=True)
class Close:
    exit_reason: str

    def record(self, context: Context, *, person: str, on: dt.date) -> None:
        case = context.cases[person]
        # The version moves only with status changes; read it now, as the
        # caseworker's form would carry it.
        case.refresh_from_db(fields=["version"])
        context.cases[person] = services.case_transition(
            case=case,
            to_status="closed",
            roles={"caseworker"},
            expected_version=case.version,
            on=on,
            actor=context.caseworkers[municipality_of(person)],
            exit_reason=self.exit_reason,
        )
