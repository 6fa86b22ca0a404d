"""The worklist page written in Python is the markup of the template it
replaces, byte for byte, in Finnish, Swedish and English: with reminders,
the bulk booking form, a later page with odd query parameters, no lines,
and names to escape (casework.views.worklist._page_html)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.middleware import csrf
from django.template import Context, engines
from django.urls import reverse
from django.utils import timezone, translation

from appointments.forms import BulkBookingForm
from cases.models import ProcessStep, Reminder
from casework.views import worklist
from tests.personas import sign_in

if TYPE_CHECKING:
    from django.test import Client
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

    from accounts.models import User
    from tests.personas import Register

pytestmark = pytest.mark.django_db

# cases/worklist.html before the page was written in Python (the reference).
_REFERENCE = Path(__file__).parent / "reference" / "worklist.html"


def _reference(response: Response, language: str) -> str:
    """The page as the template wrote it, from the view's own context."""
    found = response.context
    # One Context for the page (casework.views.layout.announce_context),
    # a ContextList when the reminders' template was rendered too.
    context: dict[str, Any] = (
        found.flatten()
        if isinstance(found, Context)
        else {key: found[key] for key in found.keys()}  # noqa: SIM118
    )
    context["bulk_form"] = BulkBookingForm()
    with translation.override(language):
        context["fields_html"] = worklist._fields_html(context["form"])
        context["rows_html"] = worklist._rows_html(
            context["rows"],
            can_bulk_book=context["can_bulk_book"],
            shows_assignee=context["shows_assignee"],
        )
        return (
            engines["django"]
            .from_string(_REFERENCE.read_text())
            .render(context, response.wsgi_request)
        )


@pytest.fixture(autouse=True)
def _same_csrf_token(monkeypatch: pytest.MonkeyPatch) -> None:
    # Each render masks the token afresh; the comparison needs one mask.
    monkeypatch.setattr(csrf, "_mask_cipher_secret", lambda secret: "m" * 64)


@pytest.fixture
def _lines(register: Register, caseworker: User) -> None:
    today = timezone.localdate()
    for n, last_name in enumerate(["O'Brien <Åberg> & Co", "Virtanen", "Öberg"]):
        case = register(
            today - dt.timedelta(days=40 - n),
            last_name=last_name,
            first_names='Testi "T"',
        )
        step = case.steps.order_by("due_on", "id")[0]
        Reminder.objects.create(
            user=caseworker,
            step=step,
            organisation_id=step.organisation_id,
            kind=Reminder.Kind.OVERDUE_TEAM if n else Reminder.Kind.OVERDUE,
        )
    ProcessStep.objects.filter(case__jobseeker__last_name="Öberg").update(due_on=today)


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
@pytest.mark.usefixtures("_lines")
def test_a_caseworkers_pages_are_the_templates(
    client: Client,
    caseworker: User,
    language: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given: two lines a page, so that there is a later page
    monkeypatch.setattr(worklist, "PAGE_SIZE", 2)
    sign_in(client, caseworker)
    url = reverse("cases:worklist")
    pages: list[dict[str, str | list[str]]] = [
        {},
        {"bucket": "due", "x": "a b/ä<&'", "y": ["1", "2"], "<z&>": "1"},
        {"bucket": "later", "kind": "initial_interview"},
        {"bucket": "today", "kind": "activation_plan"},
        {"caseworker": "nobody", "scope": "organisation"},
    ]
    for query in pages:
        # when
        response = client.get(url, query, HTTP_ACCEPT_LANGUAGE=language)
        later = client.get(
            f"{url}?{response.context['next_query']}", HTTP_ACCEPT_LANGUAGE=language
        )

        # then
        for page in (response, later):
            assert page.content.decode() == _reference(page, language)
    assert b"field__errors" in response.content


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
@pytest.mark.usefixtures("_lines")
def test_a_team_leads_pages_with_bulk_booking_are_the_templates(
    client: Client, team_lead: User, language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given
    monkeypatch.setattr(worklist, "PAGE_SIZE", 2)
    sign_in(client, team_lead)
    url = reverse("cases:worklist")
    bulk_forms = 0
    for query in ({}, {"scope": "mine"}, {"bucket": "week"}):
        # when
        response = client.get(url, query, HTTP_ACCEPT_LANGUAGE=language)
        later = client.get(
            f"{url}?{response.context['next_query']}", HTTP_ACCEPT_LANGUAGE=language
        )

        # then
        for page in (response, later):
            assert page.content.decode() == _reference(page, language)
            bulk_forms += b'id="bulk-book"' in page.content
    assert bulk_forms
