"""The jobseeker page reads every list a page at a time: its query count
does not grow with the records, and older records are a plain link away."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.selectors import RECORD_PAGE

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import User
    from cases.models import Case
    from tests.personas import Register

pytestmark = pytest.mark.django_db


def _add_notes(case: Case, caseworker: User, count: int, first: int) -> None:
    for n in range(first, first + count):
        services.note_add(
            case=case,
            text=f"Muistiinpano {n:03}",
            is_health_related=False,
            actor=caseworker,
            on=dt.date(2025, 6, 1),
        )


def _page_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def test_the_page_asks_the_same_queries_with_many_records(
    client: Client, caseworker: User, register: Register
) -> None:
    case = register()
    client.force_login(caseworker)
    url = reverse("cases:jobseeker", args=[case.jobseeker_id])
    client.get(url)  # the session's first request reads the user's access
    _add_notes(case, caseworker, 2, first=0)
    few = _page_queries(client, url)

    _add_notes(case, caseworker, RECORD_PAGE + 10, first=2)
    many = _page_queries(client, url)

    assert many == few


# The page's statements once the session knows the user's access: the
# session, the user, and one statement with the jobseeker (within the
# user's organisations), everything the page shows of them
# (cases.selectors.jobseeker_overview with the other apps' PageSections)
# and the access log's INSERT of the read (issue 21).
PAGE_STATEMENTS = 3


def _fill(case: Case, caseworker: User, count: int) -> None:
    """`count` each of notes, benefit notices, job offers and services, and
    appointment-free events for all of them; two plan versions."""
    from cases.models import ServiceType
    from organisations.tests.factories import OrganisationFactory

    today = timezone.localdate()
    coaching = ServiceType.objects.get(code="coaching")
    kela = OrganisationFactory(name="Kela")
    for n in range(count):
        day = today - dt.timedelta(days=count - n)
        services.note_add(
            case=case,
            text=f"Muistiinpano {n:03}",
            is_health_related=n % 7 == 0,
            actor=caseworker,
            on=day,
        )
        services.benefit_notice_create(
            case=case,
            kind="other",
            sent_on=day,
            recipient=kela,
            description=f"Selvitys {n}",
            actor=caseworker,
        )
        services.job_offer_create(
            case=case,
            offered_on=day,
            employer="Testi Oy",
            job_title=f"Tehtävä {n}",
            vacancy_reference="",
            apply_by=None,
            actor=caseworker,
        )
        services.service_start(
            case=case,
            service_type=coaching,
            started_on=day,
            planned_end_on=day,
            provider="",
            actor=caseworker,
        )
    for version in range(2):
        services.plan_version_create(
            case=case,
            kind="employment",
            expected_version=version,
            agreed_on=today - dt.timedelta(days=2 - version),
            goal="Työ",
            services="",
            applications_per_month=4,
            obligation_reason="",
            contact_channel="e_service",
            valid_until=None,
            tasks=[services.TaskData(description="Päivitä CV")],
            actor=caseworker,
        )


def test_a_jobseeker_with_hundreds_of_records_asks_the_same_three_statements(
    client: Client, caseworker: User, register: Register
) -> None:
    # given: 3 and 300 of each record (over 1,200 events)
    registered = timezone.localdate() - dt.timedelta(days=400)
    few, many = register(registered), register(registered)
    _fill(few, caseworker, 3)
    _fill(many, caseworker, 300)
    client.force_login(caseworker)
    client.get(reverse("core:home"))  # the session's first request reads access

    # when
    counts = {}
    for case in (few, many):
        url = reverse("cases:jobseeker", args=[case.jobseeker_id])
        counts[case.pk] = _page_queries(client, url)

    # then
    assert counts == {few.pk: PAGE_STATEMENTS, many.pk: PAGE_STATEMENTS}


def test_older_notes_are_a_link_away(
    client: Client, caseworker: User, register: Register
) -> None:
    case = register()
    _add_notes(case, caseworker, RECORD_PAGE + 5, first=0)
    client.force_login(caseworker)
    url = reverse("cases:jobseeker", args=[case.jobseeker_id])

    html = client.get(url).content.decode()
    link = re.search(r'<a href="\?([^"#]*notes_before=[^"#]*)#notes-heading"', html)
    assert link is not None
    older = client.get(f"{url}?{link.group(1).replace('&amp;', '&')}")
    older_html = older.content.decode()

    newest = {f"Muistiinpano {n:03}" for n in range(5, RECORD_PAGE + 5)}
    oldest = {f"Muistiinpano {n:03}" for n in range(5)}
    assert all(text in html for text in newest)
    assert not any(text in html for text in oldest)
    assert all(text in older_html for text in oldest)
    assert not any(text in older_html for text in newest)
    assert "#notes-heading" not in older_html


def _every_timeline_kind(case: Case, caseworker: User) -> None:
    """every_page_record's events plus a service that ended, a third plan
    version with tasks, an appointment missed and one cancelled, and the
    cancellation's messages sent."""
    from appointments import services as appointment_services
    from cases.models import ServicePeriod
    from casework.tests.records import booked_appointment, every_page_record
    from messaging import services as outbox

    every_page_record(case, caseworker)
    today = timezone.localdate()
    ongoing = ServicePeriod.objects.filter(case=case, started_on__lt=today).first()
    assert ongoing is not None
    services.service_end(
        period=ongoing,
        ended_on=today - dt.timedelta(days=1),
        end_reason="Valmis <ok>",
        actor=caseworker,
    )
    services.service_start(
        case=case,
        service_type=ongoing.service_type,
        started_on=today - dt.timedelta(days=1),
        planned_end_on=None,
        provider="Toinen Oy",
        actor=caseworker,
    )
    services.plan_version_create(
        case=case,
        kind="employment",
        expected_version=2,
        agreed_on=today,
        goal="Työ",
        services="",
        applications_per_month=2,
        obligation_reason="Osa-aikatyö",
        contact_channel="phone",
        valid_until=None,
        tasks=[
            services.TaskData(description="Hae kolmea paikkaa"),
            services.TaskData(description="Päivitä CV"),
        ],
        actor=caseworker,
    )
    now = timezone.now()
    past = booked_appointment(case, caseworker, now - dt.timedelta(days=2))
    future = booked_appointment(case, caseworker, now + dt.timedelta(days=3))
    appointment_services.appointment_attendance_record(
        appointment=past, outcome="no_show", actor=caseworker, now=now
    )
    appointment_services.appointment_cancel(
        appointment=future, actor=caseworker, now=now
    )
    outbox.messages_send_due(now=now)


def test_every_list_full_reads_no_column_left_out_of_the_statement(
    client: Client, caseworker: User, register: Register
) -> None:
    """The page's statement reads only the columns the page shows
    (cases.selectors.page): a column left out and read all the same would
    be a query of its own, for each row that reads it."""
    from casework.tests.records import page_contexts

    # given: every list of the page with rows, every kind of timeline line
    case = register(
        timezone.localdate() - dt.timedelta(days=40),
        email="testi.henkilo@example.invalid",
        phone="+358 40 000 0000",
    )
    _every_timeline_kind(case, caseworker)
    client.force_login(caseworker)
    client.get(reverse("core:home"))  # the session's first request reads access
    url = reverse("cases:jobseeker", args=[case.jobseeker_id])

    # when
    with page_contexts() as contexts:
        count = _page_queries(client, url)

    # then: the three statements, with every list and kind of row shown
    assert count == PAGE_STATEMENTS
    (context,) = contexts
    overview = context["o"]
    assert {state for _service, state in context["services"]} == {
        "ended",
        "ongoing",
        "starting",
    }
    assert any(offer.outcome_on for offer in overview.job_offers)
    assert overview.notices
    assert {note.is_health_related for note in overview.notes} == {True, False}
    (plan,) = overview.plans
    assert len(plan.versions) == 3
    assert len(plan.versions[0].task_list) == 2
    with_details = {
        "meeting_held",
        "plan_version_created",
        "service_started",
        "service_ended",
        "job_offer_outcome",
        "decision_made",
        "appointment_no_show",
        "appointment_cancelled",
        "message_sent",
    }
    assert with_details <= {event.kind for event in overview.events}
    assert all(e.details for e in overview.events if e.kind in with_details)
