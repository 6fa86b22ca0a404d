from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from typing import TYPE_CHECKING

import pytest
from django.urls import reverse

from accounts.tests.factories import MembershipFactory
from audit.models import AccessLog
from cases import services
from organisations.models import Membership

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import User
    from organisations.models import Organisation
    from tests.personas import Register

pytestmark = pytest.mark.django_db


def test_a_coordinator_produces_the_report_in_finnish_and_swedish(
    client: Client, register: Register, caseworker: User, coordinator: User
) -> None:
    case = register(dt.date(2026, 2, 2), first_names="Raportti", last_name="Henkilö")
    client.force_login(caseworker)
    client.get(reverse("cases:jobseeker", args=[case.jobseeker_id]))
    services.jobseeker_update(
        jobseeker=case.jobseeker,
        expected_version=1,
        data=services.JobseekerData(first_names="Raportti", last_name="Muutettu"),
        actor=caseworker,
        home_municipality=case.jobseeker.home_municipality,
        on=dt.date(2026, 2, 3),
    )
    client.force_login(coordinator)

    for language, heading in (("fi", "Kuka on katsonut"), ("sv", "Vem har")):
        response = client.post(
            reverse("audit:subject_report"),
            {"identity_code": case.jobseeker.identity_code, "language": language},
        )
        assert response["Content-Type"] == "application/pdf"
        pdftotext = shutil.which("pdftotext")
        if pdftotext:
            text = subprocess.run(  # noqa: S603
                [pdftotext, "-", "-"],
                input=response.content,
                capture_output=True,
                check=True,
            ).stdout.decode()
            assert heading in text
            assert caseworker.get_full_name() in text
            assert "Henkilö" in text and "Muutettu" in text  # noqa: PT018

    assert AccessLog.objects.filter(action="report").count() == 2


def test_the_report_is_in_the_language_chosen_whatever_the_pages_language(
    client: Client, register: Register, caseworker: User, coordinator: User
) -> None:
    # given a change to the jobseeker's data and a coordinator reading in Finnish
    case = register(dt.date(2026, 2, 2), first_names="Kieli", last_name="Henkilö")
    services.jobseeker_update(
        jobseeker=case.jobseeker,
        expected_version=1,
        data=services.JobseekerData(first_names="Kieli", last_name="Muutettu"),
        actor=caseworker,
        home_municipality=case.jobseeker.home_municipality,
        on=dt.date(2026, 2, 3),
    )
    client.force_login(coordinator)

    # when the Swedish report is chosen
    response = client.post(
        reverse("audit:subject_report"),
        {"identity_code": case.jobseeker.identity_code, "language": "sv"},
        HTTP_ACCEPT_LANGUAGE="fi",
    )

    # then the file and every label in it are Swedish
    assert response["Content-Disposition"].endswith(f'-{case.jobseeker.pk}-sv.pdf"')
    pdftotext = shutil.which("pdftotext")
    if not pdftotext:
        pytest.skip("pdftotext is not installed")
    text = subprocess.run(  # noqa: S603
        [pdftotext, "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "Vem har" in text
    assert "efternamn" in text
    assert "sukunimi" not in text
    assert "Kuka on" not in text


def test_a_swedish_page_offers_the_swedish_report_first(
    client: Client, coordinator: User
) -> None:
    client.force_login(coordinator)

    page = client.get(reverse("audit:subject_report"), HTTP_ACCEPT_LANGUAGE="sv")

    assert page.context["form"]["language"].value() == "sv"


def test_the_report_is_only_for_the_coordinators_organisations(
    client: Client,
    register: Register,
    other_municipality: Organisation,
    other_municipality_caseworker: User,
    coordinator: User,
) -> None:
    foreign = register(
        dt.date(2026, 2, 2),
        organisation=other_municipality,
        actor=other_municipality_caseworker,
    )
    client.force_login(coordinator)

    response = client.post(
        reverse("audit:subject_report"),
        {"identity_code": foreign.jobseeker.identity_code, "language": "fi"},
    )

    assert response.status_code == 200
    assert "identity_code" in response.context["form"].errors


def test_caseworkers_cannot_produce_the_report(
    client: Client, caseworker: User
) -> None:
    client.force_login(caseworker)

    assert client.get(reverse("audit:subject_report")).status_code == 404


def test_a_data_protection_officer_can(
    client: Client, municipality: Organisation, db: None
) -> None:
    officer = MembershipFactory(
        organisation=municipality, role=Membership.Role.DATA_PROTECTION_OFFICER
    ).user
    client.force_login(officer)

    assert client.get(reverse("audit:subject_report")).status_code == 200


@pytest.mark.parametrize(
    ("language", "role"), [("fi", "Asiantuntija"), ("sv", "Handläggare")]
)
def test_the_report_names_the_readers_roles_in_its_language(
    client: Client,
    register: Register,
    caseworker: User,
    coordinator: User,
    language: str,
    role: str,
) -> None:
    # given a caseworker who read the jobseeker's page
    case = register(dt.date(2026, 2, 2))
    client.force_login(caseworker)
    client.get(reverse("cases:jobseeker", args=[case.jobseeker_id]))
    client.force_login(coordinator)

    # when the report is produced
    response = client.post(
        reverse("audit:subject_report"),
        {"identity_code": case.jobseeker.identity_code, "language": language},
    )

    # then the role reads as a word of the report's language, not as its code
    text = subprocess.run(
        ["pdftotext", "-", "-"],  # noqa: S607 - poppler-utils, as in the README
        input=response.content,
        capture_output=True,
        check=True,
    ).stdout.decode()
    assert role in text
    assert "caseworker" not in text


def test_changed_values_read_as_words_in_the_reports_language(
    register: Register, caseworker: User
) -> None:
    """The history stores ids, ISO dates and choice codes; the report shows a
    caseworker's name, a date as Finns write it and a status's label."""
    from django.utils import translation

    from audit.models import ChangeRecord
    from audit.selectors import subject_access_history
    from cases.models.case import CaseStatus

    case = register(dt.date(2026, 2, 2))
    common = {
        "username": caseworker.username,
        "organisation_id": case.organisation_id,
        "jobseeker_id": case.jobseeker_id,
        "object_type": "cases.Case",
        "object_id": case.pk,
    }
    ChangeRecord.objects.bulk_create(
        [
            ChangeRecord(
                field="caseworker", old_value="", new_value=str(caseworker.pk), **common
            ),
            ChangeRecord(
                field="closed_on", old_value="", new_value="2026-06-12", **common
            ),
            ChangeRecord(
                field="status", old_value="active", new_value="closed", **common
            ),
        ]
    )

    with translation.override("sv"):
        _reads, changes = subject_access_history(jobseeker_id=case.jobseeker_id)
        shown = [(row.old_shown, row.new_shown) for row in changes[-3:]]
        labels = {str(label) for _code, label in CaseStatus.choices}

    assert shown[0] == ("", caseworker.get_full_name())
    assert shown[1] == ("", "12.6.2026")
    assert shown[2][0] in labels
    assert shown[2][1] in labels
    assert "closed" not in shown[2]
