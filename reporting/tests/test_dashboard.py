"""The coordinators' dashboard: trends, drill-down, targets and exports."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest
from django.db.models import Q
from django.urls import reverse
from openpyxl import load_workbook

from organisations.models import OrganisationRelation
from organisations.tests.factories import MunicipalityFactory
from partners.models import EvaluationTarget, PartnershipAgreement
from reporting import services
from reporting.models import IndicatorDefinition

from .conftest import AUGUST

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import User
    from cases.models import Case
    from organisations.models import Organisation

pytestmark = pytest.mark.django_db

JULY = dt.date(2025, 7, 1)


def _compute(*months: dt.date) -> None:
    for month in months:
        services.run_execute(run_id=services.run_start(month=month).pk)


def test_trend_with_country_members_and_drill_down(
    client: Client,
    coordinator: User,
    august: list[Case],
    employment_area: Organisation,
    municipality: Organisation,
) -> None:
    _compute(JULY, AUGUST)
    client.force_login(coordinator)

    response = client.get(
        reverse("reporting:dashboard"),
        {"organisation": str(employment_area.pk), "indicator": "jobseekers_month_end"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<svg") == 2  # the area beside the country; its members
    assert 'role="img"' in html
    assert "07/2025" in html
    assert "08/2025" in html
    # Drill-down from the area to Kalajoki, with the same indicator.
    assert f"?organisation={municipality.pk}&amp;indicator=jobseekers_month_end" in html
    drilled = client.get(
        reverse("reporting:dashboard"),
        {"organisation": str(municipality.pk), "indicator": "jobseekers_month_end"},
    )
    assert drilled.status_code == 200
    assert drilled.content.decode().count("<svg") == 1  # a municipality has no members


def test_agreement_targets_are_drawn_as_lines(
    client: Client, coordinator: User, august: list[Case], employment_area: Organisation
) -> None:
    _compute(AUGUST)
    agreement = PartnershipAgreement.objects.create(
        name="Testisopimus", status="in_force", valid_from=dt.date(2025, 1, 1)
    )
    EvaluationTarget.objects.create(
        agreement=agreement,
        organisation=employment_area,
        indicator="activation_rate",
        description="Aktivointiaste yli 40 %",
        baseline=Decimal(25),
        target=Decimal(40),
        direction="increase",
        target_on=dt.date(2026, 12, 31),
        source="Seed 003",
    )
    client.force_login(coordinator)

    html = client.get(
        reverse("reporting:dashboard"),
        {"organisation": str(employment_area.pk), "indicator": "activation_rate"},
    ).content.decode()

    assert "Testisopimus" in html
    assert 'stroke-dasharray="10 4"' in html  # the target's reference line
    assert "31.12.2026" in html


def test_an_organisation_outside_the_users_scope_is_not_a_choice(
    client: Client,
    coordinator: User,
    august: list[Case],
    other_municipality: Organisation,
) -> None:
    _compute(AUGUST)
    client.force_login(coordinator)

    response = client.get(
        reverse("reporting:dashboard"), {"organisation": str(other_municipality.pk)}
    )

    assert response.status_code == 400
    assert "<svg" not in response.content.decode()
    assert (
        client.get(
            reverse("reporting:dashboard_csv"),
            {"organisation": str(other_municipality.pk)},
        ).status_code
        == 404
    )


def test_csv_and_xlsx_carry_the_suppressed_figures(
    client: Client,
    coordinator: User,
    august: list[Case],
    municipality: Organisation,
) -> None:
    _compute(AUGUST)
    client.force_login(coordinator)
    query = {"organisation": str(municipality.pk), "indicator": "activation_rate"}

    csv_text = client.get(reverse("reporting:dashboard_csv"), query).content.decode()
    xlsx = client.get(reverse("reporting:dashboard_xlsx"), query)
    sheet = load_workbook(io.BytesIO(xlsx.content), read_only=True).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))

    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    kalajoki = [r for r in rows if r[0] == "Kalajoki"]
    assert kalajoki
    # 2 active of 5: a rate that would reveal 2 people is suppressed, and
    # nothing it was computed from goes with it.
    assert kalajoki[0][1] == dt.datetime(2025, 8, 1)  # noqa: DTZ001 - a month
    assert kalajoki[0][4] == "<5"
    assert kalajoki[0][5] == "alle 5 henkilöä"
    assert (
        "Kalajoki;08/2025;Aktivointiaste;%;<5;alle 5 henkilöä;1;ei;activation_rate;1"
    ) in csv_text


@pytest.mark.parametrize("with_peer", [False, True], ids=["alone", "with a peer"])
def test_the_dashboard_reads_in_a_fixed_number_of_queries(
    client: Client,
    coordinator: User,
    august: list[Case],
    employment_area: Organisation,
    other_municipality: Organisation,
    django_assert_max_num_queries: Any,
    with_peer: bool,
) -> None:
    client.force_login(coordinator)
    # The session's first request reads the user's access and keeps it in
    # the session (core.memo.per_session); the page is measured after.
    client.get(reverse("core:home"))
    url = reverse("reporting:dashboard")
    query = {"organisation": str(employment_area.pk), "indicator": "new_clients"}
    if with_peer:
        query["peer"] = str(other_municipality.pk)
    counts = []
    for month in (JULY, AUGUST):
        _compute(month)
        with django_assert_max_num_queries(14) as ctx:
            client.get(url, query)
        counts.append(len(ctx.captured_queries))

    assert counts[0] == counts[1]


def test_the_dashboard_reads_as_many_queries_for_more_members_and_months(
    client: Client,
    coordinator: User,
    august: list[Case],
    employment_area: Organisation,
    django_assert_max_num_queries: Any,
) -> None:
    # given: the session's access read (core.memo.per_session), one month of
    # an area of one municipality
    client.force_login(coordinator)
    client.get(reverse("core:home"))
    url = reverse("reporting:dashboard")
    query = {"organisation": str(employment_area.pk), "indicator": "activation_rate"}
    _compute(JULY)
    with django_assert_max_num_queries(14) as one:
        small = client.get(url, query)

    # when: two more members and a second month
    for code, name in (("071", "Haapavesi"), ("072", "Hailuoto")):
        OrganisationRelation.objects.create(
            parent=employment_area,
            child=MunicipalityFactory(municipality_code=code, name=name),
            kind=OrganisationRelation.Kind.MEMBER,
            valid_from=dt.date(2025, 1, 1),
        )
    _compute(AUGUST)
    client.get(reverse("core:home"))  # the access read again: the area changed
    with django_assert_max_num_queries(14) as more:
        large = client.get(url, query)

    # then
    assert len(small.context["board"].members) == 1
    assert len(large.context["board"].members) == 3
    assert len(large.context["board"].runs) == 2
    assert len(one.captured_queries) == len(more.captured_queries)


def test_the_dashboard_defines_the_indicator_in_the_readers_language(
    client: Client,
    coordinator: User,
    august: list[Case],
    employment_area: Organisation,
) -> None:
    _compute(AUGUST)
    client.force_login(coordinator)

    html = client.get(
        reverse("reporting:dashboard"),
        {"organisation": str(employment_area.pk), "indicator": "activation_rate"},
        HTTP_ACCEPT_LANGUAGE="sv",
    ).content.decode()

    assert "Personer i aktiverande tjänster" in html
    assert "Persons in activating services" not in html


# --- A peer area beside the own figures (issue 23 item 4) ---------------------


def test_a_peer_municipality_is_drawn_and_compared_for_every_indicator(
    client: Client,
    coordinator: User,
    august: list[Case],
    employment_area: Organisation,
    other_municipality: Organisation,
) -> None:
    # given: Heinola is outside the coordinator's area
    _compute(JULY, AUGUST)
    client.force_login(coordinator)

    # when
    response = client.get(
        reverse("reporting:dashboard"),
        {
            "organisation": str(employment_area.pk),
            "indicator": "jobseekers_month_end",
            "peer": str(other_municipality.pk),
        },
    )

    # then: the trend has three lines and every indicator a row of three
    html = response.content.decode()
    assert response.status_code == 200
    chart = html[html.index("<svg") : html.index("</svg>")]
    assert other_municipality.name in chart
    assert "Koko maa" in chart
    comparison = html[html.index('id="comparison"') :]
    comparison = comparison[: comparison.index("</table>")]
    in_force = IndicatorDefinition.objects.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=AUGUST),
        valid_from__lte=AUGUST,
    )
    assert comparison.count("<tr>") == 1 + in_force.count()
    # The national set first, each row keeping the peer in its link.
    first_row = comparison[comparison.index("<tbody>") :]
    assert "indicator=inflow_over_3_months_unemployed" in first_row.split("</tr>")[0]
    assert f"peer={other_municipality.pk}" in first_row
    # Heinola's one jobseeker is a count of fewer than five.
    assert "alle 5 henkilöä" in comparison


def test_only_employment_areas_and_municipalities_are_peers(
    client: Client,
    coordinator: User,
    august: list[Case],
    employment_area: Organisation,
    partner_organisation: Organisation,
) -> None:
    _compute(AUGUST)
    client.force_login(coordinator)

    response = client.get(
        reverse("reporting:dashboard"),
        {"organisation": str(employment_area.pk), "peer": str(partner_organisation.pk)},
    )

    assert response.status_code == 400
    assert partner_organisation.name not in response.content.decode()


def test_the_export_carries_the_peers_figures(
    client: Client,
    coordinator: User,
    august: list[Case],
    municipality: Organisation,
    other_municipality: Organisation,
) -> None:
    _compute(AUGUST)
    client.force_login(coordinator)

    csv_text = client.get(
        reverse("reporting:dashboard_csv"),
        {
            "organisation": str(municipality.pk),
            "indicator": "jobseekers_month_end",
            "peer": str(other_municipality.pk),
        },
    ).content.decode()

    assert "Heinola;08/2025;Työnhakijat kuukauden lopussa;;<5;" in csv_text
    assert "Kalajoki;08/2025;" in csv_text
