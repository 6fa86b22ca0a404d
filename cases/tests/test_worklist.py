"""A worklist for a full day's work (issue 18, item 7): one line per jobseeker
and kind of step, missed steps counted, the basis one click away, filters
that say whose steps they show."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import ProcessStep
from cases.selectors.worklist import WorklistFilter, _scope_sql
from organisations.models import Membership

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import User
    from cases.models import Case
    from organisations.models import Organisation
    from tests.personas import Register

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _missed_supplementary(register: Register, *, last_name: str) -> Case:
    """A person whose initial interview 2.9.2025 scheduled five supplementary
    discussions (the 2025 rules), none of them held."""
    case = register(dt.date(2025, 9, 1), last_name=last_name)
    services.meeting_record(
        case=case,
        kind="initial_interview",
        held_on=dt.date(2025, 9, 2),
        channel="office",
        summary="",
        actor=case.caseworker,  # type: ignore[arg-type]
    )
    return case


def test_a_persons_missed_steps_of_one_kind_are_one_line_with_a_count(
    client: Client, register: Register, caseworker: User
) -> None:
    # given: five supplementary discussions overdue, plus another person's step
    case = _missed_supplementary(register, last_name="Viisinkertainen")
    missed = ProcessStep.objects.filter(
        case=case, kind="supplementary_discussion", status="open"
    )
    assert missed.count() == 5
    other = register(TODAY() - dt.timedelta(days=2), last_name="Toinen")
    ProcessStep.objects.filter(case=other).update(due_on=TODAY() + dt.timedelta(1))
    client.force_login(caseworker)

    # when
    response = client.get(
        reverse("cases:worklist"), {"bucket": "due"}, HTTP_ACCEPT_LANGUAGE="fi"
    )

    # then
    rows = response.context["rows"]
    lines = [(row.jobseeker_last_name, row.step.kind) for row in rows]
    assert lines.count(("Viisinkertainen", "supplementary_discussion")) == 1
    line = next(r for r in rows if r.step.kind == "supplementary_discussion")
    assert line.headline == "5 täydentävää työnhakukeskustelua myöhässä"
    assert line.group_size == 5
    # The next due first: the earliest missed discussion is the line's date.
    first = missed.order_by("due_on", "id").first()
    assert first is not None
    assert line.step.pk == first.pk
    assert rows[-1].jobseeker_last_name == "Toinen"


def test_the_swedish_worklist_counts_in_swedish(
    client: Client, register: Register, caseworker: User
) -> None:
    _missed_supplementary(register, last_name="Femfaldig")
    client.force_login(caseworker)

    response = client.get(
        reverse("cases:worklist"), {"bucket": "overdue"}, HTTP_ACCEPT_LANGUAGE="sv"
    )

    headlines = {row.headline for row in response.context["rows"]}
    assert "5 kompletterande jobbsökningssamtal försenade" in headlines


def test_a_single_step_keeps_its_own_headline_and_the_basis_is_one_click_away(
    client: Client, register: Register, caseworker: User
) -> None:
    case = register(TODAY() - dt.timedelta(days=2), last_name="Yksi")
    ProcessStep.objects.filter(case=case).update(due_on=TODAY())
    client.force_login(caseworker)

    response = client.get(reverse("cases:worklist"), HTTP_ACCEPT_LANGUAGE="en")

    (row,) = response.context["rows"]
    assert row.headline.startswith("Initial interview due")
    html = response.content.decode()
    (details,) = re.findall(r'<details class="basis">.*?</details>', html, re.S)
    assert "<summary>Legal basis" in details
    assert row.basis in details
    assert html.count(row.basis) == 1


def test_lines_are_paged_by_keyset_without_repeating_a_group(
    client: Client, register: Register, caseworker: User
) -> None:
    # given: 55 people with one step each and one with five missed steps
    for n in range(55):
        case = register(TODAY() - dt.timedelta(days=3), last_name=f"Henkilö{n:02d}")
        ProcessStep.objects.filter(case=case).update(due_on=TODAY())
    _missed_supplementary(register, last_name="Viisinkertainen")
    client.force_login(caseworker)
    url = reverse("cases:worklist") + "?bucket=due"
    seen: list[tuple[str, str]] = []

    # when
    while url:
        response = client.get(url)
        seen.extend(
            (r.jobseeker_last_name, r.step.kind) for r in response.context["rows"]
        )
        query = response.context["next_query"]
        url = f"{reverse('cases:worklist')}?{query}" if query else ""

    # then
    assert len(seen) == len(set(seen))
    assert ("Viisinkertainen", "supplementary_discussion") in seen
    assert len([name for name, _kind in seen if name.startswith("Henkilö")]) == 55


def test_the_grouped_worklist_query_count_does_not_grow(
    client: Client,
    register: Register,
    caseworker: User,
    django_assert_max_num_queries: object,
) -> None:
    _missed_supplementary(register, last_name="Ensimmäinen")
    client.force_login(caseworker)
    with django_assert_max_num_queries(20) as few:  # type: ignore[operator]
        client.get(reverse("cases:worklist"))
    for n in range(6):
        _missed_supplementary(register, last_name=f"Lisää{n}")

    with django_assert_max_num_queries(len(few.captured_queries)):  # type: ignore[operator]
        response = client.get(reverse("cases:worklist"))

    assert len(response.context["rows"]) >= 7


# --- Filters: whose steps, lone choices ---------------------------------------


def _selected(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S)
    assert select is not None
    return re.findall(r"<option [^>]*selected[^>]*>([^<]*)</option>", select.group(0))


def test_a_team_lead_sees_whose_steps_the_default_shows(
    client: Client,
    register: Register,
    team_lead: User,
    caseworker: User,
    municipality: Organisation,
) -> None:
    from organisations.models import Membership, Team

    team = Team.objects.create(organisation=municipality, name="Nuoret")
    Membership.objects.filter(user__in=[team_lead, caseworker]).update(team=team)
    client.force_login(team_lead)

    response = client.get(reverse("cases:worklist"), HTTP_ACCEPT_LANGUAGE="fi")

    assert response.context["filters"].scope == "team"
    html = response.content.decode()
    assert _selected(html, "scope") == ["Tiimini ja osoittamattomat: Nuoret"]
    labels = dict(response.context["form"].fields["scope"].choices)
    assert labels == {
        "mine": "Minulle osoitetut",
        "team": "Tiimini ja osoittamattomat: Nuoret",
        "organisation": "Kaikkien: Kalajoki",
    }


def test_a_caseworkers_default_is_their_own_steps(
    client: Client, register: Register, caseworker: User
) -> None:
    client.force_login(caseworker)

    response = client.get(
        reverse("cases:worklist"), {"bucket": "overdue"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.context["filters"].scope == "mine"
    assert _selected(response.content.decode(), "scope") == ["Assigned to me"]


def test_a_lone_organisation_is_chosen_already(
    client: Client, caseworker: User
) -> None:
    client.force_login(caseworker)

    response = client.get(reverse("cases:worklist"), HTTP_ACCEPT_LANGUAGE="en")

    choices = response.context["form"].fields["organisation"].choices
    assert [label for _value, label in choices] == ["Kalajoki"]
    assert _selected(response.content.decode(), "organisation") == ["Kalajoki"]


def test_an_old_team_link_without_a_team_shows_the_organisation(
    client: Client, register: Register, team_lead: User
) -> None:
    _ = register(TODAY() - dt.timedelta(days=2), last_name="Kaikkien")
    ProcessStep.objects.update(due_on=TODAY())
    client.force_login(team_lead)

    response = client.get(reverse("cases:worklist"), {"scope": "team"})

    assert response.context["form"].is_valid()
    assert response.context["filters"].scope == "organisation"
    assert [r.jobseeker_last_name for r in response.context["rows"]] == ["Kaikkien"]


@pytest.mark.parametrize("organisation_filtered", [False, True])
def test_own_steps_are_walked_on_the_assignee_index(
    caseworker: User, organisation_filtered: bool
) -> None:
    # The reader's organisations stay a condition, not an index condition:
    # at 1,000,000 jobseekers the planner ANDed the organisation index's
    # every open step (14,900 in Helsinki) with the caseworker's into a
    # bitmap and sorted them, where the assignee index gives the own steps
    # in due order (docs/performance.md section 11). `+ 0` keeps the
    # organisation index out of the plan, and it still limits the rows.
    organisation_id = (
        Membership.objects.filter(user=caseworker)
        .values_list("organisation_id", flat=True)
        .first()
    )
    filters = WorklistFilter(
        scope="mine", organisation_id=organisation_id if organisation_filtered else None
    )

    sql, params = _scope_sql(user=caseworker, filters=filters)

    assert "s.assignee_id = %s" in sql
    assert "s.organisation_id + 0 = ANY(%s)" in sql
    assert "s.organisation_id =" not in sql
    assert ("s.organisation_id + 0 = %s" in sql) is organisation_filtered
    assert caseworker.pk in params
