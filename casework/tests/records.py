"""Records for the jobseeker page's tests, made through the services."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from cases import services
from cases.models import ServiceType
from organisations.tests.factories import OrganisationFactory
from tests.personas import record_a_full_case

if TYPE_CHECKING:
    from collections.abc import Iterator

    from django.http import HttpRequest, HttpResponse

    from accounts.models import User
    from appointments.models import Appointment
    from cases.models import Case


def every_page_record(case: Case, caseworker: User) -> None:
    """One or two of every record the jobseeker page shows, with text that
    needs escaping: record_a_full_case, a second plan version, a job
    offer's outcome, a service starting later, a benefit notice and two
    notes (one health-related, one of two lines)."""
    today = timezone.localdate()
    started = today - dt.timedelta(days=40)
    _plan, _service, offer, _decision = record_a_full_case(
        case, caseworker=caseworker, started=started, today=today
    )
    services.plan_version_create(
        case=case,
        kind="employment",
        expected_version=1,
        agreed_on=today - dt.timedelta(days=5),
        goal="Työ & koulutus <pian>",
        services="Valmennus",
        applications_per_month=4,
        obligation_reason="",
        contact_channel="e_service",
        valid_until=None,
        tasks=[],
        actor=caseworker,
    )
    services.job_offer_outcome_record(
        offer=offer, outcome="did_not_apply", outcome_on=today, actor=caseworker
    )
    services.service_start(
        case=case,
        service_type=ServiceType.objects.get(code="coaching"),
        started_on=today + dt.timedelta(days=3),
        planned_end_on=None,
        provider="",
        actor=caseworker,
    )
    services.benefit_notice_create(
        case=case,
        kind="refused_job",
        sent_on=today,
        recipient=OrganisationFactory(name="Kela & co"),
        description="Selvitys <liite>",
        actor=caseworker,
    )
    for text, health in (("Soitto\nuudelleen <pe>", False), ("Lääkäri", True)):
        services.note_add(
            case=case, text=text, is_health_related=health, actor=caseworker, on=today
        )


def booked_appointment(
    case: Case, caseworker: User, starts: dt.datetime, *, place_name: str = "Toimipiste"
) -> Appointment:
    """An hour's appointment of the case's jobseeker with the caseworker at
    a new face-to-face place of the case's organisation, booked as it
    stands (without the booking's messages)."""
    from appointments.models import Appointment, Place

    place = Place.objects.create(
        organisation=case.organisation,
        name=place_name,
        channel=Place.Channel.FACE_TO_FACE,
        address="Testikatu 1",
    )
    created = Appointment.objects.create(
        organisation=case.organisation,
        caseworker=caseworker,
        jobseeker=case.jobseeker,
        case=case,
        during=(starts, starts + dt.timedelta(hours=1)),
        channel=place.channel,
        place=place,
        booked_by=caseworker,
    )
    # Read back: `during` is a range as the database returns it, not the
    # tuple it was created with (the services read its bounds).
    return Appointment.objects.get(pk=created.pk)


@contextmanager
def page_contexts() -> Iterator[list[dict[str, Any]]]:
    """The contexts the jobseeker page is written from, one a request (the
    page renders no template, so the test client's response.context has
    none): for comparing the page with the templates it replaced."""
    from casework.views import jobseeker

    seen: list[dict[str, Any]] = []
    original = jobseeker._respond

    def respond(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
        seen.append(context)
        return original(request, context)

    jobseeker._respond = respond
    try:
        yield seen
    finally:
        jobseeker._respond = original
