"""The partner's list of shared cases is keyset-paged by name and asks the
same statements on every page (issue 21: every list bounded and paged)."""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.views import partner as partner_views
from partners.tests.test_referrals import TODAY, _share, agreement

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import User
    from organisations.models import Organisation
    from partners.models import PartnershipAgreement
    from tests.personas import Register

pytestmark = pytest.mark.django_db
__all__ = ["agreement"]  # the fixture, shared with the partners' tests


def test_the_partners_list_is_paged_by_name_with_constant_queries(
    client: Client,
    register: Register,
    caseworker: User,
    partner_user: User,
    partner_organisation: Organisation,
    agreement: PartnershipAgreement,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given five shared cases and pages of two
    monkeypatch.setattr(partner_views, "PAGE_SIZE", 2)
    cases = [register(TODAY()) for _ in range(5)]
    for case in cases:
        _share(case, partner_organisation, agreement, caseworker, ["contact"])
    client.force_login(partner_user)
    first = reverse("partner:case_list")
    client.get(first)  # the session's first request reads the access once
    url: str | None = first

    # when the partner follows the "Next page" links
    seen: list[int] = []
    counts = []
    while url is not None:
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url).content.decode()
        counts.append(len(queries.captured_queries))
        seen += [int(pk) for pk in re.findall(r"/partner/cases/(\d+)/", page)]
        found = re.search(r'href="\?(after=[^"]+)" rel="next"', page)
        url = first + "?" + html.unescape(found.group(1)) if found else None

    # then every case is shown once, three pages, each asking the same
    assert sorted(seen) == sorted(case.pk for case in cases)
    assert len(counts) == 3
    assert len(set(counts)) == 1


# The template loop the rows replaced (casework.views.partner.rows_html).
_LOOP = """{% for case, referral in rows %}
    <tr><td><a href="{% url 'partner:case_detail' case.pk %}">{{ case.jobseeker.last_name }}, {{ case.jobseeker.first_names }}</a></td>
      <td>{{ case.jobseeker.home_municipality.display_name }}</td>
      <td>{{ referral.purpose_label }}</td>
      <td>{{ referral.valid_until|date:"SHORT_DATE_FORMAT" }}</td></tr>
  {% endfor %}"""  # noqa: E501 - the template's own lines


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_rows_are_the_markup_the_template_loop_wrote(
    register: Register,
    caseworker: User,
    partner_user: User,
    partner_organisation: Organisation,
    agreement: PartnershipAgreement,
    language: str,
) -> None:
    """The one-statement page (partners.selectors.shared_cases_page) against
    the queryset and template loop it replaced: the same cases, in the same
    order, with the same cells."""
    from django.template import engines
    from django.utils import timezone, translation

    from partners import permissions
    from partners.models import Referral
    from partners.selectors import shared_cases_page

    cases = [
        register(TODAY(), first_names="Åsa <b>&", last_name="Ö'Brien"),
        register(TODAY(), last_name="Aalto"),
        register(TODAY(), last_name="Aalto"),
        register(TODAY(), last_name="Ended"),
    ]
    for case in cases:
        _share(case, partner_organisation, agreement, caseworker, ["contact"])
    # A second referral lasting longer: its purpose and date are shown.
    longer = _share(cases[1], partner_organisation, agreement, caseworker, [], 200)
    Referral.objects.filter(pk=longer.pk).update(
        purpose_kind=Referral.Purpose.OTHER, purpose="Puutyöpaja <i>"
    )
    # An ended referral shares nothing.
    Referral.objects.filter(case=cases[3]).update(ended_on=TODAY(), end_reason="ended")
    today = timezone.localdate()
    shown = list(
        permissions.partner_cases_visible_to(partner_user)
        .select_related("jobseeker__home_municipality")
        .order_by("jobseeker__last_name", "jobseeker__first_names", "id")
    )
    referrals = {
        r.case_id: r
        for r in Referral.objects.active(on=today).order_by("valid_until", "id")
    }
    with translation.override(language):
        expected = (
            engines["django"]
            .from_string(_LOOP)
            .render({"rows": [(case, referrals[case.pk]) for case in shown]})
        )
        rows = shared_cases_page(
            partners=permissions.partner_organisation_ids(partner_user),
            on=today,
            after=None,
            limit=10,
        )
        assert str(partner_views.rows_html(rows)) == expected
        # and a page after the first row starts from the second
        later = shared_cases_page(
            partners=permissions.partner_organisation_ids(partner_user),
            on=today,
            after=rows[0].sort_key,
            limit=10,
        )
    assert [row.case_id for row in rows] == [case.pk for case in shown]
    assert len(shown) == 3
    assert [row.case_id for row in later] == [case.pk for case in shown[1:]]
    assert "&lt;b&gt;&amp;" in expected
    assert "Puutyöpaja &lt;i&gt;" in expected
