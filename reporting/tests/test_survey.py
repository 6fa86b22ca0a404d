"""The jobseeker's voice (issue 23 item 3): after a meeting held, one
question by a signed link in the channel of the person's reminders; the
answer is anonymous, answers once, and becomes the satisfaction indicator;
coordinators read the comments by month, five answers or more.

The clock stands in March 2027, after satisfaction version 2 took effect."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from appointments import services as appointment_services
from appointments.models import Appointment, Place, ReminderPause, WeeklyHours
from appointments.rules import HELSINKI
from cases.models import ProcessStep
from messaging.models import Message
from messaging.rendering import message_render
from reporting import selectors, services, surveys
from reporting.models import (
    IndicatorValue,
    SurveyAnswer,
    SurveyInvitation,
    SurveyLinkUse,
    SurveySetting,
)
from reporting.tests.factories import survey_answer
from tests.personas import sign_in

if TYPE_CHECKING:
    from collections.abc import Iterator

    from django.test import Client

    from accounts.models import User
    from organisations.models import Organisation
    from tests.personas import Register

pytestmark = pytest.mark.django_db

# Monday 8 March 2027 at 8.00; the interview is booked for Tuesday at 10.
NOW = dt.datetime(2027, 3, 8, 8, 0, tzinfo=HELSINKI)
MEETING = dt.datetime(2027, 3, 9, 10, 0, tzinfo=HELSINKI)
AFTER = dt.datetime(2027, 3, 9, 11, 30, tzinfo=HELSINKI)
MARCH = dt.date(2027, 3, 1)


@pytest.fixture
def clock() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def survey_on(municipality: Organisation, coordinator: User) -> SurveySetting:
    return surveys.survey_setting_set(
        organisation=municipality, is_on=True, actor=coordinator, now=NOW
    )


@pytest.fixture
def appointment(
    register: Register, caseworker: User, municipality: Organisation, clock: None
) -> Appointment:
    """An initial interview of a Swedish speaker with e-mail and a mobile
    number, booked through the service (invitations queued)."""
    office = Place.objects.create(
        organisation=municipality,
        name="Kalajoen työllisyyspalvelut",
        channel=Place.Channel.FACE_TO_FACE,
        address="Testikatu 1, 85100 Kalajoki",
    )
    for weekday in range(5):
        WeeklyHours.objects.create(
            caseworker=caseworker,
            weekday=weekday,
            start_time=dt.time(9),
            end_time=dt.time(12),
            place=office,
            valid_from=dt.date(2027, 1, 1),
        )
    case = register(
        dt.date(2027, 3, 1),
        email="testi.henkilo@example.invalid",
        phone="+358 40 000 0000",
        mother_tongue="sv",
    )
    step = ProcessStep.objects.get(case=case, kind=ProcessStep.Kind.INITIAL_INTERVIEW)
    return appointment_services.appointment_book(
        step=step,
        caseworker=caseworker,
        starts_at=MEETING,
        length=dt.timedelta(hours=1),
        place=office,
        late_reason="",
        actor=caseworker,
        now=NOW,
    )


def _delivered(appointment: Appointment, kind: str, channel: str) -> None:
    Message.objects.filter(
        idempotency_key=f"appointment:{appointment.pk}:{kind}:{channel}"
    ).update(status="sent", sent_at=NOW)


def _mark_held(
    appointment: Appointment,
    caseworker: User,
    capture: Any,
) -> None:
    with time_machine.travel(AFTER, tick=False), capture(execute=True):
        appointment_services.appointment_attendance_record(
            appointment=appointment, outcome="held", actor=caseworker, now=AFTER
        )


def _survey_messages() -> list[Message]:
    return list(Message.objects.filter(template_key=surveys.TEMPLATE))


def _path(message: Message) -> str:
    return urlsplit(str(message.context["survey_url"])).path


# --- The whole loop ---------------------------------------------------------------


def test_held_meeting_to_survey_link_to_answer_to_indicator(
    client: Client,
    appointment: Appointment,
    caseworker: User,
    municipality: Organisation,
    employment_area: Organisation,
    survey_on: SurveySetting,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given: the day before, the reminders were prepared; the one by text
    # message went, the e-mail invitation failed
    reminder_time = NOW.replace(hour=16, minute=5)
    with time_machine.travel(reminder_time, tick=False):
        assert appointment_services.appointment_reminders_prepare(now=reminder_time)
    _delivered(appointment, "reminder", "sms")
    Message.objects.filter(idempotency_key__endswith=":invitation:email").update(
        status="failed"
    )

    # when: the caseworker marks the meeting held
    _mark_held(appointment, caseworker, django_capture_on_commit_callbacks)

    # then: one survey by text message, in Swedish, with the date and the link only
    (message,) = _survey_messages()
    assert message.channel == "sms"
    assert message.language == "sv"
    assert message.idempotency_key == f"appointment:{appointment.pk}:survey:sms"
    assert set(message.context) == {"date", "survey_url", "days"}
    body = message_render(message).body
    assert "9.3.2027" in body
    assert message.context["survey_url"] in body
    jobseeker = appointment.jobseeker
    for private in (
        jobseeker.identity_code,
        jobseeker.last_name,
        jobseeker.first_names,
    ):
        assert private not in body
    path = _path(message)

    # when: the person opens the link, without an account, and answers
    page = client.get(path)
    assert page.status_code == 200
    assert 'lang="sv"' in page.content.decode()
    answered = client.post(path, {"score": "5", "comment": "Bra möte"})

    # then: the answer keeps the organisation, month, meeting and channels only
    assert answered.status_code == 302
    (answer,) = SurveyAnswer.objects.values()
    assert answer == {
        "id": answer["id"],
        "organisation_id": municipality.pk,
        "month": MARCH,
        "score": 5,
        "comment": "Bra möte",
        "meeting_kind": "initial_interview",
        "channel": "office",
        "survey_channel": "sms",
    }
    assert not SurveyInvitation.objects.exists()
    with translation.override("sv"):
        thanks = gettext("Thank you. Your answer has been saved.")
        already = gettext("This survey has already been answered. Thank you.")
    assert thanks in client.get(answered["Location"]).content.decode()

    # when: a second answer through the same link
    again = client.post(path, {"score": "1", "comment": "Dåligt"})

    # then: refused as answered already, nothing stored
    assert again.status_code == 200
    assert already in again.content.decode()
    assert SurveyAnswer.objects.count() == 1
    assert [u.action for u in SurveyLinkUse.objects.order_by("id")] == [
        "view",
        "answer",
        "answered",
        "answered",
    ]

    # when: the month of March is computed
    with time_machine.travel(dt.datetime(2027, 4, 3, 4, tzinfo=HELSINKI)):
        run = services.run_execute(run_id=services.run_start(month=MARCH).pk)

    # then: the satisfaction indicator, version 2, for the municipality and its area
    values = {
        v.organisation_id: (v.numerator, v.denominator, v.definition.version)
        for v in IndicatorValue.objects.filter(
            run=run, definition__code="client_satisfaction"
        ).select_related("definition")
    }
    assert values[municipality.pk] == (1, 1, 2)
    assert values[employment_area.pk] == (1, 1, 2)
    assert values[None] == (1, 1, 2)


# --- Anonymous by design ----------------------------------------------------------


def test_the_answer_table_has_no_column_that_could_name_a_person() -> None:
    with connection.cursor() as cursor:
        columns = {
            c.name
            for c in connection.introspection.get_table_description(
                cursor, SurveyAnswer._meta.db_table
            )
        }
        relations = connection.introspection.get_relations(
            cursor, SurveyAnswer._meta.db_table
        )
    assert columns == {
        "id",
        "organisation_id",
        "month",
        "score",
        "comment",
        "meeting_kind",
        "channel",
        "survey_channel",
    }
    assert {table for _column, table in relations.values()} == {
        "organisations_organisation"
    }


def test_the_unanswered_link_names_no_person_or_appointment() -> None:
    with connection.cursor() as cursor:
        relations = connection.introspection.get_relations(
            cursor, SurveyInvitation._meta.db_table
        )
        log = {
            c.name
            for c in connection.introspection.get_table_description(
                cursor, SurveyLinkUse._meta.db_table
            )
        }
    assert {table for _column, table in relations.values()} == {
        "organisations_organisation"
    }
    assert log == {"id", "used_at", "action", "address_hash"}


# --- When nothing is sent ---------------------------------------------------------


def test_nothing_is_sent_while_the_survey_is_off(
    appointment: Appointment,
    caseworker: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    _delivered(appointment, "reminder", "email")

    _mark_held(appointment, caseworker, django_capture_on_commit_callbacks)

    assert _survey_messages() == []
    assert not SurveyInvitation.objects.exists()


def test_nothing_is_sent_to_a_person_whose_reminders_are_paused(
    appointment: Appointment,
    caseworker: User,
    survey_on: SurveySetting,
    django_capture_on_commit_callbacks: Any,
) -> None:
    _delivered(appointment, "reminder", "email")
    ReminderPause.objects.create(
        jobseeker=appointment.jobseeker, paused_at=NOW, paused_by=caseworker
    )

    _mark_held(appointment, caseworker, django_capture_on_commit_callbacks)

    assert _survey_messages() == []


def test_nothing_is_sent_by_letter_or_when_no_message_reached_the_person(
    appointment: Appointment,
    caseworker: User,
    survey_on: SurveySetting,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given: every invitation failed (the person got a letter instead)
    Message.objects.update(status="failed")

    _mark_held(appointment, caseworker, django_capture_on_commit_callbacks)

    assert _survey_messages() == []


def test_nothing_is_sent_after_a_missed_meeting(
    appointment: Appointment,
    caseworker: User,
    survey_on: SurveySetting,
    django_capture_on_commit_callbacks: Any,
) -> None:
    _delivered(appointment, "invitation", "email")

    with (
        time_machine.travel(AFTER, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        appointment_services.appointment_attendance_record(
            appointment=appointment, outcome="no_show", actor=caseworker, now=AFTER
        )

    assert _survey_messages() == []


def test_e_mail_goes_first_and_a_retried_task_sends_once(
    appointment: Appointment,
    caseworker: User,
    survey_on: SurveySetting,
    django_capture_on_commit_callbacks: Any,
) -> None:
    _delivered(appointment, "invitation", "email")
    _delivered(appointment, "invitation", "sms")
    _mark_held(appointment, caseworker, django_capture_on_commit_callbacks)

    again = surveys.survey_invite(appointment_id=appointment.pk, now=AFTER)

    assert again is None
    (message,) = _survey_messages()
    assert message.channel == "email"
    rendered = message_render(message)
    assert rendered.subject
    assert message.context["survey_url"] in rendered.body
    assert SurveyInvitation.objects.count() == 1


# --- The answer page --------------------------------------------------------------


@pytest.fixture
def link(municipality: Organisation) -> str:
    from tests.test_authorization_matrix import survey_link_token

    return reverse("survey", args=[survey_link_token(municipality, "fi")])


def test_an_answer_without_a_score_is_refused_with_the_comment_kept(
    client: Client, link: str
) -> None:
    response = client.post(link, {"comment": "Hyvä tapaaminen, kiitos"})

    assert response.status_code == 400
    text = response.content.decode()
    assert "Hyvä tapaaminen, kiitos" in text
    with translation.override("fi"):
        assert gettext("Choose a number from 1 to 5.") in text
    assert not SurveyAnswer.objects.exists()
    assert SurveyInvitation.objects.count() == 1


def test_an_altered_link_does_not_work(client: Client, link: str) -> None:
    assert client.get(link[:-3] + "xx/").status_code == 404


def test_an_expired_link_says_so(client: Client, link: str) -> None:
    with time_machine.travel(dt.timedelta(days=15)):
        response = client.get(link)

    assert response.status_code == 410
    assert not SurveyLinkUse.objects.exists()


def test_too_many_uses_from_one_address_are_refused_and_logged(
    client: Client, link: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(surveys, "PER_ADDRESS_PER_HOUR", 3)
    statuses = [client.get(link).status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    assert SurveyLinkUse.objects.filter(action="refused").count() == 1


def test_expired_links_are_deleted(municipality: Organisation, link: str) -> None:
    later = SurveyInvitation.objects.get().expires_at + dt.timedelta(seconds=1)

    assert surveys.survey_invitations_expire(now=later - dt.timedelta(days=1)) == 0
    assert surveys.survey_invitations_expire(now=later) == 1


# --- Comments for coordinators ----------------------------------------------------


@pytest.fixture
def answers(municipality: Organisation, other_municipality: Organisation) -> None:
    """February: Kalajoki 5 answers (4 comments); January: 4 answers;
    March, the month under way: 6 answers; Heinola: 5 in February."""
    for score, comment in [
        (5, "Öppet och vänligt"),
        (4, "Asiallinen"),
        (2, "Liian lyhyt"),
        (5, ""),
        (3, "Bra"),
    ]:
        survey_answer(
            organisation=municipality,
            answered_on=dt.date(2027, 2, 10),
            score=score,
            comment=comment,
        )
    for _ in range(4):
        survey_answer(
            organisation=municipality,
            answered_on=dt.date(2027, 1, 10),
            score=4,
            comment="Tammikuun kommentti",
        )
    for _ in range(6):
        survey_answer(
            organisation=municipality, answered_on=MARCH, score=4, comment="Tänään"
        )
    for _ in range(5):
        survey_answer(
            organisation=other_municipality,
            answered_on=dt.date(2027, 2, 1),
            score=1,
            comment="Heinolan kommentti",
        )


def test_comments_by_month_only_with_five_answers_sorted_by_text(
    municipality: Organisation, employment_area: Organisation, answers: None
) -> None:
    today = dt.date(2027, 3, 8)

    months = selectors.survey_months(organisation_id=employment_area.pk, today=today)

    assert [(m.month, m.answers, m.has_comments_shown) for m in months] == [
        (dt.date(2027, 2, 1), 5, True),
        (dt.date(2027, 1, 1), 4, False),
    ]
    assert selectors.survey_comments(
        organisation_id=employment_area.pk, month=dt.date(2027, 2, 1), today=today
    ) == sorted(["Öppet och vänligt", "Asiallinen", "Liian lyhyt", "Bra"])
    for hidden in (dt.date(2027, 1, 1), MARCH):
        assert (
            selectors.survey_comments(
                organisation_id=employment_area.pk, month=hidden, today=today
            )
            is None
        )


def test_an_area_never_shows_a_member_month_of_fewer_than_five(
    municipality: Organisation, employment_area: Organisation
) -> None:
    # given: 5 answers in the area itself, 1 in Kalajoki
    for _ in range(5):
        survey_answer(
            organisation=employment_area, answered_on=dt.date(2027, 2, 1), score=4
        )
    survey_answer(
        organisation=municipality,
        answered_on=dt.date(2027, 2, 1),
        score=1,
        comment="Yksin kirjoitettu",
    )
    today = dt.date(2027, 3, 8)

    (february,) = selectors.survey_months(
        organisation_id=employment_area.pk, today=today
    )
    comments = selectors.survey_comments(
        organisation_id=employment_area.pk, month=february.month, today=today
    )

    assert february.answers == 6
    assert comments == []


def test_the_coordinator_reads_comments_and_switches_the_survey_on(
    client: Client,
    coordinator: User,
    municipality: Organisation,
    answers: None,
    clock: None,
    django_assert_max_num_queries: Any,
) -> None:
    sign_in(client, coordinator)
    url = f"{reverse('reporting:survey')}?organisation={municipality.pk}"
    client.get(url)  # the session's roles are read once

    with django_assert_max_num_queries(12):
        page = client.get(url)

    text = page.content.decode()
    assert page.status_code == 200
    assert text.index("Asiallinen") < text.index("Liian lyhyt")
    assert "Tammikuun kommentti" not in text
    assert "Tänään" not in text
    assert "Heinolan kommentti" not in text
    january = client.get(f"{url}&month=2027-01-01").content.decode()
    assert "Tammikuun kommentti" not in january

    switched = client.post(
        reverse("reporting:survey_setting"),
        {"organisation": municipality.pk, "is_on": "on"},
    )
    assert switched.status_code == 302
    assert surveys.survey_is_on(organisation_id=municipality.pk)
    client.post(reverse("reporting:survey_setting"), {"organisation": municipality.pk})
    assert not surveys.survey_is_on(organisation_id=municipality.pk)


def test_a_coordinator_cannot_switch_another_organisations_survey(
    client: Client, coordinator: User, other_municipality: Organisation
) -> None:
    sign_in(client, coordinator)

    response = client.post(
        reverse("reporting:survey_setting"),
        {"organisation": other_municipality.pk, "is_on": "on"},
    )

    assert response.status_code == 302
    assert not SurveySetting.objects.exists()


@pytest.mark.parametrize("persona", ["board_viewer", "caseworker"])
def test_only_coordinators_read_the_comments(
    client: Client, persona: str, request: pytest.FixtureRequest
) -> None:
    sign_in(client, request.getfixturevalue(persona))

    assert client.get(reverse("reporting:survey")).status_code == 404


def test_the_satisfaction_figure_reaches_the_api_and_the_dashboards_csv(
    client: Client,
    coordinator: User,
    municipality: Organisation,
    other_municipality: Organisation,
) -> None:
    # given: Kalajoki 12 answers in March 2027, 7 of them 4-5 (neither part
    # 1-4, which would be suppressed as for people); Heinola 2
    for score in (5, 5, 5, 4, 4, 4, 4, 3, 3, 2, 1, 1):
        survey_answer(organisation=municipality, answered_on=MARCH, score=score)
    for score in (5, 1):
        survey_answer(organisation=other_municipality, answered_on=MARCH, score=score)
    with time_machine.travel(dt.datetime(2027, 4, 3, 4, tzinfo=HELSINKI)):
        run = services.run_execute(run_id=services.run_start(month=MARCH).pk)
        client.force_login(coordinator)

        # when
        values = client.get(
            reverse("reporting-api:run_values", args=[run.pk]),
            {"definition__code": "client_satisfaction", "page_size": "100"},
        ).json()["results"]
        csv_text = client.get(
            reverse("reporting:dashboard_csv"),
            {"organisation": str(municipality.pk), "indicator": "client_satisfaction"},
        ).content.decode()

    # then: 58,3 % for Kalajoki; Heinola is not the coordinator's to see
    by_name = {v["organisation_name"]: v for v in values}
    assert by_name["Kalajoki"]["value"] == "58.3"
    assert by_name["Kalajoki"]["numerator"] is None
    assert "Heinola" not in by_name
    assert "Kalajoki;03/2027;Asiakastyytyväisyys;%;58,3;" in csv_text
