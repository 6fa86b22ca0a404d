"""Every message to a jobseeker, sent or printed, is on the timeline of the
jobseeker page with its kind, channel and status, in the reader's language
(issue 22 item 3)."""

from __future__ import annotations

import datetime as dt
import html
from typing import TYPE_CHECKING

import pytest
from django.urls import reverse
from django.utils import timezone

from appointments import services as appointment_services
from casework.tests.records import booked_appointment
from messaging import services as outbox

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import User
    from tests.personas import Register

pytestmark = pytest.mark.django_db

LINES = {
    "fi": [
        "Viesti lähetetty työnhakijalle: Peruutus, Sähköposti, Lähetetty",
        "Viesti lähetetty työnhakijalle: Peruutus, Tekstiviesti, Lähetetty",
        "Viesti lähetetty työnhakijalle: Kutsu, Kirje, Tulostettu",
    ],
    "sv": [
        "Meddelande skickat till arbetssökanden: Avbokning, E-post, Skickat",
        "Meddelande skickat till arbetssökanden: Avbokning, Textmeddelande, Skickat",
        "Meddelande skickat till arbetssökanden: Kallelse, Brev, Utskrivet",
    ],
    "en": [
        "Message sent to the jobseeker: Cancellation, E-mail, Sent",
        "Message sent to the jobseeker: Cancellation, Text message, Sent",
        "Message sent to the jobseeker: Invitation, Letter, Printed",
    ],
}


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_timeline_shows_each_send_with_channel_and_status(
    client: Client, caseworker: User, register: Register, language: str
) -> None:
    # given: an appointment cancelled by e-mail and text message, and its
    # invitation printed as a letter
    case = register(
        email="testi.henkilo@example.invalid",
        phone="+358 40 000 0000",
        address="Testitie 5, 85100 Kalajoki",
    )
    appointment = booked_appointment(
        case, caseworker, timezone.now() + dt.timedelta(days=3)
    )
    appointment_services.appointment_cancel(
        appointment=appointment, actor=caseworker, now=timezone.now()
    )
    assert outbox.messages_send_due(now=timezone.now()) == {"sent": 2}
    appointment_services.appointment_letter_print(
        appointment=appointment, kind="invitation", user=caseworker, now=timezone.now()
    )

    # when: the jobseeker page is read in the language
    client.force_login(caseworker)
    page = client.get(
        reverse("cases:jobseeker", args=[case.jobseeker_id]),
        HTTP_ACCEPT_LANGUAGE=language,
    )

    # then: one line per send, with its channel and status
    text = html.unescape(page.content.decode())
    for line in LINES[language]:
        assert line in text
