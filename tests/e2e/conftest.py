"""Browser tests: Playwright drives Debian's Chromium against `live_server`.

One Chromium serves the whole package and each test gets fresh browser
contexts (cookies, storage), so tests stay independent without paying for a
browser start each. `live_server` makes every test transactional: the server
thread sees what the test commits, and the flush afterwards restores the
reference data that migrations loaded (serialized_rollback, as in
tests/integration/test_celery_worker.py).

Screenshots of failing pages go to $POLKU_E2E_ARTIFACTS (default var/e2e-artifacts/,
git-ignored); POLKU_E2E_SCREENSHOTS=1 saves every page.
Chromium comes from $POLKU_E2E_CHROMIUM (default /usr/bin/chromium); without
it the tests skip on a developer's machine and fail in CI (CI=true).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import shutil
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client
from django.utils import timezone

from appointments.models import Appointment, BulkBookingResult, BulkBookingRun, Place
from appropriations import services as appropriation_services
from cases import services
from cases.models import ProcessStep
from cases.rules import process as process_rules
from exchange import services as exchange_services
from partners.models import (
    AgreementParty,
    DataSharingTerm,
    EvaluationTarget,
    PartnershipAgreement,
)
from partners.services import referrals as referral_services
from pilots import services as pilot_services
from pilots.models import Pilot
from reporting import services as reporting_services
from tests.personas import SINCE, record_a_full_case, sign_in

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Browser, BrowserContext, Page, Playwright
    from pytest_django.live_server_helper import LiveServer

    from accounts.models import User
    from appropriations.models import Quota
    from cases.models import Case
    from organisations.models import Organisation
    from pilots.models import EligibilityRuleSet, EvaluationRun
    from reporting.models import IndicatorRun
    from tests.personas import Register

ROOT = Path(__file__).resolve().parents[2]
# accounts.tests.factories.UserFactory gives every persona this password.
PASSWORD = "correct-horse-battery"
LANGUAGES = ("fi", "sv")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Every step waits for a condition (Playwright's actionability checks and
# web-first assertions), never for a fixed time, so this is only how long a
# step may take before it counts as failed. A page that renders in 300 ms on
# a quiet machine took over 10 s at load average 10 (a screenshot of a long
# page, a PDF rendered in the request): generous, since only a failing test
# waits it out.
TIMEOUT_MS = 60_000


def artifacts_dir() -> Path:
    return Path(os.environ.get("POLKU_E2E_ARTIFACTS") or ROOT / "var" / "e2e-artifacts")


def _chromium() -> str:
    wanted = os.environ.get("POLKU_E2E_CHROMIUM", "/usr/bin/chromium")
    found = shutil.which(wanted)
    if found is None:
        message = f"Chromium not found at {wanted}; set POLKU_E2E_CHROMIUM."
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return found


@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    from playwright.sync_api import expect, sync_playwright

    # Playwright's sync API keeps an asyncio loop registered as running in
    # this thread while it is started, and Django's ORM then refuses to run
    # here (SynchronousOnlyOperation). Nothing is concurrent: the loop only
    # runs inside Playwright's calls. Allowed while this package's tests run
    # (package scope: Playwright stops before any other test).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    # With a loop registered, Django keeps this thread's connections in
    # context-local storage, where fresh wrappers would lack the state the
    # test database was set up with (the serialized reference data that
    # serialized_rollback restores). Put the same wrappers there.
    wrappers = {alias: connections[alias] for alias in connections}
    manager = sync_playwright().start()
    # expect() has its own default (5 s), apart from the contexts' timeout.
    expect.set_options(timeout=TIMEOUT_MS)
    for alias, wrapper in wrappers.items():
        connections[alias] = wrapper
    try:
        yield manager
    finally:
        manager.stop()
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="package")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(
        executable_path=_chromium(),
        # The sandbox needs user namespaces, which containers and CI lack.
        args=["--no-sandbox", "--disable-dev-shm-usage"],
    )
    yield browser
    browser.close()


@dataclass
class Browse:
    """Opens pages on the live server as a persona, in a language."""

    browser: Browser
    base_url: str
    contexts: list[BrowserContext] = field(default_factory=list)

    def context(
        self, *, user: User | None = None, language: str = "fi", verified: bool = True
    ) -> BrowserContext:
        context = self.browser.new_context(
            base_url=self.base_url,
            accept_downloads=True,
            viewport={"width": 1280, "height": 900},
            # Accept-Language and navigator.language of a reader in Finland.
            locale=f"{language}-FI",
        )
        context.set_default_timeout(TIMEOUT_MS)
        cookies = {settings.LANGUAGE_COOKIE_NAME: language}
        if user is not None:
            # Signed in as the test client would be (past the second factor
            # unless told otherwise): the flows exercise the sign-in form.
            client = Client()
            if verified:
                sign_in(client, user)
            else:
                client.force_login(user)
            cookies[settings.SESSION_COOKIE_NAME] = client.cookies[
                settings.SESSION_COOKIE_NAME
            ].value
        context.add_cookies(
            [
                {"name": name, "value": value, "url": self.base_url}
                for name, value in cookies.items()
            ]
        )
        self.contexts.append(context)
        return context

    def page(
        self, *, user: User | None = None, language: str = "fi", verified: bool = True
    ) -> Page:
        return self.context(user=user, language=language, verified=verified).new_page()

    def set_language(self, page: Page, language: str) -> None:
        """Switch by cookie, as the language switch's response does."""
        page.context.add_cookies(
            [
                {
                    "name": settings.LANGUAGE_COOKIE_NAME,
                    "value": language,
                    "url": self.base_url,
                }
            ]
        )


@pytest.fixture
def browse(browser: Browser, live_server: LiveServer) -> Iterator[Browse]:
    helper = Browse(browser=browser, base_url=live_server.url)
    yield helper
    for context in helper.contexts:
        context.close()


def sign_in_with_form(page: Page, username: str, password: str = PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def download_board_report(
    page: Page,
    path: Path,
    *,
    organisation_id: int,
    language: str,
    month: dt.date | None = None,
) -> Path:
    """The board's PDF as a coordinator asks for it, from the main menu in
    Finnish: the reports page's form (the newest month unless `month`), the
    flash message, the link once the (eager) Celery task has rendered it,
    the download saved to `path`."""
    from playwright.sync_api import expect

    nav = page.get_by_role("navigation", name="Päävalikko")
    nav.get_by_role("link", name="Mittarit").click()
    page.get_by_role("link", name="Kuukausiraportit hallitukselle (PDF)").click()
    page.locator("#id_organisation").select_option(str(organisation_id))
    if month is not None:
        page.locator("#id_month").select_option(month.isoformat())
    page.locator("#id_language").select_option(language)
    page.get_by_role("button", name="Muodosta").click()
    # Each listed report's state is a status too; the flash message is one of them.
    expect(
        page.get_by_role("status").filter(has_text="Raporttia muodostetaan.")
    ).to_be_visible()
    link = page.get_by_role("link", name=re.compile("^Lataa PDF"))
    # A report still rendering refreshes the page every five seconds until
    # the link appears (the default timeout covers several refreshes).
    expect(link).to_be_visible()
    with page.expect_download() as info:
        link.click()
    info.value.save_as(path)
    return path


# --- axe-core ------------------------------------------------------------------


@functools.cache
def _axe_script() -> str:
    # axe-playwright-python vendors axe-core; the script is injected through
    # the DevTools protocol, so the Content-Security-Policy does not block it.
    return (
        resources.files("axe_playwright_python")
        .joinpath("axe.min.js")
        .read_text(encoding="utf-8")
    )


def axe_violations(page: Page) -> list[str]:
    """WCAG 2.0/2.1 A and AA violations on the page, one line per element."""
    page.evaluate(_axe_script())
    result: dict[str, Any] = page.evaluate(
        "options => axe.run(document, options)",
        {
            "runOnly": {"type": "tag", "values": WCAG_TAGS},
            "resultTypes": ["violations"],
        },
    )
    return [
        f"{violation['id']} ({violation['impact']}): "
        f"{' '.join(map(str, node['target']))} {node['html'][:160]}"
        for violation in result["violations"]
        for node in violation["nodes"]
    ]


def screenshot(page: Page, *parts: str, failed: bool = False) -> None:
    """Save the page as an artifact when it `failed`, or always when
    POLKU_E2E_SCREENSHOTS=1: a full-page PNG of every page in every language
    is a fifth of the browser tests' time, and nobody reads them when green."""
    if not failed and os.environ.get("POLKU_E2E_SCREENSHOTS") != "1":
        return
    name = "-".join(re.sub(r"[^\w.-]+", "_", part) for part in parts)
    path = artifacts_dir() / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)


# --- Data ----------------------------------------------------------------------
# Built through the services, as in tests/personas.py and the apps' tests. The
# people are synthetic: "Testi" names and temporary identity codes (900-999).


def _registered_for_interview_this_week(today: dt.date) -> dt.date:
    """A registration day whose initial interview falls due within the next
    six days (the worklist's default view), whatever rule version is in force."""
    for days_ago in range(60):
        day = today - dt.timedelta(days=days_ago)
        deadline = process_rules.initial_interview_deadline(job_search_start=day)
        if deadline and today < deadline.due_on <= today + dt.timedelta(days=6):
            return day
    raise AssertionError("no registration day gives an interview due this week")


@dataclass
class Casework:
    """Kalajoki's caseworker with three cases (one shared with the partner)."""

    fresh: Case  # recently registered: the initial interview is due this week
    full: Case  # a record of everything, shared with the partner
    private: Case  # never shared; its initial interview is overdue
    outsider: Case  # Heinola's: found only by a complete identity code
    objects: dict[str, Any]


@pytest.fixture
def casework(
    register: Register,
    caseworker: User,
    team_lead: User,
    municipality: Organisation,
    partner_organisation: Organisation,
    partner_user: User,
    other_municipality: Organisation,
    other_municipality_caseworker: User,
) -> Casework:
    today = timezone.localdate()
    fresh = register(
        _registered_for_interview_this_week(today),
        first_names="Testi",
        last_name="Henkilö",
    )
    private = register(
        today - dt.timedelta(days=40), first_names="Testi", last_name="Yksityinen"
    )
    started = today - dt.timedelta(days=30)
    full = register(
        started,
        first_names="Testi",
        last_name="Jaettu",
        email="testi.jaettu@example.invalid",
        phone="040 000 0000",
    )
    plan, service, offer, decision = record_a_full_case(
        full,
        caseworker=caseworker,
        started=started,
        today=today,
        work_ability_notes="Selkävaiva (terveystieto)",
    )
    services.note_add(
        case=full,
        text="Soitettu, sovittu tapaaminen.",
        is_health_related=False,
        actor=caseworker,
        on=today,
    )
    agreement = PartnershipAgreement.objects.create(
        name="Testin kumppanuussopimus", status="in_force", valid_from=SINCE
    )
    for organisation, role in (
        (municipality, "member_municipality"),
        (partner_organisation, "third_sector"),
    ):
        AgreementParty.objects.create(
            agreement=agreement, organisation=organisation, role=role
        )
    DataSharingTerm.objects.create(
        agreement=agreement,
        organisation_kind="third_sector",
        categories=["contact", "plans", "services", "assessment", "health"],
    )
    # Consent to contact details and plans only: the assessment (and its
    # health notes) must stay hidden although the agreement would allow it.
    referral = referral_services.referral_create(
        case=full,
        partner=partner_organisation,
        agreement=agreement,
        purpose="Työpajajakso",
        consent_given_on=today,
        consent_scope=["contact", "plans"],
        valid_from=today,
        valid_until=today + dt.timedelta(days=30),
        actor=caseworker,
    )
    batch = exchange_services.import_upload(
        organisation=municipality,
        kind="benefit_counters",
        file_name="laskurit.csv",
        data=(
            "henkilötunnus;etuus;päivät;tilannepäivä\n"
            f"{full.jobseeker.identity_code};työmarkkinatuki;12,5;1.6.2025\n"
        ).encode(),
        uploaded_by=caseworker,
    )
    outsider = register(
        started,
        first_names="Testi",
        last_name="Ulkopuolinen",
        organisation=other_municipality,
        actor=other_municipality_caseworker,
    )
    # The private case's overdue interview becomes a reminder on the worklist.
    services.steps_overdue_flag(on=today)
    steps = ProcessStep.objects.filter(case=full)
    open_step = ProcessStep.objects.filter(case=fresh, status="open").first()
    return Casework(
        fresh=fresh,
        full=full,
        private=private,
        outsider=outsider,
        objects={
            "plan_version": plan,
            "service": service,
            "job_offer": offer,
            "decision": decision,
            "referral": referral,
            "agreement": agreement,
            "import_batch": batch,
            "open_step": open_step,
            "paused_step": steps.filter(status="paused").first(),
            "appointment": _appointment(fresh, open_step),
            "bulk_run": _bulk_run(fresh, [open_step]),
        },
    )


@dataclass
class Reports:
    """Two computed months, an agreement with a target, a quota, a pilot run
    and a draft target-group rule: what coordinators and boards look at."""

    months: list[IndicatorRun]
    agreement: PartnershipAgreement
    quota: Quota
    pilot: Pilot
    evaluation: EvaluationRun
    draft_rule: EligibilityRuleSet
    people: list[Case]


@pytest.fixture
def reports(
    register: Register,
    caseworker: User,
    coordinator: User,
    board_viewer: User,
    employment_area: Organisation,
    municipality: Organisation,
) -> Reports:
    this_month = timezone.localdate().replace(day=1)
    last_month = (this_month - dt.timedelta(days=1)).replace(day=1)
    month_before = (last_month - dt.timedelta(days=1)).replace(day=1)
    people = [
        register(month_before - dt.timedelta(days=20 * n), last_name=f"Mittaritesti{n}")
        for n in range(6)
    ]
    # Someone the dry run moves: 35 on the pilot day, entitled to the
    # earnings-related allowance, so only an "under 36" rule takes them in.
    older = register(
        dt.date(2022, 5, 1), benefit_type="earnings_related", last_name="Koeajotesti"
    )
    older.jobseeker.birth_date = dt.date(1987, 1, 1)
    older.jobseeker.save(update_fields=["birth_date"])
    runs = [
        reporting_services.run_execute(
            run_id=reporting_services.run_start(month=month).pk
        )
        for month in (month_before, last_month)
    ]
    agreement = PartnershipAgreement.objects.create(
        name="Testin kumppanuussopimus", status="in_force", valid_from=SINCE
    )
    AgreementParty.objects.create(
        agreement=agreement, organisation=municipality, role="member_municipality"
    )
    EvaluationTarget.objects.create(
        agreement=agreement,
        organisation=employment_area,
        indicator="activation_rate",
        description="Aktivointiaste yli 40 %",
        baseline=25,
        target=40,
        direction="increase",
        target_on=dt.date(2027, 12, 31),
        source="Sopimus 4 §",
    )
    # A year from the first computed month, so that the decision below fits
    # whatever month the tests run in.
    quota = appropriation_services.quota_create(
        holder=employment_area,
        appropriation="coaching",
        starts_on=month_before,
        ends_on=month_before.replace(year=month_before.year + 1) - dt.timedelta(days=1),
        amount_cents=5_000_000,
        person_month_limit=None,
        source_reference="TEST/1/2026",
        source_date=month_before,
        actor=coordinator,
    )
    appropriation_services.decision_record(
        case=people[0],
        actor=caseworker,
        appropriation="coaching",
        decided_on=month_before,
        starts_on=month_before,
        ends_on=this_month + dt.timedelta(days=40),
        amount_cents=1_200_000,
        provider="Testivalmennus Oy",
    )
    pilot = Pilot.objects.get(organisation__name__startswith="Ylivieskan seudun")
    evaluation = pilot_services.evaluation_run_start(
        pilot=pilot, on=dt.date(2022, 6, 1), actor=coordinator
    )
    draft = pilot_services.rule_set_draft(
        name="Alle 36",
        valid_from=dt.date(2022, 6, 1),
        clauses=[{"clause": "under_age", "age": 36}],
        source="Testipäätös",
        actor=coordinator,
    )
    return Reports(
        months=runs,
        agreement=agreement,
        quota=quota,
        pilot=pilot,
        evaluation=evaluation,
        draft_rule=draft,
        people=[*people, older],
    )


def _appointment(case: Any, step: Any) -> Any:
    """A booked appointment of the fresh case's open step, yesterday (its
    attendance page offers the outcomes)."""
    place = Place.objects.create(
        organisation=case.organisation,
        name="Toimipiste",
        channel="face_to_face",
        address="Testikatu 1",
    )
    starts = timezone.now() - dt.timedelta(days=1)
    return Appointment.objects.create(
        organisation=case.organisation,
        caseworker=case.caseworker,
        jobseeker=case.jobseeker,
        case=case,
        step=step,
        during=(starts, starts + dt.timedelta(hours=1)),
        channel="face_to_face",
        place=place,
        booked_by=case.caseworker,
    )


def _bulk_run(case: Any, steps: list[Any]) -> Any:
    """A finished bulk booking with one step without a free time."""
    run = BulkBookingRun.objects.create(
        organisation=case.organisation,
        requested_by=case.caseworker,
        length_minutes=60,
        status="done",
        not_booked=1,
        step_ids=[s.pk for s in steps],
        progress_total=1,
        progress_done=1,
    )
    BulkBookingResult.objects.create(run=run, step=steps[0], outcome="no_free_time")
    return run
