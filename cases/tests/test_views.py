"""Caseworker pages: scoping, forms with bad input, query counts, PDF, conflicts."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from typing import TYPE_CHECKING, Any

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import selectors, services
from cases.models import Case, PlanVersion, ProcessStep
from cases.tests.factories import temporary_identity_code
from tests.personas import sign_in

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import User
    from organisations.models import Organisation
    from tests.personas import Register

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _recent(register: Register, days_ago: int = 3, **data: object) -> Case:
    return register(TODAY() - dt.timedelta(days=days_ago), **data)


# --- Access ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona", ["coordinator", "board_viewer", "partner_user", "admin_user"]
)
def test_roles_without_personal_data_access_get_404_on_caseworker_pages(
    client: Client, register: Register, persona: str, request: pytest.FixtureRequest
) -> None:
    case = _recent(register)
    sign_in(client, request.getfixturevalue(persona))

    for url in (
        reverse("cases:worklist"),
        reverse("cases:jobseeker", args=[case.jobseeker_id]),
        reverse("cases:meeting_create", args=[case.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_another_municipalitys_caseworker_gets_404_for_every_record(
    client: Client,
    register: Register,
    caseworker: User,
    other_municipality_caseworker: User,
) -> None:
    case = _recent(register)
    step = ProcessStep.objects.get(case=case)
    client.force_login(other_municipality_caseworker)

    urls = [
        reverse("cases:jobseeker", args=[case.jobseeker_id]),
        reverse("cases:jobseeker_edit", args=[case.jobseeker_id]),
        reverse("cases:meeting_create", args=[case.pk]),
        reverse("cases:assessment_edit", args=[case.pk]),
        reverse("cases:plan_version_create", args=[case.pk, "employment"]),
        reverse("cases:case_transition", args=[case.pk]),
        reverse("cases:step_pause", args=[step.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("cases:meeting_create", args=[case.pk]),
        {"kind": "initial_interview", "held_on": "2026-01-05", "channel": "office"},
    )
    assert response.status_code == 404
    assert not case.steps.filter(status="done").exists()


def test_a_missing_jobseeker_is_the_same_404(client: Client, caseworker: User) -> None:
    client.force_login(caseworker)

    assert client.get(reverse("cases:jobseeker", args=[999999])).status_code == 404


# --- Worklist -----------------------------------------------------------------


def test_the_worklist_shows_my_overdue_and_due_steps_with_their_basis(
    client: Client,
    register: Register,
    caseworker: User,
    other_municipality_caseworker: User,
    other_municipality: Organisation,
) -> None:
    overdue = _recent(register, days_ago=30, last_name="Myöhässä")
    due = _recent(register, days_ago=2, last_name="Ajallaan")
    # Pin the dates so that weekends and holidays around today do not matter.
    ProcessStep.objects.filter(case=overdue).update(
        due_on=TODAY() - dt.timedelta(days=3)
    )
    ProcessStep.objects.filter(case=due).update(due_on=TODAY() + dt.timedelta(days=3))
    register(
        TODAY() - dt.timedelta(days=30),
        organisation=other_municipality,
        actor=other_municipality_caseworker,
        last_name="Vieras",
    )
    client.force_login(caseworker)

    response = client.get(reverse("cases:worklist"), HTTP_ACCEPT_LANGUAGE="en")

    html = response.content.decode()
    assert "Myöhässä" in html
    assert "Ajallaan" in html
    assert "Vieras" not in html
    assert response.context["counts"] == {"overdue": "1", "today": "0", "week": "1"}
    assert "working days from registration" in html
    assert [row.step.case_id for row in response.context["rows"]] == [
        overdue.pk,
        due.pk,
    ]


def test_worklist_counts_stop_at_the_limit(
    client: Client,
    register: Register,
    caseworker: User,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cases = [_recent(register, days_ago=30, last_name=f"Nimi{n}") for n in range(3)]
    ProcessStep.objects.filter(case__in=cases).update(
        due_on=TODAY() - dt.timedelta(days=3)
    )
    monkeypatch.setattr(selectors.worklist, "WORKLIST_COUNT_LIMIT", 2)
    client.force_login(caseworker)

    response = client.get(reverse("cases:worklist"), HTTP_ACCEPT_LANGUAGE="fi")

    assert response.context["counts"]["overdue"] == "yli 2"
    assert len(response.context["rows"]) == 3  # the list itself is complete


def test_the_worklist_query_count_does_not_grow_with_rows(
    client: Client,
    register: Register,
    caseworker: User,
    django_assert_max_num_queries: object,
) -> None:
    for days in (1, 2, 3):
        _recent(register, days_ago=days)
    ProcessStep.objects.update(due_on=TODAY())
    client.force_login(caseworker)
    with django_assert_max_num_queries(20) as few:  # type: ignore[operator]
        client.get(reverse("cases:worklist"))
    for days in range(4, 25):
        _recent(register, days_ago=days)
    ProcessStep.objects.update(due_on=TODAY())

    with django_assert_max_num_queries(len(few.captured_queries)):  # type: ignore[operator]
        response = client.get(reverse("cases:worklist"))

    assert len(response.context["rows"]) == 24


def test_the_worklist_pages_by_keyset(
    client: Client, register: Register, caseworker: User
) -> None:
    for days in range(1, 8):
        for _ in range(9):
            _recent(register, days_ago=days)
    ProcessStep.objects.update(due_on=TODAY() - dt.timedelta(days=1))
    client.force_login(caseworker)
    seen: list[int] = []
    url = reverse("cases:worklist") + "?bucket=due"

    while url:
        response = client.get(url)
        seen.extend(row.step.pk for row in response.context["rows"])
        query = response.context["next_query"]
        url = f"{reverse('cases:worklist')}?{query}" if query else ""

    assert len(seen) == len(set(seen)) == 63


def test_a_team_lead_without_a_team_sees_the_organisations_steps_by_default(
    client: Client, register: Register, team_lead: User
) -> None:
    _recent(register, last_name="Tiimin")
    ProcessStep.objects.update(due_on=TODAY())
    client.force_login(team_lead)

    response = client.get(reverse("cases:worklist"))

    assert response.context["filters"].scope == "organisation"
    assert "Tiimin" in response.content.decode()


# --- Search ---------------------------------------------------------------------


def test_search_finds_by_name_words_and_by_exact_identity_code_within_scope(
    client: Client,
    register: Register,
    caseworker: User,
    other_municipality: Organisation,
    other_municipality_caseworker: User,
) -> None:
    code = temporary_identity_code(77)
    mine = _recent(
        register, identity_code=code, first_names="Aino Maria", last_name="Korhonen"
    )
    register(
        TODAY(),
        organisation=other_municipality,
        actor=other_municipality_caseworker,
        first_names="Aino",
        last_name="Korhonen",
    )
    client.force_login(caseworker)

    url = reverse("cases:search")
    by_name = client.post(url, {"q": "korh aino"}).context["results"]
    by_code = client.post(url, {"q": code.lower()}).context["results"]
    by_partial_code = client.post(url, {"q": code[:6]}).context["results"]

    assert [j.pk for j in by_name] == [mine.jobseeker_id]
    assert [j.pk for j in by_code] == [mine.jobseeker_id]
    assert by_partial_code == []


# --- Registration form ------------------------------------------------------------


def test_registering_with_a_bad_identity_code_explains_it_in_finnish(
    client: Client, caseworker: User, municipality: Organisation
) -> None:
    client.force_login(caseworker)

    response = client.post(
        reverse("cases:jobseeker_register"),
        {
            "identity_code": "131052-308U",
            "first_names": "Testi",
            "last_name": "Virhe",
            "home_municipality": municipality.pk,
            "registered_on": "2026-11-02",
            "status_at_start": "unemployed",
            "mother_tongue": "fi",
            "benefit_type": "none",
            "lms_days_for_unemployment": 0,
            "lms_days_last_12_months": 0,
            "lms_days_after_max_allowance": 0,
            "months_main_income_social_assistance": 0,
        },
        HTTP_ACCEPT_LANGUAGE="fi",
    )

    assert response.status_code == 200
    assert "identity_code" in response.context["form"].errors
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Case.objects.exists()


def test_registering_opens_the_jobseeker_page(
    client: Client, caseworker: User, municipality: Organisation
) -> None:
    client.force_login(caseworker)
    code = temporary_identity_code(91)

    response = client.post(
        reverse("cases:jobseeker_register"),
        {
            "identity_code": code,
            "first_names": "Uusi",
            "last_name": "Asiakas",
            "home_municipality": municipality.pk,
            "registered_on": TODAY().strftime("%d.%m.%Y"),
            "status_at_start": "unemployed",
            "mother_tongue": "fi",
            "benefit_type": "none",
            "lms_days_for_unemployment": 0,
            "lms_days_last_12_months": 0,
            "lms_days_after_max_allowance": 0,
            "months_main_income_social_assistance": 0,
        },
    )

    case = Case.objects.get()
    assert response["Location"] == reverse("cases:jobseeker", args=[case.jobseeker_id])
    assert case.caseworker == caseworker


# --- The jobseeker page -----------------------------------------------------------


def _history(case: Case, user: User, meetings: int) -> None:
    start = case.job_search_period.started_on
    services.meeting_record(
        case=case,
        kind="initial_interview",
        held_on=start,
        channel="office",
        summary="",
        actor=user,
    )
    for n in range(meetings):
        services.meeting_record(
            case=case,
            kind="job_search_discussion",
            held_on=start + dt.timedelta(days=5 * (n + 1)),
            channel="phone",
            summary="",
            actor=user,
        )
    services.plan_version_create(
        case=case,
        kind="employment",
        expected_version=0,
        agreed_on=start,
        goal="Työ",
        services="",
        applications_per_month=4,
        obligation_reason="",
        contact_channel="e_service",
        valid_until=None,
        tasks=[services.TaskData(description=f"Tehtävä {n}") for n in range(meetings)],
        actor=user,
    )


def test_the_jobseeker_page_query_count_does_not_grow_with_history(
    client: Client,
    register: Register,
    caseworker: User,
    django_assert_max_num_queries: object,
) -> None:
    small = _recent(register, days_ago=60)
    large = _recent(register, days_ago=60)
    _history(small, caseworker, meetings=1)
    _history(large, caseworker, meetings=8)
    client.force_login(caseworker)
    with django_assert_max_num_queries(40) as few:  # type: ignore[operator]
        client.get(reverse("cases:jobseeker", args=[small.jobseeker_id]))

    with django_assert_max_num_queries(len(few.captured_queries)):  # type: ignore[operator]
        response = client.get(reverse("cases:jobseeker", args=[large.jobseeker_id]))

    assert response.status_code == 200
    assert len(response.context["events"]) >= 10


def test_recording_an_initial_interview_moves_the_deadlines(
    client: Client, register: Register, caseworker: User
) -> None:
    case = _recent(register, days_ago=3)
    client.force_login(caseworker)
    held_on = TODAY() - dt.timedelta(days=1)

    response = client.post(
        reverse("cases:meeting_create", args=[case.pk]),
        {
            "kind": "initial_interview",
            "held_on": held_on.isoformat(),
            "channel": "office",
            "summary": "Hyvä alku",
        },
    )

    assert response.status_code == 302
    page = client.get(response["Location"])
    kinds = [row[0].kind for row in page.context["steps"]]
    assert "initial_interview" not in kinds
    assert "job_search_discussion" in kinds


def test_a_meeting_in_the_future_is_refused_with_a_field_error(
    client: Client, register: Register, caseworker: User
) -> None:
    case = _recent(register)
    client.force_login(caseworker)

    response = client.post(
        reverse("cases:meeting_create", args=[case.pk]),
        {
            "kind": "initial_interview",
            "held_on": (TODAY() + dt.timedelta(days=2)).isoformat(),
            "channel": "office",
        },
    )

    assert response.status_code == 200
    assert "held_on" in response.context["form"].errors


def test_an_employment_plan_is_saved_with_tasks_and_downloads_as_a_pdf(
    client: Client, register: Register, caseworker: User
) -> None:
    case = _recent(register, first_names="Pdf", last_name="Testaaja")
    client.force_login(caseworker)

    response = client.post(
        reverse("cases:plan_version_create", args=[case.pk, "employment"]),
        {
            "version": 0,
            "agreed_on": TODAY().isoformat(),
            "goal": "Töihin rakennusalalle",
            "services": "",
            "applications_per_month": 4,
            "obligation_reason": "",
            "contact_channel": "e_service",
            "tasks-TOTAL_FORMS": 2,
            "tasks-INITIAL_FORMS": 0,
            "tasks-0-description": "Päivitä CV",
            "tasks-0-responsible": "jobseeker",
            "tasks-0-due_on": "",
            "tasks-1-description": "",
            "tasks-1-responsible": "jobseeker",
        },
    )
    assert response.status_code == 302
    version = PlanVersion.objects.get()
    assert [t.description for t in version.tasks.all()] == ["Päivitä CV"]

    for language, heading in (
        ("fi", "Työllistymissuunnitelma"),
        ("sv", "Sysselsättningsplan"),
    ):
        pdf = client.get(
            reverse("cases:plan_version_pdf", args=[case.jobseeker_id, version.pk]),
            {"lang": language},
        )
        assert pdf["Content-Type"] == "application/pdf"
        assert pdf["Content-Disposition"].endswith(f'-{language}.pdf"')
        content = pdf.content
        assert content.startswith(b"%PDF")
        pdftotext = shutil.which("pdftotext")  # poppler-utils, where installed
        if pdftotext:
            text = subprocess.run(  # noqa: S603
                [pdftotext, "-", "-"], input=content, capture_output=True, check=True
            ).stdout.decode()
            assert heading in text
            assert "Töihin rakennusalalle" in text
            assert "Päivitä CV" in text
            if language == "sv":
                assert "Työllistymissuunnitelma" not in text


def test_the_plan_pdf_of_another_jobseeker_is_404(
    client: Client, register: Register, caseworker: User
) -> None:
    first = _recent(register)
    second = _recent(register)
    _history(first, caseworker, meetings=0)
    version = PlanVersion.objects.get()
    client.force_login(caseworker)

    url = reverse("cases:plan_version_pdf", args=[second.jobseeker_id, version.pk])

    assert client.get(url).status_code == 404


def _as_posted(initial: dict[str, Any]) -> dict[str, Any]:
    """A form's initial values as the browser posts them back."""
    return {
        name: ("" if value is None else value)
        for name, value in initial.items()
        if not isinstance(value, bool) or value
    }


def test_two_caseworkers_editing_the_same_jobseeker_do_not_overwrite_silently(
    client: Client, register: Register, caseworker: User, team_lead: User
) -> None:
    case = _recent(register, first_names="Alku", last_name="Nimi")
    url = reverse("cases:jobseeker_edit", args=[case.jobseeker_id])
    client.force_login(caseworker)
    form = client.get(url).context["form"]
    posted = _as_posted(form.initial)
    other = client.__class__()
    other.force_login(team_lead)

    first = other.post(url, {**posted, "first_names": "Tiiminvetäjän"})
    second = client.post(url, {**posted, "first_names": "Asiantuntijan"})

    assert first.status_code == 302
    assert second.status_code == 200
    assert second.context["conflict"]["rows"]
    html = second.content.decode()
    assert "Tiiminvetäjän" in html  # what the other person saved
    assert 'value="Asiantuntijan"' in html  # nothing typed is lost
    case.jobseeker.refresh_from_db()
    assert case.jobseeker.first_names == "Tiiminvetäjän"

    third = client.post(
        url,
        {
            **posted,
            "first_names": "Asiantuntijan",
            "version": second.context["form"].data["version"],
        },
    )

    assert third.status_code == 302
    case.jobseeker.refresh_from_db()
    assert case.jobseeker.first_names == "Asiantuntijan"


def test_closing_without_an_exit_reason_shows_a_field_error(
    client: Client, register: Register, caseworker: User
) -> None:
    case = _recent(register)
    client.force_login(caseworker)
    url = reverse("cases:case_transition", args=[case.pk])

    missing = client.post(
        url,
        {
            "version": 1,
            "to_status": "closed",
            "on": TODAY().isoformat(),
            "exit_reason": "",
        },
    )
    closed = client.post(
        url,
        {
            "version": 1,
            "to_status": "closed",
            "on": TODAY().isoformat(),
            "exit_reason": "open_market_employment",
        },
    )

    assert "exit_reason" in missing.context["form"].errors
    assert closed.status_code == 302
    case.refresh_from_db()
    assert case.status == "closed"


def test_a_caseworker_cannot_reopen_but_a_team_lead_can(
    client: Client, register: Register, caseworker: User, team_lead: User
) -> None:
    case = _recent(register)
    services.case_transition(
        case=case,
        to_status="closed",
        roles={"caseworker"},
        expected_version=1,
        on=TODAY(),
        actor=caseworker,
        exit_reason="other",
    )
    url = reverse("cases:case_transition", args=[case.pk])
    client.force_login(caseworker)
    assert client.get(url).status_code == 404

    client.force_login(team_lead)
    response = client.post(
        url, {"version": 2, "to_status": "active", "on": TODAY().isoformat()}
    )

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "active"


@pytest.mark.parametrize(
    ("view", "data"),
    [
        (
            "assessment_edit",
            {
                "assessed_on": "1.2.2026",
                "education_level": "vocational",
                "work_ability": "reduced",
                "training_need": "on",
            },
        ),
        (
            "service_create",
            {
                "service_type": "__coaching__",
                "started_on": "2.2.2026",
                "planned_end_on": "",
                "provider": "Valmennus Oy",
            },
        ),
        (
            "job_offer_create",
            {
                "offered_on": "3.2.2026",
                "employer": "Rakennus Oy",
                "job_title": "Kirvesmies",
                "vacancy_reference": "",
                "apply_by": "",
            },
        ),
        (
            "benefit_notice_create",
            {
                "kind": "studies",
                "sent_on": "4.2.2026",
                "recipient": "__kela__",
                "description": "Opinnot",
            },
        ),
        ("note_create", {"text": "Soitettu", "is_health_related": ""}),
    ],
)
def test_each_record_form_saves_and_shows_on_the_timeline(
    client: Client,
    register: Register,
    caseworker: User,
    view: str,
    data: dict[str, str],
) -> None:
    from cases.models import ServiceType
    from organisations.models import Organisation

    case = register(dt.date(2026, 1, 30))
    values = {
        key: (
            ServiceType.objects.get(code="coaching").pk
            if value == "__coaching__"
            else Organisation.objects.get(kind="kela").pk
            if value == "__kela__"
            else value
        )
        for key, value in data.items()
    }
    client.force_login(caseworker)

    response = client.post(reverse(f"cases:{view}", args=[case.pk]), values)

    assert response.status_code == 302, response.context["form"].errors
    page = client.get(reverse("cases:jobseeker", args=[case.jobseeker_id]))
    assert len(page.context["events"]) >= 3


def test_overdue_reminders_show_on_the_worklist_until_marked_read(
    client: Client, register: Register, caseworker: User
) -> None:
    _recent(register, days_ago=40, last_name="Muistutettava")
    services.steps_overdue_flag(on=TODAY())
    client.force_login(caseworker)

    shown = client.get(reverse("cases:worklist"))
    client.post(reverse("cases:reminders_read"))
    after = client.get(reverse("cases:worklist"))

    assert shown.context["reminder_count"] == 1
    assert "Muistutettava" in shown.content.decode()
    assert after.context["reminder_count"] == 0


def test_the_worklist_shows_the_newest_reminders_and_counts_them_all(
    client: Client, register: Register, caseworker: User
) -> None:
    from django.utils.formats import date_format
    from django.utils.translation import override

    from cases.models import Reminder

    # given: more unread reminders than the page shows, one read already
    steps: list[ProcessStep] = []
    for n in range(selectors.REMINDER_LIMIT + 2):
        case = _recent(register, days_ago=40, last_name=f"Muistutettava{n:02}")
        steps.append(case.steps.order_by("due_on", "id")[0])
    for step in steps:
        Reminder.objects.create(
            user=caseworker,
            step=step,
            organisation_id=step.organisation_id,
            kind=Reminder.Kind.OVERDUE,
        )
    Reminder.objects.filter(step=steps[0]).update(read_at=timezone.now())
    client.force_login(caseworker)

    # when
    response = client.get(reverse("cases:worklist"), HTTP_ACCEPT_LANGUAGE="fi")

    # then
    html = response.content.decode()
    shown = response.context["reminders"]
    assert response.context["reminder_count"] == selectors.REMINDER_LIMIT + 1
    assert len(shown) == selectors.REMINDER_LIMIT
    assert [r.step_id for r in shown] == [s.pk for s in steps[:0:-1]][
        : selectors.REMINDER_LIMIT
    ]
    newest = steps[-1]
    with override("fi"):
        due = date_format(newest.due_on, "SHORT_DATE_FORMAT")
        kind = newest.get_kind_display()
    url = reverse("cases:jobseeker", args=[newest.jobseeker_id])
    assert (
        f'<a href="{url}">{newest.jobseeker.last_name}, '
        f"{newest.jobseeker.first_names}</a> – {kind}"
    ) in html
    assert due in html


def test_a_team_lead_with_a_team_sees_only_the_teams_steps(
    client: Client,
    register: Register,
    team_lead: User,
    caseworker: User,
    municipality: Organisation,
) -> None:
    from accounts.tests.factories import MembershipFactory, UserFactory
    from organisations.models import Membership, Team

    team = Team.objects.create(organisation=municipality, name="Nuoret")
    Membership.objects.filter(user__in=[team_lead, caseworker]).update(team=team)
    outsider = UserFactory(username="other.team")
    MembershipFactory(user=outsider, organisation=municipality)
    _recent(register, last_name="Tiimiläisen")
    _recent(register, last_name="Toisen", actor=outsider)
    ProcessStep.objects.update(due_on=TODAY())
    client.force_login(team_lead)

    html = client.get(reverse("cases:worklist"), {"scope": "team"}).content.decode()

    assert "Tiimiläisen" in html
    assert "Toisen" not in html


def test_the_team_view_narrows_to_one_caseworker(
    client: Client,
    register: Register,
    team_lead: User,
    caseworker: User,
    municipality: Organisation,
) -> None:
    from accounts.tests.factories import MembershipFactory, UserFactory

    colleague = UserFactory(username="colleague", last_name="Kollega")
    MembershipFactory(user=colleague, organisation=municipality)
    _recent(register, last_name="Omani")
    _recent(register, last_name="Kollegan", actor=colleague)
    ProcessStep.objects.update(due_on=TODAY())
    client.force_login(team_lead)

    everyone = client.get(reverse("cases:worklist"), {"scope": "team"})
    one = client.get(
        reverse("cases:worklist"), {"scope": "team", "caseworker": colleague.pk}
    )

    choices = dict(everyone.context["form"].fields["caseworker"].choices)
    assert choices[colleague.pk].startswith("Kollega")
    assert {row.jobseeker_name.split(",")[0] for row in everyone.context["rows"]} == {
        "Omani",
        "Kollegan",
    }
    assert [row.jobseeker_name.split(",")[0] for row in one.context["rows"]] == [
        "Kollegan"
    ]


def test_a_caseworker_outside_the_choices_is_an_error_and_the_list_its_default(
    client: Client,
    register: Register,
    team_lead: User,
    municipality: Organisation,
    django_assert_num_queries: Any,
) -> None:
    from accounts.tests.factories import MembershipFactory, UserFactory

    # given: a colleague in the choices and someone of another organisation
    colleague = UserFactory(username="colleague", last_name="Kollega")
    MembershipFactory(user=colleague, organisation=municipality)
    outsider = UserFactory(username="outsider", last_name="Ulkopuolinen")
    _recent(register, last_name="Omani")
    _recent(register, last_name="Kollegan", actor=colleague)
    ProcessStep.objects.update(due_on=TODAY())
    client.force_login(team_lead)
    client.get(reverse("cases:worklist"))  # the session reads the access once
    url = reverse("cases:worklist")

    # when: the page is read with the caseworker, then again with the defaults
    with django_assert_num_queries(5):
        response = client.get(url, {"scope": "organisation", "caseworker": outsider.pk})

    # then
    html = response.content.decode()
    assert 'id="id_caseworker_errors"' in html
    assert response.context["filters"].assignee_id is None
    assert {row.jobseeker_name.split(",")[0] for row in response.context["rows"]} == {
        "Omani",
        "Kollegan",
    }


@pytest.mark.parametrize("value", ["²", "٣", "1" * 30, "-1", " 5"])
def test_odd_numbers_in_the_worklists_filters_are_form_errors(
    client: Client, register: Register, team_lead: User, value: str
) -> None:
    _recent(register, last_name="Omani")
    ProcessStep.objects.update(due_on=TODAY())
    client.force_login(team_lead)

    response = client.get(
        reverse("cases:worklist"), {"caseworker": value, "organisation": value}
    )

    assert response.status_code == 200
    assert response.context["filters"].assignee_id is None
    assert "Omani" in response.content.decode()


def test_too_many_caseworkers_to_list_are_found_by_username(
    client: Client,
    register: Register,
    team_lead: User,
    caseworker: User,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(selectors.worklist, "CASEWORKER_LIST_LIMIT", 0)
    _recent(register, last_name="Omani")
    ProcessStep.objects.update(due_on=TODAY())
    client.force_login(team_lead)

    found = client.get(
        reverse("cases:worklist"), {"scope": "team", "caseworker": "CASEWORKER"}
    )
    unknown = client.get(
        reverse("cases:worklist"),
        {"scope": "team", "caseworker": "nobody"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert 'type="text" name="caseworker"' in found.content.decode()
    assert found.context["filters"].assignee_id == caseworker.pk
    assert [row.step.assignee_id for row in found.context["rows"]] == [caseworker.pk]
    html = unknown.content.decode()
    assert "No caseworker in your organisations has this username." in html
    assert 'aria-invalid="true"' in html
    assert 'id="id_caseworker_errors"' in html


def test_the_jobseeker_form_stores_phone_numbers_in_international_form(
    client: Client, register: Register, caseworker: User
) -> None:
    case = _recent(register)
    url = reverse("cases:jobseeker_edit", args=[case.jobseeker_id])
    client.force_login(caseworker)
    form = client.get(url).context["form"]
    posted = _as_posted(form.initial)

    bad = client.post(
        url,
        {**posted, "phone": "040 12", "email": "ei-osoite"},
        HTTP_ACCEPT_LANGUAGE="fi",
    )
    good = client.post(url, {**posted, "phone": "040 123 4567"})

    assert bad.status_code == 200
    errors = bad.context["form"].errors
    assert errors["phone"] == [
        "Anna kelvollinen puhelinnumero, esimerkiksi 040 123 4567, tai "
        "maatunnuksen kanssa, esimerkiksi +46 70 123 4567."
    ]
    assert "email" in errors
    assert 'value="040 12"' in bad.content.decode()  # what was typed stays
    assert good.status_code == 302
    case.jobseeker.refresh_from_db()
    assert case.jobseeker.phone == "+358401234567"
