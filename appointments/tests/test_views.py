"""The booking page: proposals before the due date, the form, its refusals."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pytest
from django.urls import reverse

from accounts.tests.factories import MembershipFactory, UserFactory
from appointments.models import Appointment, WeeklyHours
from audit.models import AccessLog
from organisations.models import Membership
from tests.personas import SINCE, sign_in

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import User
    from appointments.models import Place
    from cases.models import ProcessStep
    from organisations.models import Organisation

pytestmark = pytest.mark.django_db


def url(step: ProcessStep) -> str:
    return reverse("appointments:book", args=[step.pk])


def post(
    client: Client, step: ProcessStep, office: Place, language: str = "fi", **data: Any
) -> Any:
    form = {
        "caseworker": step.assignee_id,
        "day": "2026-06-09",
        "time": "10:00",
        "length": "60",
        "place": office.pk,
        "late_reason": "",
        **data,
    }
    return client.post(url(step), form, HTTP_ACCEPT_LANGUAGE=language)


def test_the_page_proposes_the_first_free_times_before_the_due_date(
    client: Client, caseworker: User, step: ProcessStep, hours: list[WeeklyHours]
) -> None:
    sign_in(client, caseworker)

    page = client.get(url(step))

    assert page.status_code == 200
    proposals = page.context["proposals"]
    assert [(p["day"], p["time"]) for p in proposals][:4] == [
        ("8.6.2026", "9.00"),
        ("8.6.2026", "10.00"),
        ("8.6.2026", "11.00"),
        ("9.6.2026", "9.00"),
    ]
    assert page.context["later"] == []
    # and: the read is in the access log
    assert AccessLog.objects.filter(jobseeker_id=step.jobseeker_id).exists()


def test_the_page_says_when_no_time_fits_before_the_due_date(
    client: Client, caseworker: User, step: ProcessStep, office: Place
) -> None:
    # given: bookable hours only from the week after the due date
    WeeklyHours.objects.create(
        caseworker=caseworker,
        weekday=1,
        start_time=dt.time(13),
        end_time=dt.time(14),
        place=office,
        valid_from=dt.date(2026, 6, 15),
    )
    sign_in(client, caseworker)

    page = client.get(url(step), HTTP_ACCEPT_LANGUAGE="fi")

    assert page.context["proposals"] == []
    assert [p["day"] for p in page.context["later"]][:1] == ["16.6.2026"]
    assert "Ennen määräpäivää ei ole vapaita aikoja" in page.content.decode()


def test_the_team_view_adds_colleagues_times(
    client: Client,
    caseworker: User,
    step: ProcessStep,
    hours: list[WeeklyHours],
    office: Place,
    municipality: Organisation,
) -> None:
    colleague = UserFactory(
        username="colleague", first_name="Kaisa", last_name="Kollega"
    )
    MembershipFactory(
        user=colleague,
        organisation=municipality,
        role=Membership.Role.CASEWORKER,
        valid_from=SINCE,
    )
    WeeklyHours.objects.create(
        caseworker=colleague,
        weekday=0,
        start_time=dt.time(8, 30),
        end_time=dt.time(9, 30),
        place=office,
        valid_from=dt.date(2026, 1, 1),
    )
    sign_in(client, caseworker)

    page = client.get(url(step) + "?who=team")

    first = page.context["proposals"][0]
    assert (first["time"], first["caseworker"]) == ("8.30", "Kaisa Kollega")


def test_free_times_take_a_fixed_number_of_queries(
    client: Client,
    caseworker: User,
    step: ProcessStep,
    hours: list[WeeklyHours],
    django_assert_max_num_queries: Any,
) -> None:
    sign_in(client, caseworker)
    client.get(url(step))
    with django_assert_max_num_queries(30) as few:
        client.get(url(step) + "?who=team")
    for day in range(15, 20):
        Appointment.objects.create(
            organisation_id=step.organisation_id,
            caseworker=caseworker,
            jobseeker_id=step.jobseeker_id,
            case_id=step.case_id,
            during=(
                dt.datetime(2026, 6, day, 6, 0, tzinfo=dt.UTC),
                dt.datetime(2026, 6, day, 7, 0, tzinfo=dt.UTC),
            ),
            channel="face_to_face",
            place=hours[0].place,
            booked_by=caseworker,
        )

    # then: more bookings and hours cost no more queries
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url(step) + "?who=team")


def test_booking_a_proposed_time_links_it_and_shows_booked_on_the_worklist(
    client: Client,
    caseworker: User,
    step: ProcessStep,
    hours: list[WeeklyHours],
    office: Place,
) -> None:
    sign_in(client, caseworker)

    response = post(client, step, office)

    assert response.status_code == 302
    appointment = Appointment.objects.get()
    assert appointment.step_id == step.pk
    worklist = client.get(reverse("cases:worklist"))
    (row,) = worklist.context["rows"]
    assert row.is_booked
    assert not row.is_invited


def test_the_worklist_says_when_the_invitation_has_gone(
    client: Client,
    caseworker: User,
    step: ProcessStep,
    hours: list[WeeklyHours],
    office: Place,
    django_capture_on_commit_callbacks: Any,
) -> None:
    sign_in(client, caseworker)
    with django_capture_on_commit_callbacks(execute=True):
        post(client, step, office)

    worklist = client.get(reverse("cases:worklist"), HTTP_ACCEPT_LANGUAGE="fi")

    (row,) = worklist.context["rows"]
    assert row.is_invited
    assert "Varattu, kutsu lähetetty" in worklist.content.decode()


def test_an_unbooked_step_has_a_book_link_on_the_worklist(
    client: Client, caseworker: User, step: ProcessStep
) -> None:
    sign_in(client, caseworker)

    worklist = client.get(reverse("cases:worklist"))

    (row,) = worklist.context["rows"]
    assert not row.is_booked
    assert url(step) in worklist.content.decode()


@pytest.mark.parametrize(
    ("language", "data", "expected"),
    [
        ("fi", {"day": "2026-06-08", "time": "07:00"}, "Aika on jo mennyt."),
        (
            "sv",
            {"time": "14:00"},
            "Tiden ligger utanför handläggarens bokningsbara tider.",
        ),
        ("en", {"day": "2026-06-16"}, "The time is after the statutory due date."),
    ],
)
def test_a_refused_time_keeps_the_form_and_says_why_in_the_users_language(
    client: Client,
    caseworker: User,
    step: ProcessStep,
    hours: list[WeeklyHours],
    office: Place,
    language: str,
    data: dict[str, str],
    expected: str,
) -> None:
    sign_in(client, caseworker)
    response = post(client, step, office, language, **data)

    assert response.status_code == 200
    assert expected in response.content.decode()
    assert f'value="{data.get("day", "2026-06-09")}"' in response.content.decode()
    assert not Appointment.objects.exists()


def test_a_double_booking_is_a_form_error(
    client: Client,
    caseworker: User,
    step: ProcessStep,
    hours: list[WeeklyHours],
    office: Place,
) -> None:
    sign_in(client, caseworker)
    post(client, step, office)

    response = post(client, step, office, time="10:30", length="30")

    assert response.status_code == 200
    assert "Työntekijällä on jo tapaaminen tähän aikaan." in response.content.decode()


def test_another_municipalitys_caseworker_gets_404(
    client: Client, other_municipality_caseworker: User, step: ProcessStep
) -> None:
    sign_in(client, other_municipality_caseworker)

    assert client.get(url(step)).status_code == 404


def test_the_booking_page_cancels_a_booked_appointment(
    client: Client,
    caseworker: User,
    step: ProcessStep,
    hours: list[WeeklyHours],
    office: Place,
) -> None:
    sign_in(client, caseworker)
    post(client, step, office)
    appointment = Appointment.objects.get()

    response = client.post(reverse("appointments:cancel", args=[appointment.pk]))

    assert response.status_code == 302
    assert response["Location"] == url(step)
    appointment.refresh_from_db()
    assert appointment.status == "cancelled"


def test_another_municipalitys_caseworker_cannot_cancel(
    client: Client,
    caseworker: User,
    other_municipality_caseworker: User,
    step: ProcessStep,
    hours: list[WeeklyHours],
    office: Place,
) -> None:
    sign_in(client, caseworker)
    post(client, step, office)
    appointment = Appointment.objects.get()
    sign_in(client, other_municipality_caseworker)

    response = client.post(reverse("appointments:cancel", args=[appointment.pk]))

    assert response.status_code == 404
    appointment.refresh_from_db()
    assert appointment.status == "booked"
