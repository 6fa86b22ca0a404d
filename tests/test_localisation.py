"""Formats and generated texts follow the reader's language: dates and money
as written in Finland, PDFs and API errors in Finnish, Swedish and English.

(Polku sends no e-mail: nothing calls send_mail or EmailMessage.)
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext

from cases import services
from cases.models import PlanVersion
from core.templatetags.money import amount, euros, tenths

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import User
    from tests.personas import Register

NBSP = "\xa0"
MARCH_1 = dt.date(2021, 3, 1)


@pytest.mark.parametrize(
    ("language", "short", "long", "money", "decimal"),
    [
        ("fi", "1.3.2021", "1. maaliskuuta 2021", f"1{NBSP}950,00{NBSP}€", "12,5"),
        ("sv", "1.3.2021", "1 mars 2021", f"1{NBSP}950,00{NBSP}€", "12,5"),
        # English as read in Finland: day.month.year, never month/day.
        ("en", "1.3.2021", "1 March 2021", f"1,950.00{NBSP}€", "12.5"),
    ],
)
def test_dates_and_numbers_follow_the_language(
    language: str, short: str, long: str, money: str, decimal: str
) -> None:
    with translation.override(language):
        assert date_format(MARCH_1, "SHORT_DATE_FORMAT") == short
        assert date_format(MARCH_1, "DATE_FORMAT") == long
        assert euros(195_000) == money
        assert amount(Decimal("1950")) == money
        assert tenths(125) == decimal
        assert number_format(Decimal("12.5"), 1, use_l10n=True) == decimal
        # The same through the filters the templates use.
        rendered = Template(
            '{% load money %}{{ day|date:"SHORT_DATE_FORMAT" }} {{ cents|euros }}'
        ).render(Context({"day": MARCH_1, "cents": 195_000}))
    assert rendered == f"{short} {money}"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_api_errors_are_in_the_language_asked_for(
    client: Client, register: Register, caseworker: User, language: str
) -> None:
    case = register()
    client.force_login(caseworker)

    missing = client.get(
        reverse("cases-api:jobseeker", args=[0]), HTTP_ACCEPT_LANGUAGE=language
    )
    invalid = client.post(
        reverse("appropriations-api:case_decisions", args=[case.pk]),
        {},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE=language,
    )

    assert missing.status_code == 404
    assert invalid.status_code == 400
    with translation.override(language):
        not_found = gettext("Not found.")
        not_valid = gettext("Some of the data is not valid; see the fields.")
        required = gettext("This field is required.")
    if language != "en":
        # Each message has a translation in the catalogues.
        assert {not_found, not_valid, required}.isdisjoint(
            {
                "Not found.",
                "Some of the data is not valid; see the fields.",
                "This field is required.",
            }
        )
    assert missing.json()["detail"] == not_found
    assert invalid.json()["detail"] == not_valid
    assert invalid.json()["fields"]["appropriation"] == [required]


def _pdf_text(pdf: bytes) -> str:
    assert pdf.startswith(b"%PDF")
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(  # noqa: S603 - a fixed tool on our own bytes
        [pdftotext, "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    return " ".join(text.split())


@pytest.mark.django_db
def test_the_plan_pdf_in_finnish_swedish_and_english(
    client: Client, register: Register, caseworker: User
) -> None:
    case = register()
    services.plan_version_create(
        case=case,
        kind="employment",
        expected_version=0,
        agreed_on=case.job_search_period.started_on,
        goal="Työ",
        services="",
        applications_per_month=4,
        obligation_reason="",
        contact_channel="e_service",
        valid_until=None,
        tasks=[],
        actor=caseworker,
    )
    version = PlanVersion.objects.get()
    client.force_login(caseworker)

    for language, title in (
        ("fi", "Työllistymissuunnitelma"),
        ("sv", "Sysselsättningsplan"),
        ("en", "Employment plan"),
    ):
        response = client.get(
            reverse("cases:plan_version_pdf", args=[case.jobseeker_id, version.pk]),
            {"lang": language},
        )
        text = _pdf_text(response.content)
        with translation.override(language):
            headings = [gettext("Goal"), gettext("Job search obligation")]
        assert title in text, language
        assert all(heading in text for heading in headings), (language, headings)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("fi", "Kuka on katsonut tai muuttanut tietojani"),
        ("sv", "Vem har sett eller ändrat mina uppgifter"),
    ],
)
def test_the_data_use_report_pdf_in_finnish_and_swedish(
    client: Client,
    register: Register,
    coordinator: User,
    language: str,
    title: str,
) -> None:
    case = register()
    client.force_login(coordinator)

    response = client.post(
        reverse("audit:subject_report"),
        {"identity_code": case.jobseeker.identity_code, "language": language},
    )

    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert title in text
    with translation.override(language):
        assert gettext("Who has viewed or changed my data") == title


# The deadline rules' citations and notes (cases.rules.process) as a caseworker
# registered on 2.5.2025 reads them: initial_interview/2025-01-01.
DEADLINE_RULE_TEXTS = {
    "fi": (
        "Laki työvoimapalveluiden järjestämisestä (380/2023) 4 luku (HE 207/2022)",
        "Sama sisältö kuin vuonna 2022 uuden lain nojalla; työvoimaviranomainen "
        "on kunta tai työllisyysalue.",
        "Laki työllistymisen monialaisesta edistämisestä (381/2023)",
    ),
    "sv": (
        "Lag om ordnande av arbetskraftsservice (380/2023) 4 kap. (RP 207/2022)",
        "Samma innehåll som 2022 enligt den nya lagen; arbetskraftsmyndigheten "
        "är kommunen eller sysselsättningsområdet.",
        "Lag om sektorsövergripande främjande av sysselsättningen (381/2023)",
    ),
    "en": (
        "Act on Organising Employment Services (380/2023) chapter 4 (HE 207/2022)",
        "Same content as 2022 under the new act; the employment authority is the "
        "municipality or employment area.",
        "Act on Multi-sectoral Promotion of Employment (381/2023)",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_deadline_rules_are_explained_in_the_readers_language(
    client: Client, register: Register, caseworker: User, language: str
) -> None:
    source, note, trigger_source = DEADLINE_RULE_TEXTS[language]
    case = register(dt.date(2025, 5, 2))
    client.force_login(caseworker)

    (deadline,) = client.get(
        reverse("cases-api:jobseeker_deadlines", args=[case.jobseeker_id]),
        HTTP_ACCEPT_LANGUAGE=language,
    ).json()
    page = client.get(
        reverse("cases:jobseeker", args=[case.jobseeker_id]),
        HTTP_ACCEPT_LANGUAGE=language,
    ).content.decode()

    assert deadline["rule"]["legal_source"] == source
    assert deadline["rule"]["note"] == note
    assert source in deadline["explanation"]["basis"]
    assert source in page
    # The multi-sectoral trigger under Act 381/2023, in force since 2025.
    assert trigger_source in page
