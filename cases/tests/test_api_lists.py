"""The cases API lists: cursor paging, filters, scoping, logging, and
closing a case through its own endpoint."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AccessLog

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import User
    from organisations.models import Organisation
    from tests.personas import Register

pytestmark = pytest.mark.django_db


def _all_pages(client: Client, url: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    while url:
        body = client.get(url).json()
        assert "count" not in body  # no COUNT(*) over a national table
        rows.extend(body["results"])
        url = body["next"]
    return rows


def test_cursor_pages_cover_the_organisations_jobseekers_once(
    client: Client,
    caseworker: User,
    register: Register,
    other_municipality: Organisation,
    other_municipality_caseworker: User,
) -> None:
    own = {register().jobseeker_id for _ in range(7)}
    register(organisation=other_municipality, actor=other_municipality_caseworker)
    client.force_login(caseworker)

    rows = _all_pages(client, reverse("cases-api:jobseeker_list") + "?page_size=3")

    assert [r["id"] for r in rows] == sorted(own, reverse=True)
    assert "identity_code" not in rows[0]
    assert AccessLog.objects.filter(user=caseworker, action="list").count() == 7


def test_a_page_is_read_keys_first_and_pages_back_the_same(
    client: Client,
    caseworker: User,
    register: Register,
) -> None:
    ids = sorted((register().jobseeker_id for _ in range(7)), reverse=True)
    client.force_login(caseworker)
    url = reverse("cases-api:jobseeker_list") + "?page_size=3"
    first = client.get(url).json()
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()

    back = client.get(third["previous"]).json()

    assert [r["id"] for r in first["results"] + second["results"]] == ids[:6]
    assert [r["id"] for r in third["results"]] == ids[6:]
    assert back["results"] == second["results"]
    # The page's rows are fetched by the keys of one (organisation, id)
    # index walk (core.api.keys_first): one statement.
    with CaptureQueriesContext(connection) as queries:
        client.get(first["next"])
    page_sql = [
        q["sql"]
        for q in queries.captured_queries
        if '"cases_jobseeker"."id" IN' in q["sql"]
    ]
    assert len(page_sql) == 1
    assert "LIMIT 4" in page_sql[0]


def test_filters_and_ordering(
    client: Client, caseworker: User, register: Register
) -> None:
    first = register(dt.date(2025, 5, 2))
    register(dt.date(2025, 6, 2))
    client.force_login(caseworker)

    opened = client.get(
        reverse("cases-api:case_list"), {"opened_until": "2025-05-31"}
    ).json()["results"]
    steps = client.get(
        reverse("cases-api:step_list"), {"ordering": "due_on", "case": str(first.pk)}
    ).json()["results"]

    assert [c["id"] for c in opened] == [first.pk]
    assert steps
    assert [s["due_on"] for s in steps] == sorted(s["due_on"] for s in steps)


def test_list_queries_do_not_grow_with_the_rows(
    client: Client,
    caseworker: User,
    register: Register,
    django_assert_max_num_queries: Any,
) -> None:
    client.force_login(caseworker)
    # The first request of a session reads the user's access and keeps it
    # in the session (core.memo.per_session); the pages are measured after.
    client.get(reverse("cases-api:jobseeker_list"))
    counts = []
    for _ in range(2):
        for _ in range(3):
            register()
        with django_assert_max_num_queries(30) as ctx:
            client.get(reverse("cases-api:service_list"))
            client.get(reverse("cases-api:plan_list"))
            client.get(reverse("cases-api:jobseeker_list"))
        counts.append(len(ctx.captured_queries))

    assert counts[0] == counts[1]


def test_a_case_is_closed_through_its_own_endpoint(
    client: Client, caseworker: User, register: Register
) -> None:
    case = register(dt.date(2025, 5, 2))
    client.force_login(caseworker)
    url = reverse("cases-api:case_close", args=[case.pk])

    missing = client.post(
        url, {"version": case.version}, content_type="application/json"
    )
    stale = client.post(
        url,
        {
            "version": case.version + 5,
            "exit_reason": "education",
            "closed_on": "2025-09-01",
        },
        content_type="application/json",
    )
    closed = client.post(
        url,
        {
            "version": case.version,
            "exit_reason": "education",
            "closed_on": "2025-09-01",
        },
        content_type="application/json",
    )

    assert missing.status_code == 400
    assert "exit_reason" in missing.json()["fields"]
    assert stale.status_code == 409
    assert stale.json()["code"] == "conflict"
    assert closed.status_code == 200
    assert closed.json()["status"] == "closed"
    assert closed.json()["exit_reason"] == "education"


def test_the_export_streams_the_visible_jobseekers_and_logs_each(
    client: Client,
    caseworker: User,
    register: Register,
    other_municipality: Organisation,
    other_municipality_caseworker: User,
) -> None:
    own = [register() for _ in range(3)]
    register(organisation=other_municipality, actor=other_municipality_caseworker)
    client.force_login(caseworker)

    response = client.get(reverse("cases-api:jobseeker_export"))
    text = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    xlsx = client.get(reverse("cases-api:jobseeker_export"), {"file_format": "xlsx"})

    lines = text.lstrip("\ufeff").splitlines()
    # Labels in the reader's language first, codes for other systems last.
    assert lines[0].startswith("Organisaatio;Sukunimi;Etunimet;Syntymäaika")
    assert lines[0].endswith(
        ";Työnhakijan numero;Kunta (koodi);Äidinkieli (koodi);"
        "Työttömyysetuus (koodi);Asiakkuuden tila (koodi)"
    )
    assert sorted(int(line.split(";")[8]) for line in lines[1:]) == sorted(
        c.jobseeker_id for c in own
    )
    assert b"".join(xlsx.streaming_content)[:2] == b"PK"  # type: ignore[attr-defined]
    assert AccessLog.objects.filter(user=caseworker, action="export").count() == 6
