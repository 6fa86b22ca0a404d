"""The home page per role: who sees persons, who sees only counts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.tests.factories import JobseekerFactory
from organisations.models import Organisation
from tests.personas import sign_in

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import User


def test_anonymous_users_are_sent_to_sign_in(client: Client, db: None) -> None:
    response = client.get(reverse("core:home"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_caseworker_sees_own_municipalitys_jobseekers_only(
    client: Client,
    caseworker: User,
    municipality: Organisation,
    other_municipality: Organisation,
) -> None:
    # given
    own = JobseekerFactory(organisation=municipality, last_name="Omakuntalainen")
    JobseekerFactory(organisation=other_municipality, last_name="Vieraskuntalainen")
    client.force_login(caseworker)

    # when
    response = client.get(reverse("core:home"))

    # then
    html = response.content.decode()
    assert own.last_name in html
    assert "Vieraskuntalainen" not in html


def test_the_caseworker_list_query_count_does_not_grow_with_rows(
    client: Client,
    caseworker: User,
    municipality: Organisation,
    django_assert_max_num_queries: object,
) -> None:
    JobseekerFactory.create_batch(3, organisation=municipality)
    client.force_login(caseworker)
    with django_assert_max_num_queries(12) as small:  # type: ignore[operator]
        client.get(reverse("core:home"))
    JobseekerFactory.create_batch(30, organisation=municipality)

    with django_assert_max_num_queries(len(small.captured_queries)):  # type: ignore[operator]
        client.get(reverse("core:home"))


def test_keyset_paging_walks_every_jobseeker_once(
    client: Client, caseworker: User, municipality: Organisation
) -> None:
    created = {
        j.id for j in JobseekerFactory.create_batch(60, organisation=municipality)
    }
    client.force_login(caseworker)
    seen: list[int] = []
    url = reverse("core:home")

    while url:
        response = client.get(url)
        seen.extend(j.id for j in response.context["jobseekers"])
        cursor = response.context["next_cursor"]
        url = f"{reverse('core:home')}?after={cursor}" if cursor else ""

    assert sorted(seen) == sorted(created)


def test_a_tampered_cursor_restarts_from_the_first_page(
    client: Client, caseworker: User, municipality: Organisation
) -> None:
    JobseekerFactory(organisation=municipality)
    client.force_login(caseworker)

    response = client.get(reverse("core:home") + "?after=not-base64!")

    assert response.status_code == 200
    assert len(response.context["jobseekers"]) == 1


def test_a_coordinator_sees_counts_with_small_numbers_suppressed_and_no_names(
    client: Client, coordinator: User, municipality: Organisation
) -> None:
    JobseekerFactory.create_batch(3, organisation=municipality, last_name="Nimetön")
    client.force_login(coordinator)

    response = client.get(reverse("core:home"))

    html = response.content.decode()
    assert "Nimetön" not in html
    assert response.context.get("jobseekers") is None
    counts = dict(response.context["municipality_counts"])
    assert counts[municipality] == "<5"


def test_a_board_viewer_sees_counts_but_no_persons(
    client: Client, board_viewer: User, municipality: Organisation
) -> None:
    JobseekerFactory.create_batch(6, organisation=municipality, last_name="Piilossa")
    client.force_login(board_viewer)

    response = client.get(reverse("core:home"))

    assert "Piilossa" not in response.content.decode()
    assert dict(response.context["municipality_counts"])[municipality] == "6"


def test_a_partner_sees_no_jobseekers_without_a_referral(
    client: Client, partner_user: User, municipality: Organisation
) -> None:
    JobseekerFactory(organisation=municipality, last_name="Lähettämätön")
    client.force_login(partner_user)

    response = client.get(reverse("core:home"))

    assert "Lähettämätön" not in response.content.decode()
    assert response.context.get("jobseekers") is None


def test_an_administrator_sees_areas_and_the_admin_link(
    client: Client, admin_user: User
) -> None:
    sign_in(client, admin_user)

    response = client.get(reverse("core:home"))

    assert reverse("admin:index") in response.content.decode()
    assert any(a.kind == Organisation.Kind.PILOT for a in response.context["areas"])


def test_the_admin_lists_reference_organisations(
    client: Client, admin_user: User
) -> None:
    sign_in(client, admin_user)

    response = client.get(
        reverse("admin:organisations_organisation_changelist") + "?q=Kalajoki"
    )

    assert response.status_code == 200
    assert "Kalajoki" in response.content.decode()


def test_an_area_coordinator_sees_each_member_municipality_counted_in_constant_queries(
    client: Client,
    employment_area: Organisation,
    municipality: Organisation,
    other_municipality: Organisation,
    django_assert_num_queries: Any,
) -> None:
    """Each member's residents, whoever serves them; none of another area's;
    the statements do not grow with the members."""
    import datetime as dt

    from accounts.tests.factories import MembershipFactory, UserFactory
    from organisations.models import OrganisationRelation
    from organisations.tests.factories import MunicipalityFactory

    coordinator = UserFactory(username="alue.koordinaattori")
    MembershipFactory(
        user=coordinator, organisation=employment_area, role="coordinator"
    )
    JobseekerFactory.create_batch(6, organisation=municipality)
    JobseekerFactory.create_batch(7, organisation=other_municipality)
    client.force_login(coordinator)
    client.get(reverse("core:home"))  # the session's first request reads the access

    with CaptureQueriesContext(connection) as before:
        counts = dict(client.get(reverse("core:home")).context["municipality_counts"])
    assert counts == {municipality: "6"}
    # Counted now: the next request starts a new query log.
    statements = len(before.captured_queries)
    assert 1 <= statements <= 6

    for code in ("901", "902", "903"):
        member = MunicipalityFactory(municipality_code=code, name=f"Testikunta {code}")
        OrganisationRelation.objects.create(
            parent=employment_area,
            child=member,
            kind=OrganisationRelation.Kind.MEMBER,
            valid_from=dt.date(2025, 1, 1),
        )
    JobseekerFactory.create_batch(5, organisation=other_municipality,
                                  home_municipality=member)  # fmt: skip
    client.get(reverse("core:home"))  # a new member link: the access is read again
    with django_assert_num_queries(statements):
        counts = dict(client.get(reverse("core:home")).context["municipality_counts"])
    assert counts[municipality] == "6"
    assert counts[member] == "5"
    assert len(counts) == 4
