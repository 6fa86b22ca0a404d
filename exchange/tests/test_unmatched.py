"""The coordinator's list of invoice lines whose person Polku does not know:
scoped by membership, without identity codes, access-logged, paged."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pytest
from django.urls import reverse

from audit.models import AccessLog
from exchange import selectors
from exchange.models import MunicipalShareInvoiceLine
from exchange.tests.files import code, import_invoices

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import User
    from organisations.models import Organisation

pytestmark = pytest.mark.django_db

URL = reverse("exchange:unmatched")


def _rows(municipality_code: str, persons: range, month: int = 3) -> list[list[str]]:
    return [
        [
            f"K-{municipality_code}-{month}",
            municipality_code,
            f"{month}/2025",
            code(n),
            "tmt",
            f"1.{month}.2025",
            f"28.{month}.2025",
            "20",
            "150",
            "12,34",
        ]
        for n in persons
    ]


@pytest.fixture
def lines(
    caseworker: User,
    municipality: Organisation,
    other_municipality: Organisation,
    other_municipality_caseworker: User,
) -> None:
    """Kalajoki: three unmatched persons in March and one in April; Heinola
    (outside the area): two."""
    import_invoices(caseworker, municipality, _rows("208", range(3)))
    import_invoices(caseworker, municipality, _rows("208", range(3, 4), month=4))
    import_invoices(
        other_municipality_caseworker, other_municipality, _rows("111", range(10, 12))
    )


def test_the_coordinator_sees_the_areas_lines_without_identity_codes(
    lines: None,
    client: Client,
    coordinator: User,
    django_assert_max_num_queries: Any,
) -> None:
    client.force_login(coordinator)

    with django_assert_max_num_queries(12):
        response = client.get(URL, HTTP_ACCEPT_LANGUAGE="fi")

    html = response.content.decode().replace("\xa0", " ")
    assert response.status_code == 200
    assert "Laskurivit, joiden henkilöä ei ole tunnistettu" in html
    assert "49,36 €" in html  # 4 x 12,34 €
    assert html.count("<td>Kalajoki</td>") == 4
    assert "Heinola" not in html
    assert html.index("4/2025") < html.index("3/2025")  # newest month first
    for n in range(4):
        assert code(n) not in html
        assert code(n)[:6] not in html
    logged = AccessLog.objects.filter(
        object_type="exchange.MunicipalShareInvoiceLine", user=coordinator
    )
    assert logged.count() == 4
    assert set(logged.values_list("action", flat=True)) == {"list"}
    assert set(logged.values_list("object_id", flat=True)) == set(
        MunicipalShareInvoiceLine.objects.filter(
            invoice__municipality__municipality_code="208"
        ).values_list("id", flat=True)
    )


def test_the_page_reads_in_swedish(
    lines: None, client: Client, coordinator: User
) -> None:
    client.force_login(coordinator)

    html = client.get(URL, HTTP_ACCEPT_LANGUAGE="sv").content.decode()

    assert "Fakturarader utan identifierad person" in html
    assert "Arbetsmarknadsstöd" in html or "arbetsmarknadsstöd" in html
    assert "Invoice lines" not in html


def test_caseworkers_and_partners_get_a_404(
    lines: None, client: Client, caseworker: User, partner_user: User
) -> None:
    for user in (caseworker, partner_user):
        client.force_login(user)
        assert client.get(URL).status_code == 404
    assert not AccessLog.objects.filter(
        object_type="exchange.MunicipalShareInvoiceLine"
    ).exists()


def test_the_lines_are_paged_by_keyset(
    lines: None, municipality: Organisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selectors, "UNMATCHED_PAGE_SIZE", 3)

    first = selectors.unmatched_invoice_lines(organisation_ids=[municipality.pk])
    assert first.next_cursor is not None
    after = selectors.parse_cursor(first.next_cursor)
    second = selectors.unmatched_invoice_lines(
        organisation_ids=[municipality.pk], after=after
    )

    assert (first.count, first.euros_cents) == (4, 4936)
    assert [line.month for line in first.lines] == [
        dt.date(2025, 4, 1),
        dt.date(2025, 3, 1),
        dt.date(2025, 3, 1),
    ]
    assert len(second.lines) == 1
    assert second.next_cursor is None
    assert {line.id for line in first.lines + second.lines} == set(
        MunicipalShareInvoiceLine.objects.filter(
            invoice__municipality=municipality
        ).values_list("id", flat=True)
    )
    assert selectors.parse_cursor("rubbish") is None
