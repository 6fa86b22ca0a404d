"""No English or developer text in Finnish or Swedish output (issue 18).

Each persona signs in, sets a language and follows every link from the home
page and from the entry points of every route (tests/test_authorization_matrix.py
enumerates them all), submits the search and filter forms (GET) with their
initial values, downloads every CSV, XLSX and PDF, and produces the subject
access report. Nothing destructive is submitted: no POST except the report.

Finnish and Swedish output must contain no English words, no developer text
(file names, model paths, snake_case codes, "⚠" markers, seed numbers,
unformatted placeholders) and no point decimals. English is the third UI
language: it is checked for developer text only.

Literal identifiers a user must type (the column names an import file may
have) are marked up as <code> and not read. A failure lists the two kinds
apart: words and developer text, then number formats.
"""

from __future__ import annotations

import collections
import datetime as dt
import io
import re
import subprocess
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urljoin, urlsplit

import openpyxl
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.tokens import api_token_create
from appropriations import services as appropriation_services
from cases import rules as case_rules
from cases import services
from cases.models import ProcessStep, ServiceType
from exchange import services as exchange_services
from organisations.models import Membership, Organisation
from partners import seed_data
from partners.models import AgreementParty, DataSharingTerm, PartnershipAgreement
from partners.services import referrals as referral_services
from pilots import services as pilot_services
from pilots.models import EligibilityRuleSet, EmploymentArea, Pilot
from reporting import services as reporting_services
from reporting.tests.factories import survey_answer
from tests.personas import SINCE, _persona, record_a_full_case, sign_in
from tests.test_authorization_matrix import ROUTES, World, _url, survey_link_token

if TYPE_CHECKING:
    from django.test import Client
    from django.test.client import _MonkeyPatchedWSGIResponse

    from tests.personas import Register

pytestmark = pytest.mark.django_db

LANGUAGES = ("fi", "sv", "en")
PERSONAS = (
    "caseworker",
    "team_lead",
    "municipal_coordinator",
    "coordinator",  # of an employment area
    "board_viewer",
    "data_protection_officer",
    "partner_user",
    "admin_user",
)

# --- What must not appear -------------------------------------------------------

# Common English words that are not words of Finnish or Swedish text. Words
# both languages share with English ("per", "under", "status", "version",
# "data", "service", "person", "token") are left out on purpose.
ENGLISH_WORDS = re.compile(
    r"\b(?:the|of|and|with|from|for|to|not|are|was|were|this|that|these|those|"
    r"which|whether|should|would|been|has|have|their|there|each|every|without|"
    r"within|between|about|after|before|only|other|than|when|where|please|"
    r"least|most|unknown|missing|estimate|warning|source|Act|Seed|Demo data|"
    r"Can|Access|Attempts?|Failures?)\b"
)
DEVELOPER_PATTERNS = (
    ("warning marker", re.compile("⚠")),
    ("file name", re.compile(r"\b\w+\.(?:md|py|html|txt)\b")),
    (
        "module path",
        re.compile(
            r"\b(?:accounts|appropriations|audit|cases|config|core|exchange|"
            r"organisations|partners|pilots|reporting)\.[A-Za-z_]"
        ),
    ),
    ("model path", re.compile(r"\b[a-z]+\.[A-Z][a-z]+[A-Z]\w*")),
    ("code", re.compile(r"(?<![\w.@/-])[a-z]+_[a-z_]+\b")),
    (
        "seed number",
        re.compile(r"(?i)\bseeds?\b|\b(?:lähde|källa|lähdeaineisto|källmaterial) 00\d"),
    ),
    ("open question", re.compile(r"(?i)open question|avoin kysymys|öppen fråga")),
    ("placeholder", re.compile(r"%\(\w+\)[sd]|\{\{|\{%|\bTODO\b")),
)
# Python's values as words: English words too, so not looked for in English.
VALUE_WORDS = ("Python value", re.compile(r"\b(?:None|True|False|nan)\b"))
# A number with a point before its decimals (43.8, 101392.00). Not a date
# (1.3.2021, 12.9.) and not a time (17.05): a time has two digits after the
# point and is within a day, and is not followed by a unit.
POINT_DECIMAL = re.compile(r"(?<![\w.,])(\d+)\.(\d+)(?![\d.])(\s?[%€])?")

# Allowed, and kept small:
ALLOWED = re.compile(
    "|".join(
        (
            # e-mail addresses (user names before the @ may have underscores);
            r"\S+@\S+",
            # an API token's first characters, shown to recognise the token;
            r"\bpolku_\S+…",
            # Celery's task names, which the periodic-task form offers;
            r"\b[a-z]+\.[a-z_]+_task\b",
            # time zone names (the tz database's proper names).
            r"\b(?:Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|"
            r"Indian|Pacific)/[A-Z][\w/-]*(?: [A-Za-z][a-z]*)*",
        )
    )
)

# The OpenAPI documentation is written for developers: field names are the
# API's, by design. The static files and the schema are not pages.
NOT_CRAWLED = re.compile(
    r"^/(?:static/|api/v1/(?:docs|schema)/|accounts/logout/|admin/logout/"
    r"|admin/jsi18n/|admin/r/|admin/autocomplete/|admin/password_change/)"
)
# How many addresses of one shape (ids replaced) are read: enough for every
# kind of page state without reading every jobseeker's page.
PER_SHAPE = 2


def point_decimals(text: str) -> list[str]:
    found = []
    for match in POINT_DECIMAL.finditer(text):
        whole, decimals, unit = match.group(1), match.group(2), match.group(3)
        if len(decimals) == 2 and not unit and int(whole) <= 23 and int(decimals) <= 59:
            continue  # a time such as 17.05 (or a date such as 1.11.)
        if (
            len(decimals) == 1
            and text[match.end() : match.end() + 1] == "."
            and not unit
        ):
            continue  # a date without a year: 12.9.
        found.append(match.group(0))
    return found


def problems_in(
    text: str, *, language: str, names: re.Pattern[str] | None = None
) -> tuple[list[str], list[str]]:
    """(words and developer text, point decimals) found in one line of output.

    `names`: user names, which people type as they are (e.g. other.caseworker).
    """
    text = ALLOWED.sub(" ", text)
    if names is not None:
        text = names.sub(" ", text)
    patterns = (
        DEVELOPER_PATTERNS if language == "en" else (*DEVELOPER_PATTERNS, VALUE_WORDS)
    )
    words = [
        f"{name} {match.group(0)!r}"
        for name, pattern in patterns
        for match in pattern.finditer(text)
    ]
    if language == "en":
        return words, []
    words.extend(f"English {m.group(0)!r}" for m in ENGLISH_WORDS.finditer(text))
    return words, point_decimals(text)


# --- Reading output -------------------------------------------------------------


class PageText(HTMLParser):
    """Visible text, text a screen reader reads out, links and GET forms."""

    SKIPPED = frozenset(
        {"script", "style", "template", "code", "kbd", "samp", "textarea"}
    )
    READ_ALOUD = ("title", "alt", "aria-label", "placeholder")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.links: list[str] = []
        self.forms: list[dict[str, Any]] = []
        self._skipping: list[str] = []
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag in self.SKIPPED:
            self._skipping.append(tag)
        if self._skipping:
            return
        self.lines.extend(
            attributes[name] for name in self.READ_ALOUD if attributes.get(name)
        )
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        elif tag == "form":
            method = attributes.get("method", "get").lower()
            self.forms.append(
                {
                    "get": method == "get",
                    "action": attributes.get("action", ""),
                    "fields": [],
                }
            )
        elif tag == "input" and self.forms:
            kind = attributes.get("type", "text")
            if kind in ("submit", "button") and attributes.get("value"):
                self.lines.append(attributes["value"])
            if kind in ("checkbox", "radio") and "checked" not in attributes:
                return
            if attributes.get("name") and kind not in ("submit", "button", "file"):
                self.forms[-1]["fields"].append(
                    (attributes["name"], attributes.get("value", ""))
                )
        elif tag == "select" and self.forms:
            self._select = attributes.get("name")
            self._options = []
        elif tag == "option" and self._select is not None:
            self._options.append(
                (attributes.get("value", ""), "selected" in attributes)
            )

    def handle_endtag(self, tag: str) -> None:
        if self._skipping and self._skipping[-1] == tag:
            self._skipping.pop()
            return
        if tag == "select" and self._select is not None:
            chosen = [value for value, selected in self._options if selected]
            first = [value for value, _selected in self._options[:1]]
            for value in chosen or first:
                self.forms[-1]["fields"].append((self._select, value))
            self._select = None

    def handle_data(self, data: str) -> None:
        if not self._skipping and data.strip():
            self.lines.append(" ".join(data.split()))


def pdf_lines(content: bytes) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"],  # noqa: S607 - poppler-utils
        input=content,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


# A column of identifiers next to the readers' columns, headed as such.
CODE_HEADER = re.compile(r"(?i)^(?:koodi|kod|code)\b|\((?:koodi|kod|code)\)$")


def table_lines(rows: list[list[str]]) -> list[str]:
    """Cells of a CSV or an XLSX sheet, without columns headed as codes."""
    if not rows:
        return []
    codes = {
        i for i, header in enumerate(rows[0]) if CODE_HEADER.search(header.strip())
    }
    return [
        cell
        for row in rows
        for i, cell in enumerate(row)
        if i not in codes and cell.strip()
    ]


def csv_lines(content: bytes) -> list[str]:
    import csv

    text = content.decode("utf-8-sig")
    dialect = csv.Sniffer().sniff(text[:2048], delimiters=";,\t")
    return table_lines([list(row) for row in csv.reader(io.StringIO(text), dialect)])


def xlsx_lines(content: bytes) -> list[str]:
    """Text cells only: a number cell is shown in the reader's own format."""
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    lines = []
    for sheet in workbook.worksheets:
        lines.append(sheet.title)
        rows = [
            [cell.value if cell.data_type == "s" else "" for cell in row]
            for row in sheet.iter_rows()
        ]
        lines.extend(table_lines([[str(v or "") for v in row] for row in rows]))
    return lines


# --- The crawl ------------------------------------------------------------------


@dataclass
class Crawl:
    client: Client
    language: str
    seen: set[str] = field(default_factory=set)
    shapes: collections.Counter[str] = field(default_factory=collections.Counter)
    names: re.Pattern[str] | None = None
    words: list[str] = field(default_factory=list)
    decimals: list[str] = field(default_factory=list)
    documents: int = 0
    pages: int = 0

    def check(self, where: str, lines: list[str]) -> None:
        for line in lines:
            words, decimals = problems_in(
                line, language=self.language, names=self.names
            )
            self.words.extend(f"{where}: {w} in {line[:160]!r}" for w in words)
            self.decimals.extend(f"{where}: {d!r} in {line[:160]!r}" for d in decimals)

    def read(self, response: _MonkeyPatchedWSGIResponse, where: str) -> list[str]:
        """Check one response; return the addresses it links to."""
        content_type = response.get("Content-Type", "")
        content = (
            b"".join(response.streaming_content)  # type: ignore[attr-defined]
            if getattr(response, "streaming", False)
            else response.content
        )
        if "html" in content_type:
            page = PageText()
            page.feed(content.decode())
            self.check(where, page.lines)
            self.pages += 1
            return self._targets(where, page)
        if "pdf" in content_type:
            self.documents += 1
            self.check(where, pdf_lines(content))
        elif "csv" in content_type:
            self.documents += 1
            self.check(where, csv_lines(content))
        elif "spreadsheet" in content_type:
            self.documents += 1
            self.check(where, xlsx_lines(content))
        return []

    def _targets(self, where: str, page: PageText) -> list[str]:
        targets = [urljoin(where, href) for href in page.links]
        for form in page.forms:
            if form["get"]:
                action = urljoin(where, form["action"] or where)
                query = urlencode([(k, v) for k, v in form["fields"] if v != ""])
                targets.append(f"{urlsplit(action).path}?{query}" if query else action)
        return targets

    def visit(self, start: list[str]) -> None:
        queue = collections.deque(start)
        while queue:
            url = queue.popleft()
            parts = urlsplit(url)
            if parts.netloc and parts.netloc != "testserver":
                continue
            url = parts.path + (f"?{parts.query}" if parts.query else "")
            if url in self.seen or NOT_CRAWLED.match(parts.path):
                continue
            self.seen.add(url)
            shape = re.sub(r"\d+", "N", parts.path)
            if not parts.path.startswith("/admin/"):
                # The admin's filters and orderings show the same texts:
                # one address per page of the admin is enough.
                shape += "?" + ",".join(
                    sorted(k for k, _v in _query_pairs(parts.query))
                )
            self.shapes[shape] += 1
            if self.shapes[shape] > PER_SHAPE:
                continue
            response = self.client.get(url)
            if response.status_code in (301, 302):
                queue.append(response["Location"])
                continue
            if response.status_code != 200:
                continue
            queue.extend(self.read(response, url))


def _query_pairs(query: str) -> list[tuple[str, str]]:
    from urllib.parse import parse_qsl

    return parse_qsl(query, keep_blank_values=True)


# --- The world the personas look at ---------------------------------------------


@pytest.fixture
def municipal_coordinator(municipality: Organisation) -> User:
    return _persona("municipal.coordinator", municipality, Membership.Role.COORDINATOR)


@pytest.fixture
def data_protection_officer(employment_area: Organisation) -> User:
    return _persona(
        "tietosuoja", employment_area, Membership.Role.DATA_PROTECTION_OFFICER
    )


@dataclass
class Scene:
    world: World
    report_code: str  # the identity code a subject access report is asked for


@pytest.fixture
def scene(
    register: Register,
    caseworker: User,
    team_lead: User,
    municipality: Organisation,
    other_municipality: Organisation,
    other_municipality_caseworker: User,
    employment_area: Organisation,
    partner_organisation: Organisation,
    coordinator: User,
    municipal_coordinator: User,
    board_viewer: User,
    data_protection_officer: User,
    partner_user: User,
    admin_user: User,
    client: Client,
) -> Scene:
    today = timezone.localdate()
    started = today - dt.timedelta(days=45)
    # A young immigrant in the pilot area during the pilot: the eligibility
    # result, the integration plan and the deadlines with their legal sources.
    case = register(
        started,
        first_names="Testi",
        last_name="Kaikki",
        identity_code=case_rules.build_identity_code(
            today.replace(year=today.year - 24, day=1), 951
        ),
        is_immigrant=True,
        first_residence_on=today - dt.timedelta(days=400),
        integration_need=True,
        mother_tongue="other",
        email="testi.kaikki@example.invalid",
    )
    plan, service, offer, decision = record_a_full_case(
        case, caseworker=caseworker, started=started, today=today
    )
    services.note_add(
        case=case, text="Soitettu.", is_health_related=False, actor=caseworker, on=today
    )
    # Without a plan yet: the conditions explain what is missing.
    fresh = register(today - dt.timedelta(days=3), last_name="Uusi")
    # Heinola's: found by a complete identity code, opened for a reason.
    outsider = register(
        started,
        last_name="Ulkopuolinen",
        organisation=other_municipality,
        actor=other_municipality_caseworker,
    )
    access = services.break_glass_open(
        user=caseworker,
        token=services.break_glass_offer(user=caseworker, jobseeker=outsider.jobseeker),
        reason="Asiakas asioi Kalajoella, tarvitaan yhteystiedot.",
    )
    assert access.pk

    # The agreements of the seed documents (disagreeing figures, targets) and
    # one in force under which the partner sees a referred case.
    seed_data.load()
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
        categories=["contact", "plans", "services", "assessment"],
    )
    referral = referral_services.referral_create(
        case=case,
        partner=partner_organisation,
        agreement=agreement,
        purpose_kind="rehabilitative_work",
        purpose="puutyöpaja",
        consent_given_on=today,
        consent_scope=["contact", "plans", "services"],
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
            f"{case.jobseeker.identity_code};työmarkkinatuki;12,5;1.6.2025\n"
        ).encode(),
        uploaded_by=caseworker,
    )
    services.steps_overdue_flag(on=today)

    # Pilots: a person decided during the pilot, a run, a draft rule to try.
    pilot = Pilot.objects.get(organisation__name__startswith="Ylivieskan seudun")
    during = register(
        dt.date(2024, 3, 1),
        last_name="Kokeilu",
        identity_code=case_rules.build_identity_code(dt.date(2000, 5, 5), 952),
        benefit_type="earnings_related",
    )
    pilot_services.eligibility_evaluate_jobseeker(
        jobseeker=during.jobseeker, pilot=pilot, on=dt.date(2024, 6, 3)
    )
    # 34 on the day and entitled to the earnings-related allowance: only the
    # draft's "under 36" takes them in (a row of the dry run and its CSV).
    register(
        dt.date(2024, 3, 1),
        last_name="Koeajo",
        identity_code=case_rules.build_identity_code(dt.date(1990, 1, 1), 953),
        benefit_type="earnings_related",
    )
    run = pilot_services.evaluation_run_start(
        pilot=pilot, on=dt.date(2024, 6, 3), actor=coordinator
    )
    pilot_services.rule_set_draft(
        name="Alle 36-vuotiaat",
        valid_from=dt.date(2024, 6, 1),
        clauses=[{"clause": "under_age", "age": 36}],
        source="Testipäätös",
        actor=coordinator,
    )

    # Two computed months with survey answers, a quota, and board reports.
    this_month = today.replace(day=1)
    last_month = reporting_services.previous_month(today)
    month_before = reporting_services.previous_month(last_month)
    # Enough people for rates that are shown, with decimals (counts of 1-4
    # are suppressed): 14 jobseekers, 6 of them in a service over both months
    # (activation rate 6/14), and 10 answers, 7 of them satisfied.
    coaching = ServiceType.objects.get(code="coaching")
    for n in range(14):
        person = register(
            month_before - dt.timedelta(days=30 + n), last_name=f"Mittari{n}"
        )
        if n < 6:
            services.service_start(
                case=person,
                service_type=coaching,
                started_on=month_before,
                planned_end_on=today + dt.timedelta(days=60),
                provider="",
                actor=caseworker,
            )
    for score in (5, 5, 5, 4, 4, 4, 4, 2, 3, 1):
        survey_answer(organisation=municipality, answered_on=last_month, score=score)
    runs = [
        reporting_services.run_execute(
            run_id=reporting_services.run_start(month=month).pk
        )
        for month in (month_before, last_month)
    ]
    quota = appropriation_services.quota_create(
        holder=employment_area,
        appropriation="coaching",
        starts_on=month_before,
        ends_on=month_before.replace(year=month_before.year + 1) - dt.timedelta(days=1),
        amount_cents=5_000_000,
        person_month_limit=None,
        source_reference="TEM/1/2026",
        source_date=month_before,
        actor=coordinator,
    )
    appropriation_services.decision_record(
        case=fresh,
        actor=caseworker,
        appropriation="coaching",
        decided_on=month_before,
        starts_on=this_month,
        ends_on=this_month + dt.timedelta(days=40),
        amount_cents=1_200_000,
        provider="Testivalmennus Oy",
    )
    reports = []
    for organisation, language in ((municipality, "fi"), (employment_area, "sv")):
        report = reporting_services.board_report_request(
            organisation=organisation, month=last_month, language=language, user=None
        )
        reports.append(reporting_services.board_report_render(report_id=report.pk))
    assert all(r.status == "done" for r in reports), [r.error for r in reports]

    # A failed sign-in (django-axes' attempts and failures) and an API token.
    client.post(reverse("accounts:login"), {"username": "caseworker", "password": "x"})
    token = api_token_create(
        name="Raportointi", organisation=municipality, role="board_viewer", actor=None
    )[0]
    world = World(
        case,
        {
            "jobseeker": case.jobseeker,
            "case": case,
            "decision": decision,
            "plan_version": plan,
            "service": service,
            "job_offer": offer,
            "import_batch": batch,
            "step": ProcessStep.objects.filter(case=case, status="open").first(),
            "referral": referral,
            "pilot": pilot,
            "run": run,
            "area": EmploymentArea.objects.first(),
            "rule": EligibilityRuleSet.objects.filter(status="draft").first(),
            "agreement": agreement,
            "agreement_party": agreement.parties.first(),
            "indicator_run": runs[-1],
            "board_report": reports[0],
            "api_token": token,
            "quota": quota,
            # The survey's page in Swedish: the language is the link's.
            "survey_token": survey_link_token(municipality, "sv"),
        },
    )
    return Scene(world=world, report_code=case.jobseeker.identity_code)


def _entry_points(world: World) -> list[str]:
    """Every route that can be read with GET, at its object, and the states a
    form's initial values do not reach (a dry run needs a day)."""
    rule = world.objects["rule"]
    pilot = world.objects["pilot"]
    urls = [
        "/",
        f"{reverse('pilots:rule', args=[rule.pk])}?pilot={pilot.pk}&on=2024-06-03",
        f"{reverse('pilots:rule_dry_run_csv', args=[rule.pk])}"
        f"?pilot={pilot.pk}&on=2024-06-03",
    ]
    for name, route in sorted(ROUTES.items()):
        if route.method != "GET" or "-api:" in name:
            continue
        try:
            urls.append(_url(name, route, world))
        except KeyError:
            continue
    return urls


def _crawl(client: Client, user: User, scene: Scene, language: str) -> Crawl:
    sign_in(client, user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    usernames = sorted(User.objects.values_list("username", flat=True), key=len)
    names = re.compile("|".join(re.escape(n) for n in reversed(usernames)))
    crawl = Crawl(client=client, language=language, names=names)
    crawl.visit(_entry_points(scene.world))
    # The subject access report, in each language it can be asked in.
    url = reverse("audit:subject_report")
    for report_language in ("fi", "sv"):
        response = client.post(
            url, {"identity_code": scene.report_code, "language": report_language}
        )
        if response.status_code == 200:
            crawl.read(response, f"{url} [{report_language}]")
    return crawl


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_english_developer_text_or_point_decimals(
    client: Client, scene: Scene, persona: str, request: pytest.FixtureRequest
) -> None:
    """One crawl per language, two lists: the words, and the number formats."""
    user = request.getfixturevalue(persona)
    words: list[str] = []
    decimals: list[str] = []
    for language in LANGUAGES:
        crawl = _crawl(client, user, scene, language)
        assert crawl.pages > 1, f"{persona} [{language}] reached no pages"
        words.extend(f"[{language}] {p}" for p in crawl.words)
        decimals.extend(f"[{language}] {p}" for p in crawl.decimals)
    report = []
    if words:
        report += ["English or developer text:", *sorted(set(words))]
    if decimals:
        report += ["Point decimals:", *sorted(set(decimals))]
    assert not report, "\n".join(report)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Aktivointiaste 43.8 %", ["43.8 %"]),
        ("12.9", ["12.9"]),
        ("101392.00", ["101392.00"]),
        ("1.3.2021", []),
        ("klo 17.05", []),
        ("määräaika 12.9.", []),
        ("43,8 %", []),
        ("12.50 €", ["12.50 €"]),
    ],
)
def test_point_decimals_are_told_from_dates_and_times(
    text: str, expected: list[str]
) -> None:
    assert point_decimals(text) == expected


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Seed 004: combined population at least 30,000", True),
        ("(⚠ muutoslain numeroa ei löytynyt)", True),
        ("asiakkuuden päättymisen syyt (cases.ExitReason)", True),
        ("Nimettömät vastaukset (reporting.SurveyAnswer)", True),
        ("not_earnings_related", True),
        ("domain.md §3", True),
        ("Kunnan rahoitusosuus %(month)s", True),
        ("Laki työvoimapalveluiden järjestämisestä (380/2023) 4 luku", False),
        ("Lag om ordnande av arbetskraftsservice (380/2023) 4 kap.", False),
        ("4 ansökningar per månad, under 30 år", False),
        ("testi.kaikki@example.invalid", False),
    ],
)
def test_the_patterns_find_english_and_developer_text(text: str, found: bool) -> None:
    words, _decimals = problems_in(text, language="sv")
    assert bool(words) is found, words
