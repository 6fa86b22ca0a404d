"""The jobseeker page's sections written in Python
(casework.views.jobseeker_sections) read exactly as the template they
replace did, in Finnish, Swedish and English: the page is compared with the
old template (casework/tests/reference/jobseeker_detail.html) rendered
from the same request and context."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.template import RequestContext, Template
from django.urls import reverse
from django.utils import timezone, translation

from appointments.models import ReminderPause
from cases.models import BreakGlassAccess
from casework.tests.records import (
    booked_appointment,
    every_page_record,
    page_contexts,
)
from messaging.models import Message
from organisations.tests.factories import OrganisationFactory
from partners.models import PartnershipAgreement, Referral

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import User
    from cases.models import Case
    from organisations.models import Organisation
    from tests.personas import Register

pytestmark = pytest.mark.django_db

_REFERENCE = Path(__file__).parent / "reference" / "jobseeker_detail.html"
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def _squeezed(html: str) -> str:
    """Whitespace between tags does not show; the rest must be the same.
    Each {% csrf_token %} is masked afresh, so the tokens are left out."""
    html = _CSRF.sub('name="csrfmiddlewaretoken"', html)
    html = re.sub(r"\s+", " ", html)
    # A tag a line, so that a difference shows as the lines that differ.
    return re.sub(r"\s*(<[^>]*>)\s*", r"\1", html).replace("><", ">\n<")


def _page_and_reference(client: Client, url: str, language: str) -> tuple[str, str]:
    with page_contexts() as contexts:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    (context,) = contexts
    with translation.override(language):
        old = Template(_REFERENCE.read_text()).render(
            RequestContext(response.wsgi_request, context)
        )
    return _squeezed(response.content.decode()), _squeezed(old)


def _appointment_with_a_failed_message(case: Case, caseworker: User) -> None:
    appointment = booked_appointment(
        case,
        caseworker,
        timezone.now() + dt.timedelta(days=3),
        place_name="Toimipiste <2>",
    )
    # A text message about it that failed for good, keyed as the outbox
    # keys an appointment's messages (appointments.selectors).
    Message.objects.create(
        organisation=case.organisation,
        jobseeker_id=case.jobseeker_id,
        channel="sms",
        recipient="+358400000000",
        language="fi",
        template_key="appointment_invitation",
        idempotency_key=f"appointment:{appointment.pk}:invitation:sms",
        status="failed",
        attempts=6,
        next_try_at=timezone.now(),
        last_error="HTTP 422: b'invalid & <number>'",
    )


def _referral(case: Case, caseworker: User) -> None:
    today = timezone.localdate()
    Referral.objects.create(
        organisation=case.organisation,
        case=case,
        partner=OrganisationFactory(name="Kumppani & co", kind="third_sector"),
        agreement=PartnershipAgreement.objects.create(
            name="Sopimus", status="in_force", valid_from=dt.date(2024, 1, 1)
        ),
        purpose_kind=Referral.Purpose.REHABILITATIVE_WORK,
        purpose="Puutyö <paja>",
        consent_given_on=today,
        consent_scope=["contact", "plans"],
        valid_from=today,
        valid_until=today + dt.timedelta(days=90),
        created_by=caseworker,
    )


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_page_reads_as_the_old_template_did(
    client: Client, caseworker: User, register: Register, language: str
) -> None:
    # given: every record and section the page shows, with text to escape
    case = register(timezone.localdate() - dt.timedelta(days=40))
    every_page_record(case, caseworker)
    _appointment_with_a_failed_message(case, caseworker)
    _referral(case, caseworker)
    ReminderPause.objects.create(
        jobseeker=case.jobseeker, paused_at=timezone.now(), paused_by=caseworker
    )
    client.force_login(caseworker)
    url = reverse("cases:jobseeker", args=[case.jobseeker_id])

    # when
    page, old = _page_and_reference(client, url, language)
    # the conditions on another day, and on a day the form refuses
    other_day, old_other_day = _page_and_reference(
        client, f"{url}?on={timezone.localdate() - dt.timedelta(days=3)}", language
    )
    refused, old_refused = _page_and_reference(client, f"{url}?on=2000-01-01", language)

    # then
    assert 'id="appointments-heading"' in page
    assert 'id="referrals-heading"' in page
    assert 'id="decisions-heading"' in page
    assert "field--error" in refused
    assert page == old
    assert other_day == old_other_day
    assert refused == old_refused


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_a_closed_case_reads_as_the_old_template_did(
    client: Client, caseworker: User, register: Register, language: str
) -> None:
    # given: no open case, an earlier one the caseworker may reopen
    case = register(timezone.localdate() - dt.timedelta(days=40))
    every_page_record(case, caseworker)
    client.force_login(caseworker)
    client.post(
        reverse("cases:case_transition", args=[case.pk]),
        {"to": "closed", "exit_reason": "employed_open_market"},
    )
    url = reverse("cases:jobseeker", args=[case.jobseeker_id])

    # when
    page, old = _page_and_reference(client, url, language)

    # then
    assert page == old


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_a_read_through_break_the_glass_reads_as_the_old_template_did(
    client: Client,
    caseworker: User,
    register: Register,
    other_municipality: Organisation,
    other_municipality_caseworker: User,
    language: str,
) -> None:
    # given: a record outside the reader's organisations, opened read-only
    case = register(
        timezone.localdate() - dt.timedelta(days=40),
        organisation=other_municipality,
        actor=other_municipality_caseworker,
    )
    every_page_record(case, other_municipality_caseworker)
    _appointment_with_a_failed_message(case, other_municipality_caseworker)
    _referral(case, other_municipality_caseworker)
    BreakGlassAccess.objects.create(
        user=caseworker,
        jobseeker_id=case.jobseeker_id,
        organisation_id=case.organisation_id,
        reason="Asiakas soitti, oma asiantuntija lomalla",
        expires_at=timezone.now() + dt.timedelta(hours=1),
    )
    client.force_login(caseworker)
    url = reverse("cases:jobseeker", args=[case.jobseeker_id])

    # when
    page, old = _page_and_reference(client, url, language)

    # then: nothing to edit, and the same page
    assert 'role="alert"' in page
    assert reverse("cases:jobseeker_edit", args=[case.jobseeker_id]) not in page
    assert page == old
