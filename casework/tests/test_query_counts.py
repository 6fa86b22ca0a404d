"""The pages ask the same number of queries whatever the user covers: one
municipality or an area of six, a team of two or of eight (issue 21)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import TYPE_CHECKING

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import MembershipFactory, UserFactory
from cases import services
from cases.tests.factories import temporary_identity_code
from organisations.models import Membership, OrganisationRelation, Team
from organisations.tests.factories import AreaFactory, MunicipalityFactory

if TYPE_CHECKING:
    from accounts.models import User

pytestmark = pytest.mark.django_db

_codes = itertools.count(7000)
# Real municipality codes of northern Ostrobothnia, synthetic otherwise.
_MUNICIPALITIES = [
    ("208", "Kalajoki"),
    ("977", "Ylivieska"),
    ("535", "Nivala"),
    ("071", "Haapavesi"),
    ("317", "Haapajärvi"),
    ("626", "Pyhäjärvi"),
]


def _area_world(
    *, label: str, municipalities: int, team_size: int
) -> tuple[User, list[int]]:
    """An area lead over `municipalities` member municipalities with a team
    of `team_size` (the lead and caseworkers), and a jobseeker with open
    steps in each municipality assigned to a team member."""
    area = AreaFactory(name=f"{label} työllisyysalue", valid_from=dt.date(2024, 1, 1))
    team = Team.objects.create(organisation=area, name=f"{label} tiimi")
    lead = UserFactory(username=f"{label}.lead", last_name=f"{label}vetäjä")
    MembershipFactory(
        user=lead, organisation=area, role=Membership.Role.TEAM_LEAD, team=team
    )
    members = [lead]
    for n in range(team_size - 1):
        member = UserFactory(username=f"{label}.cw{n}", last_name=f"{label}ohjaaja{n}")
        MembershipFactory(
            user=member, organisation=area, role=Membership.Role.CASEWORKER, team=team
        )
        members.append(member)
    jobseekers = []
    for n, (code, name) in enumerate(_MUNICIPALITIES[:municipalities]):
        municipality = MunicipalityFactory(municipality_code=code, name=name)
        OrganisationRelation.objects.create(
            parent=area,
            child=municipality,
            kind=OrganisationRelation.Kind.MEMBER,
            valid_from=dt.date(2024, 1, 1),
        )
        caseworker = members[n % len(members)]
        case = services.jobseeker_register(
            organisation=municipality,
            home_municipality=municipality,
            identity_code=temporary_identity_code(next(_codes)),
            data=services.JobseekerData(first_names="Testi", last_name="Henkilö"),
            registered_on=dt.date(2025, 5, 2),
            status_at_start="unemployed",
            caseworker=caseworker,
            actor=caseworker,
        )
        jobseekers.append(case.jobseeker_id)
    return lead, jobseekers


def _queries(client: object, user: User, jobseeker_id: int) -> dict[str, int]:
    from django.test import Client

    assert isinstance(client, Client)
    client.force_login(user)
    pages = {
        "worklist": reverse("cases:worklist"),
        "worklist, everyone's": reverse("cases:worklist") + "?scope=organisation",
        "jobseeker": reverse("cases:jobseeker", args=[jobseeker_id]),
        "home": reverse("core:home"),
        "api jobseekers": reverse("cases-api:jobseeker_list"),
    }
    # The session's first request reads the user's access once.
    client.get(pages["home"])
    counts = {}
    for name, url in pages.items():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts[name] = len(queries.captured_queries)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("cases:search"), {"q": "Henkilö"})
    assert response.status_code == 200
    counts["search"] = len(queries.captured_queries)
    return counts


def test_queries_do_not_grow_with_organisations_or_team_members(
    client: object,
) -> None:
    small_lead, small_jobseekers = _area_world(
        label="Pieni", municipalities=1, team_size=2
    )
    small = _queries(client, small_lead, small_jobseekers[0])
    large_lead, large_jobseekers = _area_world(
        label="Suuri", municipalities=6, team_size=8
    )
    large = _queries(client, large_lead, large_jobseekers[0])

    assert large == small


# The session, the user, the worklist's one statement (lines, counts, the
# filters' choices, reminders) and the access log's INSERT.
WORKLIST_STATEMENTS = 4


def _more_cases(caseworker: User, *, count: int) -> None:
    """`count` more jobseekers with open steps in the first municipality of
    the caseworker's area, assigned to them."""
    municipality = (
        OrganisationRelation.objects.filter(parent__memberships__user=caseworker)
        .order_by("child__name")
        .first()
    )
    assert municipality is not None
    for _n in range(count):
        services.jobseeker_register(
            organisation=municipality.child,
            home_municipality=municipality.child,
            identity_code=temporary_identity_code(next(_codes)),
            data=services.JobseekerData(first_names="Lisä", last_name="Asiakas"),
            registered_on=dt.date(2025, 5, 2),
            status_at_start="unemployed",
            caseworker=caseworker,
            actor=caseworker,
        )


def test_the_worklist_is_four_statements_whatever_the_user_covers(
    client: object,
) -> None:
    from django.test import Client

    assert isinstance(client, Client)
    # given: an area lead over one municipality with a team of two and few
    # cases, and one over six municipalities with a team of eight and more
    # than a page of lines; a caseworker of each team
    small_lead, _jobseekers = _area_world(label="Pieni", municipalities=1, team_size=2)
    large_lead, _jobseekers = _area_world(label="Suuri", municipalities=6, team_size=8)
    small_caseworker = Membership.objects.get(user__username="Pieni.cw0").user
    large_caseworker = Membership.objects.get(user__username="Suuri.cw0").user
    _more_cases(small_caseworker, count=1)
    _more_cases(large_caseworker, count=30)
    people = [small_lead, large_lead, small_caseworker, large_caseworker]

    # when
    counts = {}
    for user in people:
        client.force_login(user)
        # The session's first worklist reads the user's access and team once.
        client.get(reverse("cases:worklist"))
        for query in ("", "?scope=team", "?scope=organisation", "?bucket=overdue"):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(reverse("cases:worklist") + query)
            assert response.context["rows"]
            counts[user.username, query] = len(queries.captured_queries)

    # then
    assert set(counts.values()) == {WORKLIST_STATEMENTS}, sorted(counts.items())
