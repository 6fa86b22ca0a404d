"""The answer without an account: a signed, expiring link; the page shows
only the time, place and channel; rate-limited; every use logged; the
caseworker sees the answer."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pytest
import time_machine
from django.urls import reverse

from appointments import answers
from appointments.models import AnswerLinkUse, AppointmentAnswer
from messaging.models import Message
from messaging.rendering import message_render
from tests.personas import sign_in

from .conftest import NOW

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import User
    from appointments.models import Appointment
    from cases.models import ProcessStep

pytestmark = pytest.mark.django_db


@pytest.fixture
def link(booked: Appointment) -> str:
    return reverse(
        "answer",
        args=[answers.answer_token(appointment_id=booked.pk, language="sv")],
    )


def test_the_invitation_carries_the_link(booked: Appointment, settings: Any) -> None:
    sms = Message.objects.get(idempotency_key__endswith=":invitation:sms")
    body = message_render(sms).body
    assert f"{settings.POLKU_PUBLIC_URL}/answer/" in body
    token = body.split("/answer/")[1].split("/")[0]
    assert answers.token_read(token) == (booked.pk, "sv")


def test_the_page_shows_time_and_place_in_swedish_without_the_name(
    link: str, client: Client, step: ProcessStep
) -> None:
    page = client.get(link)
    text = page.content.decode()
    assert page.status_code == 200
    assert "9.6.2026" in text
    assert "Testikatu 1" in text
    assert 'lang="sv"' in text
    assert step.jobseeker.last_name not in text
    assert step.jobseeker.identity_code not in text


def test_asking_for_another_time_reaches_the_caseworker_escaped(
    link: str, client: Client, caseworker: User, step: ProcessStep
) -> None:
    answer = client.post(
        link, {"kind": "other_time", "message": "<b>Torsdag</b> passar bättre"}
    )
    assert answer.status_code == 302
    saved = AppointmentAnswer.objects.get()
    assert saved.kind == "other_time"
    assert [u.action for u in AnswerLinkUse.objects.order_by("id")] == ["answer"]

    sign_in(client, caseworker)
    page = client.get(reverse("cases:jobseeker", args=[step.jobseeker_id]))
    text = page.content.decode()
    assert "&lt;b&gt;Torsdag&lt;/b&gt; passar bättre" in text
    assert "<b>Torsdag</b>" not in text


def test_a_too_long_message_is_refused_and_kept(link: str, client: Client) -> None:
    typed = "x" * 501
    page = client.post(link, {"kind": "other_time", "message": typed})
    assert page.status_code == 200
    assert typed in page.content.decode()
    assert not AppointmentAnswer.objects.exists()


def test_an_altered_or_expired_link_does_not_work(
    link: str, client: Client, settings: Any
) -> None:
    assert client.get(link[:-3] + "xx/").status_code == 404
    settings.POLKU_ANSWER_LINK_DAYS = 60
    with time_machine.travel(NOW + dt.timedelta(days=61), tick=False):
        assert client.get(link).status_code == 404


def test_the_link_is_rate_limited_and_every_use_logged(
    link: str, client: Client
) -> None:
    for _ in range(answers.PER_LINK_PER_HOUR):
        assert client.get(link).status_code == 200
    assert client.get(link).status_code == 429
    actions = list(AnswerLinkUse.objects.values_list("action", flat=True))
    assert actions.count("view") == answers.PER_LINK_PER_HOUR
    assert actions[-1] == "refused"
    # an hour later it works again
    with time_machine.travel(NOW + dt.timedelta(hours=1, minutes=1), tick=False):
        assert client.get(link).status_code == 200


def test_the_page_switches_language_and_keeps_the_signed_link(
    link: str, client: Client
) -> None:
    # given: the page in the message's language, Swedish
    page = client.get(link).content.decode()
    assert 'lang="sv"' in page
    assert "Din tid hos sysselsättningstjänsterna" in page
    # each language offered as a plain link, named in its own language
    assert '<a href="?lang=fi" lang="fi" hreflang="fi">Suomi</a>' in page
    assert 'href="?lang=sv" lang="sv" hreflang="sv" aria-current="true"' in page

    # when: the person chooses Finnish, then English
    finnish = client.get(link, {"lang": "fi"})
    english = client.get(link, {"lang": "en"})

    # then: the same link, in the language chosen, each use logged
    assert finnish.status_code == english.status_code == 200
    assert '<html lang="fi">' in finnish.content.decode()
    assert "Aikasi työllisyyspalveluihin" in finnish.content.decode()
    assert finnish["Content-Language"] == "fi"
    assert "Your appointment with employment services" in english.content.decode()
    assert 'action="?lang=en"' in english.content.decode()
    assert list(AnswerLinkUse.objects.values_list("action", flat=True)) == [
        "view",
        "view",
        "view",
    ]
    # a language Polku does not have falls back to the message's
    assert 'lang="sv"' in client.get(link, {"lang": "de"}).content.decode()


def test_an_answer_in_the_chosen_language_keeps_it(link: str, client: Client) -> None:
    # when: a too long message, sent from the page in Finnish
    typed = "x" * 501
    refused = client.post(f"{link}?lang=fi", {"kind": "other_time", "message": typed})
    # then: the error is in Finnish, what was typed kept
    assert refused.status_code == 200
    assert "Tämän arvon tulee olla enintään 500 merkkiä pitkä" in (
        refused.content.decode()
    )
    assert typed in refused.content.decode()

    # when: sent from the page in English
    sent = client.post(f"{link}?lang=en", {"kind": "confirmed", "message": ""})
    # then: the thanks come in English
    assert sent.status_code == 302
    assert sent["Location"] == f"{link}?sent=1&lang=en"
    thanks = client.get(sent["Location"]).content.decode()
    assert "Thank you. Your answer has been sent to employment services." in thanks


def test_the_refusal_of_a_bad_link_is_in_the_language_chosen(
    link: str, client: Client
) -> None:
    page = client.get(link[:-3] + "xx/", {"lang": "sv"}, HTTP_ACCEPT_LANGUAGE="fi")
    assert page.status_code == 404
    assert "Länken fungerar inte" in page.content.decode()
    assert 'href="?lang=fi"' in page.content.decode()


def test_switching_language_counts_towards_the_rate_limit(
    link: str, client: Client
) -> None:
    for n in range(answers.PER_LINK_PER_HOUR):
        language = answers.LANGUAGES[n % len(answers.LANGUAGES)]
        assert client.get(link, {"lang": language}).status_code == 200
    assert client.get(link, {"lang": "fi"}).status_code == 429
