"""The jobseeker page and its layout written in Python (casework.views
.jobseeker._respond, casework.views.layout) are byte for byte what the
template they replace wrote (casework/tests/reference/jobseeker_page.html
over templates/base.html), rendered from the same request and context, in
Finnish, Swedish and English."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.contrib import messages
from django.template import Template
from django.template.context import make_context
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from cases.models import BreakGlassAccess
from casework.tests.records import every_page_record, page_contexts

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse
    from django.test import Client

    from accounts.models import User
    from organisations.models import Organisation
    from tests.personas import Register

pytestmark = pytest.mark.django_db

_REFERENCE = Path(__file__).parent / "reference" / "jobseeker_page.html"


def _page_and_reference(client: Client, url: str, language: str) -> tuple[str, str]:
    with page_contexts() as contexts:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    (context,) = contexts
    # The same request and context, the view's over the context
    # processors' as `render` puts them: the same CSRF token and messages.
    with translation.override(language):
        old = Template(_REFERENCE.read_text()).render(
            make_context(context, response.wsgi_request)
        )
    return response.content.decode(), old


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_page_is_the_templates_bytes(
    client: Client, caseworker: User, register: Register, language: str
) -> None:
    # given: every record the page shows, with text to escape
    case = register(timezone.localdate() - dt.timedelta(days=40))
    every_page_record(case, caseworker)
    client.force_login(caseworker)
    url = reverse("cases:jobseeker", args=[case.jobseeker_id])

    # when
    page, old = _page_and_reference(client, url, language)
    other_day, old_other_day = _page_and_reference(
        client, f"{url}?on={timezone.localdate() - dt.timedelta(days=3)}", language
    )

    # then
    assert 'id="timeline-heading"' in page
    assert page == old
    assert other_day == old_other_day


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_a_page_without_records_is_the_templates_bytes(
    client: Client, caseworker: User, register: Register, language: str
) -> None:
    # given: a new case, nothing recorded on it beyond its opening
    case = register(timezone.localdate())
    client.force_login(caseworker)

    # when
    page, old = _page_and_reference(
        client, reverse("cases:jobseeker", args=[case.jobseeker_id]), language
    )

    # then
    assert page == old


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_a_closed_case_is_the_templates_bytes(
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

    # when
    page, old = _page_and_reference(
        client, reverse("cases:jobseeker", args=[case.jobseeker_id]), language
    )

    # then
    assert page == old


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_a_break_the_glass_read_is_the_templates_bytes(
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
    BreakGlassAccess.objects.create(
        user=caseworker,
        jobseeker_id=case.jobseeker_id,
        organisation_id=case.organisation_id,
        reason="Asiakas soitti, oma asiantuntija lomalla",
        expires_at=timezone.now() + dt.timedelta(hours=1),
    )
    client.force_login(caseworker)

    # when
    page, old = _page_and_reference(
        client, reverse("cases:jobseeker", args=[case.jobseeker_id]), language
    )

    # then
    assert "error-summary" in page
    assert page == old


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
@pytest.mark.parametrize("is_demo", [True, False])
def test_messages_and_the_demo_notice_are_the_templates_bytes(
    client: Client,
    caseworker: User,
    register: Register,
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
    language: str,
    is_demo: bool,
) -> None:
    # given: messages waiting for the page (one marked safe, one to escape)
    case = register(timezone.localdate() - dt.timedelta(days=40))
    settings.POLKU_ALLOW_TEMPORARY_IDENTITY_CODES = is_demo
    client.force_login(caseworker)
    from casework.views import jobseeker

    original = jobseeker._respond
    added: list[bool] = []

    def with_messages(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
        if added:
            return original(request, context)
        added.append(True)
        messages.success(request, "Tallennettu <tiedot> & muut")
        messages.warning(request, mark_safe("<b>Huom.</b>"), extra_tags="strong")
        return original(request, context)

    monkeypatch.setattr(jobseeker, "_respond", with_messages)

    # when
    page, old = _page_and_reference(
        client, reverse("cases:jobseeker", args=[case.jobseeker_id]), language
    )

    # then
    assert "message--success" in page
    assert "&lt;tiedot&gt;" in page
    assert "<b>Huom.</b>" in page
    assert ("900–999" in page) is is_demo
    assert page == old
    # the page showed them: the next request has none
    assert (
        "message--success"
        not in client.get(
            reverse("cases:jobseeker", args=[case.jobseeker_id])
        ).content.decode()
    )
