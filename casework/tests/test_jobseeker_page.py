"""The jobseeker page reads every list a page at a time: its query count
does not grow with the records, and older records are a plain link away."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases import services
from cases.selectors import RECORD_PAGE

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import User
    from cases.models import Case
    from tests.personas import Register

pytestmark = pytest.mark.django_db


def _add_notes(case: Case, caseworker: User, count: int, first: int) -> None:
    for n in range(first, first + count):
        services.note_add(
            case=case,
            text=f"Muistiinpano {n:03}",
            is_health_related=False,
            actor=caseworker,
            on=dt.date(2025, 6, 1),
        )


def _page_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def test_the_page_asks_the_same_queries_with_many_records(
    client: Client, caseworker: User, register: Register
) -> None:
    case = register()
    client.force_login(caseworker)
    url = reverse("cases:jobseeker", args=[case.jobseeker_id])
    client.get(url)  # the session's first request reads the user's access
    _add_notes(case, caseworker, 2, first=0)
    few = _page_queries(client, url)

    _add_notes(case, caseworker, RECORD_PAGE + 10, first=2)
    many = _page_queries(client, url)

    assert many == few


def test_older_notes_are_a_link_away(
    client: Client, caseworker: User, register: Register
) -> None:
    case = register()
    _add_notes(case, caseworker, RECORD_PAGE + 5, first=0)
    client.force_login(caseworker)
    url = reverse("cases:jobseeker", args=[case.jobseeker_id])

    html = client.get(url).content.decode()
    link = re.search(r'<a href="\?([^"#]*notes_before=[^"#]*)#notes-heading"', html)
    assert link is not None
    older = client.get(f"{url}?{link.group(1).replace('&amp;', '&')}")
    older_html = older.content.decode()

    newest = {f"Muistiinpano {n:03}" for n in range(5, RECORD_PAGE + 5)}
    oldest = {f"Muistiinpano {n:03}" for n in range(5)}
    assert all(text in html for text in newest)
    assert not any(text in html for text in oldest)
    assert all(text in older_html for text in oldest)
    assert not any(text in older_html for text in newest)
    assert "#notes-heading" not in older_html
