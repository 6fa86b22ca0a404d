"""Coordinators compute, read and publish a month in the browser."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from django.urls import reverse

from reporting.models import IndicatorRun

from .conftest import AUGUST

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import User
    from cases.models import Case
    from organisations.models import Organisation

pytestmark = pytest.mark.django_db


def test_a_coordinator_computes_reads_and_publishes_a_month(
    client: Client,
    coordinator: User,
    august: list[Case],
    other_municipality: Organisation,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reporting:index"), {"month": "8/2025"})
    run = IndicatorRun.objects.get(month=AUGUST)
    assert response.status_code == 302
    assert run.status == "done"

    page = client.get(reverse("reporting:month", args=[run.pk])).content.decode()
    assert "Kalajoki" in page
    assert other_municipality.name not in page  # not covered by this coordinator
    assert "&lt;5" in page  # one new client; activation 2 / 5 would reveal 2

    client.post(reverse("reporting:publish", args=[run.pk]))
    run.refresh_from_db()
    assert run.published_at is not None

    again = client.post(reverse("reporting:index"), {"month": "2025-08"})
    assert again.status_code == 400
    assert "revisio" in again.content.decode()  # the reason is required (fi)


@pytest.mark.parametrize("month", ["13/2025", "2/2021", "2099-01", "elokuu"])
def test_a_bad_month_is_refused_with_a_message(
    client: Client, coordinator: User, month: str
) -> None:
    client.force_login(coordinator)

    response = client.post(reverse("reporting:index"), {"month": month})

    assert response.status_code == 400
    assert not IndicatorRun.objects.exists()


def test_a_coordinator_recomputes_several_months_at_once(
    client: Client,
    coordinator: User,
    august: list[Case],
    django_capture_on_commit_callbacks: Any,
) -> None:
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reporting:index"), {"month": "6/2025", "last_month": "2025-08"}
        )

    assert response.status_code == 302
    assert response["Location"] == reverse("reporting:index")
    runs = IndicatorRun.objects.order_by("month")
    assert [(r.month.month, r.status) for r in runs] == [
        (6, "done"),
        (7, "done"),
        (8, "done"),
    ]


def test_a_published_month_in_a_range_refuses_the_whole_range(
    client: Client,
    coordinator: User,
    august: list[Case],
    django_capture_on_commit_callbacks: Any,
) -> None:
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reporting:index"), {"month": "7/2025"})
    client.post(reverse("reporting:publish", args=[IndicatorRun.objects.get().pk]))

    response = client.post(
        reverse("reporting:index"), {"month": "6/2025", "last_month": "8/2025"}
    )

    assert response.status_code == 400
    assert "revisio" in response.content.decode()
    assert IndicatorRun.objects.count() == 1  # June and August were not started


@pytest.mark.parametrize(
    ("first", "last", "message"),
    [
        ("8/2025", "6/2025", "ennen"),
        ("1/2022", "2/2025", "36"),
        ("8/2025", "kesäkuu", "2025-08"),
    ],
)
def test_a_bad_range_is_refused_with_a_message(
    client: Client, coordinator: User, first: str, last: str, message: str
) -> None:
    client.force_login(coordinator)

    response = client.post(
        reverse("reporting:index"), {"month": first, "last_month": last}
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not IndicatorRun.objects.exists()


def test_definitions_are_one_click_away(client: Client, board_viewer: User) -> None:
    client.force_login(board_viewer)

    page = client.get(reverse("reporting:definitions")).content.decode()

    assert "Aktivointiaste" in page
    assert "ALP / (ALP + U)" in page


def test_the_csv_suppresses_small_counts(
    client: Client, coordinator: User, august: list[Case], municipality: Organisation
) -> None:
    from reporting import services

    run = services.run_execute(run_id=services.run_start(month=AUGUST).pk)
    client.force_login(coordinator)

    response = client.get(reverse("reporting:month_csv", args=[run.pk]))

    text = response.content.decode("utf-8-sig")
    rows = [line.split(";") for line in text.splitlines()]
    # Organisation; indicator; unit; value; note; ...; code; version
    kalajoki = {r[-2]: r[1:5] for r in rows if r[0] == "Kalajoki"}
    assert kalajoki["jobseekers_month_end"] == [
        "Työnhakijat kuukauden lopussa",
        "",
        "5",
        "",
    ]
    assert kalajoki["new_clients"][2:] == ["<5", "alle 5 henkilöä"]
    # The rate goes alone: 2 of 5 would reveal 2 people, and no column
    # carries the 2 or the 5.
    assert kalajoki["activation_rate"][1:] == ["%", "<5", "alle 5 henkilöä"]
    assert rows[0][:4] == ["Organisaatio", "Mittari", "Yksikkö", "Arvo"]


@pytest.mark.parametrize(
    ("language", "shown", "hidden"),
    [
        (
            "fi",
            [
                "Aktivoivissa palveluissa olevat henkilöt",
                "Tilastokeskus",
                "Työ- ja elinkeinoministeriön täydentävän kuntakokeiluhaun",
            ],
            ["Persons in activating services", "Personer i aktiverande", "004"],
        ),
        (
            "sv",
            [
                "Personer i aktiverande tjänster",
                "Statistikcentralen",
                "arbets- och näringsministeriets kompletterande",
            ],
            ["Persons in activating services", "Aktivoivissa palveluissa", "004"],
        ),
        (
            "en",
            [
                "Persons in activating services",
                "Statistics Finland",
                "supplementary call for municipal employment pilots",
            ],
            ["Aktivoivissa palveluissa", "Personer i aktiverande", "Seed 004"],
        ),
    ],
)
def test_definitions_are_shown_in_the_readers_language(
    client: Client,
    board_viewer: User,
    language: str,
    shown: list[str],
    hidden: list[str],
) -> None:
    client.force_login(board_viewer)

    page = client.get(
        reverse("reporting:definitions"), HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()

    assert all(text in page for text in shown), shown
    assert not any(text in page for text in hidden), hidden
    # Every definition text is in the page's language now.
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    assert 'lang="en"' not in main
