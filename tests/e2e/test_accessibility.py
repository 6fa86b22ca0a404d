"""axe-core on every main page, in every role, in Finnish and Swedish.

No WCAG 2.0/2.1 A or AA violation is allowed (axe tags wcag2a, wcag2aa,
wcag21a, wcag21aa). Each page is also checked for its language attribute
and saved as a screenshot (tests/e2e/conftest.py: artifacts_dir). One test
per role visits all of that role's pages, so the data are built once per role.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from appointments.answers import answer_token
from appointments.models import Appointment, Place

from .conftest import LANGUAGES, axe_violations, screenshot

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from accounts.models import User
    from organisations.models import Organisation
    from tests.personas import Register

    from .conftest import Browse, Casework, Reports

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def sweep(browse: Browse, role: str, pages: dict[str, str], user: User | None) -> None:
    """Visit each page in each language; fail with every problem found."""
    page = browse.page(user=user)
    problems = []
    for language in LANGUAGES:
        browse.set_language(page, language)
        for name, url in pages.items():
            found = check_page(page, url, language)
            problems += [f"{role} {name} [{language}] {problem}" for problem in found]
            screenshot(page, role, name, language, failed=bool(found))
    assert problems == [], "\n".join(problems)


def check_page(page: Page, url: str, language: str) -> list[str]:
    response = page.goto(url)
    problems = []
    if response is None or response.status != 200:
        problems.append(f"{url}: HTTP {response.status if response else '-'}")
    lang = page.locator("html").get_attribute("lang")
    if lang != language:
        problems.append(f"{url}: <html lang={lang!r}>")
    return problems + [f"{url}: {line}" for line in axe_violations(page)]


def test_caseworker_pages(browse: Browse, casework: Casework, caseworker: User) -> None:
    full, fresh = casework.full, casework.fresh
    objects = casework.objects
    pages = {
        "home": reverse("core:home"),
        "worklist": reverse("cases:worklist"),
        "worklist-later": reverse("cases:worklist") + "?bucket=later",
        "search": reverse("cases:search"),
        "register": reverse("cases:jobseeker_register"),
        "jobseeker": reverse("cases:jobseeker", args=[full.jobseeker_id]),
        "jobseeker-new": reverse("cases:jobseeker", args=[fresh.jobseeker_id]),
        "jobseeker-edit": reverse("cases:jobseeker_edit", args=[full.jobseeker_id]),
        "meeting": reverse("cases:meeting_create", args=[fresh.pk])
        + "?kind=initial_interview",
        "assessment": reverse("cases:assessment_edit", args=[full.pk]),
        "employment-plan": reverse(
            "cases:plan_version_create", args=[full.pk, "employment"]
        ),
        "activation-plan": reverse(
            "cases:plan_version_create", args=[fresh.pk, "activation"]
        ),
        "service": reverse("cases:service_create", args=[full.pk]),
        "service-end": reverse("cases:service_end", args=[objects["service"].pk]),
        "job-offer": reverse("cases:job_offer_create", args=[full.pk]),
        "job-offer-outcome": reverse(
            "cases:job_offer_outcome", args=[objects["job_offer"].pk]
        ),
        "decision": reverse("decisions:create", args=[full.pk]),
        "decision-cancel": reverse("decisions:cancel", args=[objects["decision"].pk]),
        "decision-shorten": reverse("decisions:shorten", args=[objects["decision"].pk]),
        "benefit-notice": reverse("cases:benefit_notice_create", args=[full.pk]),
        "note": reverse("cases:note_create", args=[full.pk]),
        "referral": reverse("cases:referral_create", args=[full.pk]),
        "referral-end": reverse("cases:referral_end", args=[objects["referral"].pk]),
        "status": reverse("cases:case_transition", args=[full.pk]),
        "step-pause": reverse("cases:step_pause", args=[objects["open_step"].pk]),
        "step-resume": reverse("cases:step_resume", args=[objects["paused_step"].pk]),
        "transfer": reverse("pilots:transfer", args=[full.pk]),
        "imports": reverse("exchange:list"),
        "import-upload": reverse("exchange:upload"),
        "import-batch": reverse("exchange:batch", args=[objects["import_batch"].pk]),
        "book": reverse("appointments:book", args=[objects["open_step"].pk]),
        "calendar": reverse("appointments:calendar"),
        "attendance": reverse(
            "appointments:attendance", args=[objects["appointment"].pk]
        ),
        "two-factor": reverse("accounts:two_factor"),
        "api-docs": reverse("api-docs"),
    }
    sweep(browse, "caseworker", pages, caseworker)


def test_pages_behind_a_post(
    browse: Browse, casework: Casework, caseworker: User
) -> None:
    """Search results, the offer to open a record outside one's organisations
    and the revealed identity code answer a POST (identity codes stay out of
    addresses)."""
    page = browse.page(user=caseworker)
    problems = []
    for language in LANGUAGES:
        browse.set_language(page, language)
        page.goto(reverse("cases:search"))
        page.locator("#id_q").fill("Testi")
        page.locator("main form button[type=submit]").click()
        expect(page.get_by_role("link", name="Jaettu, Testi")).to_have_count(1)
        problems += [f"results [{language}] {p}" for p in axe_violations(page)]
        screenshot(page, "caseworker", "search-results", language)

        page.locator("#id_q").fill(casework.outsider.jobseeker.identity_code)
        page.locator("main form button[type=submit]").first.click()
        expect(page.locator("#break-glass-heading")).to_be_visible()
        problems += [f"break-glass [{language}] {p}" for p in axe_violations(page)]
        screenshot(page, "caseworker", "search-break-glass", language)

        page.goto(reverse("cases:jobseeker", args=[casework.full.jobseeker_id]))
        page.locator("form.inline-form button").click()
        expect(page.locator("main")).to_contain_text(
            casework.full.jobseeker.identity_code
        )
        problems += [f"identity code [{language}] {p}" for p in axe_violations(page)]
        screenshot(page, "caseworker", "identity-code", language)
    assert problems == [], "\n".join(problems)


def test_team_lead_pages(browse: Browse, casework: Casework, team_lead: User) -> None:
    pages = {
        "worklist": reverse("cases:worklist"),
        "access-review": reverse("cases:break_glass_review"),
        "assign": reverse("cases:case_assign", args=[casework.full.pk]),
        "bulk-booking": reverse(
            "appointments:bulk_run", args=[casework.objects["bulk_run"].pk]
        ),
    }
    sweep(browse, "team-lead", pages, team_lead)


def test_partner_pages(browse: Browse, casework: Casework, partner_user: User) -> None:
    pages = {
        "cases": reverse("partner:case_list"),
        "case": reverse("partner:case_detail", args=[casework.full.pk]),
    }
    sweep(browse, "partner", pages, partner_user)


def coordinator_pages(reports: Reports) -> dict[str, str]:
    from pilots.models import EmploymentArea

    month = reports.months[-1]
    area = EmploymentArea.objects.order_by("pk").first()
    assert area is not None
    dry_run = f"?pilot={reports.pilot.pk}&on=2022-06-01"
    return {
        "home": reverse("core:home"),
        "indicators": reverse("reporting:index"),
        "indicator-month": reverse("reporting:month", args=[month.pk]),
        "dashboard": reverse("reporting:dashboard"),
        "definitions": reverse("reporting:definitions"),
        "board-reports": reverse("reporting:reports"),
        "quotas": reverse("appropriations:list"),
        "quota": reverse("appropriations:detail", args=[reports.quota.pk]),
        "quota-new": reverse("appropriations:create"),
        "pilots": reverse("pilots:list"),
        "pilot": reverse("pilots:detail", args=[reports.pilot.pk]),
        "pilot-run": reverse("pilots:run", args=[reports.evaluation.pk]),
        "employment-area": reverse("pilots:area", args=[area.pk]),
        "rules": reverse("pilots:rules"),
        "rule-dry-run": reverse("pilots:rule", args=[reports.draft_rule.pk]) + dry_run,
        "agreements": reverse("partners:list"),
        "agreement": reverse("partners:detail", args=[reports.agreement.pk]),
        "agreement-new": reverse("partners:create"),
        "agreement-parties": reverse(
            "partners:edit", args=[reports.agreement.pk, "parties"]
        ),
        "agreement-targets": reverse(
            "partners:edit", args=[reports.agreement.pk, "targets"]
        ),
        "data-use-report": reverse("audit:subject_report"),
    }


def test_coordinator_pages(
    browse: Browse,
    reports: Reports,
    coordinator: User,
    employment_area: Organisation,
    other_municipality: Organisation,
) -> None:
    pages = coordinator_pages(reports)
    pages["dashboard-area"] = (
        reverse("reporting:dashboard") + f"?organisation={employment_area.pk}"
    )
    # Beside a peer municipality: three lines and the comparison table.
    pages["dashboard-peer"] = (
        reverse("reporting:dashboard")
        + f"?organisation={employment_area.pk}&peer={other_municipality.pk}"
    )
    sweep(browse, "coordinator", pages, coordinator)


def test_board_viewer_pages(
    browse: Browse, reports: Reports, board_viewer: User
) -> None:
    pages = {
        "home": reverse("core:home"),
        "indicators": reverse("reporting:index"),
        "indicator-month": reverse("reporting:month", args=[reports.months[-1].pk]),
        "dashboard": reverse("reporting:dashboard"),
        "definitions": reverse("reporting:definitions"),
        "board-reports": reverse("reporting:reports"),
        "quotas": reverse("appropriations:list"),
        "quota": reverse("appropriations:detail", args=[reports.quota.pk]),
    }
    sweep(browse, "board", pages, board_viewer)

    # What a board viewer meets at a caseworker's address.
    page = browse.page(user=board_viewer)
    problems = []
    for language in LANGUAGES:
        browse.set_language(page, language)
        response = page.goto(reverse("cases:worklist"))
        assert response is not None
        assert response.status == 404
        problems += [f"404 [{language}] {p}" for p in axe_violations(page)]
        screenshot(page, "board", "not-found", language)
    assert problems == [], "\n".join(problems)


def test_administrator_pages(browse: Browse, admin_user: User) -> None:
    pages = {
        "home": reverse("core:home"),
        "api-tokens": reverse("accounts:api_tokens"),
    }
    sweep(browse, "admin", pages, admin_user)

    # Signed in with the password only: the second factor is asked first.
    page = browse.page(user=admin_user, verified=False)
    problems = []
    for language in LANGUAGES:
        browse.set_language(page, language)
        page.goto(reverse("core:home"))
        expect(page.locator("#id_token")).to_be_visible()
        problems += [f"two-factor [{language}] {p}" for p in axe_violations(page)]
        screenshot(page, "admin", "two-factor", language)
    assert problems == [], "\n".join(problems)


def test_signed_out_pages(browse: Browse, caseworker: User) -> None:
    page = browse.page()
    problems = []
    for language in LANGUAGES:
        browse.set_language(page, language)
        problems += check_page(page, reverse("accounts:login"), language)
        screenshot(page, "signed-out", "login", language)
        # A failed sign-in shows its error summary: checked too.
        page.locator("#id_username").fill("caseworker")
        page.locator("#id_password").fill("wrong password")
        page.locator("main form button[type=submit]").click()
        # The answer, not merely a loaded page: the old page counts as loaded
        # until the slow POST comes back.
        expect(page.locator("#login-errors")).to_be_visible()
        problems += [f"login error [{language}] {p}" for p in axe_violations(page)]
        screenshot(page, "signed-out", "login-error", language)
    assert problems == [], "\n".join(problems)


def test_the_jobseekers_answer_page(
    browse: Browse, register: Register, caseworker: User
) -> None:
    """The page behind the signed link of a message, signed out: in each of
    its languages (the switch is plain links that keep the link), and with
    the error of an answer sent without a choice."""
    # given: a Swedish-speaking jobseeker's appointment in two days
    case = register(timezone.localdate(), mother_tongue="sv")
    place = Place.objects.create(
        organisation=case.organisation,
        name="Toimipiste",
        channel="face_to_face",
        address="Testikatu 1",
    )
    starts = timezone.now() + dt.timedelta(days=2)
    appointment = Appointment.objects.create(
        organisation=case.organisation,
        caseworker=caseworker,
        jobseeker=case.jobseeker,
        case=case,
        during=(starts, starts + dt.timedelta(hours=1)),
        channel="face_to_face",
        place=place,
        booked_by=caseworker,
    )
    link = reverse(
        "answer",
        args=[answer_token(appointment_id=appointment.pk, language="sv")],
    )
    page = browse.page(language="fi")
    # then: the message's language first, whatever the browser's
    problems = check_page(page, link, "sv")
    for language in ("fi", "en", "sv"):
        # when: the person follows the switch's link
        page.locator(f'.language-links a[lang="{language}"]').click()
        expect(page.locator("html")).to_have_attribute("lang", language)
        assert page.url.endswith(f"{link}?lang={language}")
        problems += [f"answer [{language}] {p}" for p in axe_violations(page)]
        screenshot(page, "signed-out", "answer", language)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".field__errors")).to_be_visible()
    problems += [f"answer error [sv] {p}" for p in axe_violations(page)]
    assert problems == [], "\n".join(problems)


def test_forms_with_errors(
    browse: Browse, casework: Casework, caseworker: User
) -> None:
    """A submitted empty form: its error summary and field errors pass too."""
    forms = {
        "register": reverse("cases:jobseeker_register"),
        "meeting": reverse("cases:meeting_create", args=[casework.fresh.pk]),
        "employment-plan": reverse(
            "cases:plan_version_create", args=[casework.full.pk, "employment"]
        ),
        "note": reverse("cases:note_create", args=[casework.full.pk]),
    }
    page = browse.page(user=caseworker)
    problems = []
    for language in LANGUAGES:
        browse.set_language(page, language)
        for name, url in forms.items():
            page.goto(url)
            for field in page.locator(
                "main form.form input:not([type=hidden]):not([type=checkbox]),"
                " main form.form textarea"
            ).all():
                field.fill("")
            page.locator("main form.form button[type=submit]").first.click()
            expect(page.locator(".error-summary").first).to_be_visible()
            problems += [f"{name} [{language}] {line}" for line in axe_violations(page)]
            screenshot(page, "caseworker", f"{name}-errors", language)
    assert problems == [], "\n".join(problems)
