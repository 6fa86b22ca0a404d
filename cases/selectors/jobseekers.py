"""Jobseeker lists, counts and search, scoped in SQL by the reader's memberships."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce

from cases.models import Jobseeker
from cases.permissions import jobseekers_visible_to
from core.keyset import row_after
from organisations.models import Organisation
from organisations.selectors import (
    AGGREGATE_ROLES,
    organisation_ids_on,
)

if TYPE_CHECKING:
    import datetime as dt

    from accounts.models import User
    from cases.models import JobseekerQuerySet


def jobseeker_list_for_user(
    *, user: User, on: dt.date | None = None
) -> JobseekerQuerySet:
    """Jobseekers a caseworker or team lead sees, ordered for keyset paging."""
    return (
        jobseekers_visible_to(user)
        .select_related("home_municipality", "organisation")
        .order_by("last_name", "first_names", "id")
    )


def jobseeker_page(
    *, queryset: JobseekerQuerySet, after: tuple[str, str, int] | None, size: int
) -> tuple[list[Jobseeker], tuple[str, str, int] | None]:
    """One keyset page of an ordered jobseeker list and the cursor of the next page.

    Keyset paging (WHERE (last_name, first_names, id) > cursor) costs the
    same on page 1 and page 10,000; OFFSET would scan every skipped row.
    """
    if after is not None:
        last, first, pk = after
        queryset = queryset.filter(
            row_after(("last_name", "first_names", "id"), (last, first, pk))
        )
    rows = list(queryset[: size + 1])
    if len(rows) <= size:
        return rows, None
    rows = rows[:size]
    tail = rows[-1]
    return rows, (tail.last_name, tail.first_names, tail.id)


def jobseeker_counts_by_municipality(
    *, user: User, on: dt.date | None = None
) -> QuerySet[Organisation]:
    """Counts per home municipality for coordinators and board viewers; no persons."""
    # Each municipality's count is its own index-only scan of the
    # home-municipality index (organisation_ids_on: as a subquery of
    # organisations the planner joined the whole country's jobseekers).
    covered = organisation_ids_on(user=user, roles=AGGREGATE_ROLES, on=on)
    residents = (
        Jobseeker.objects.filter(home_municipality_id=OuterRef("pk"))
        .order_by()
        .values("home_municipality_id")
        .annotate(n=Count("home_municipality_id"))
        .values("n")
    )
    return (
        Organisation.objects.filter(id__in=covered, kind=Organisation.Kind.MUNICIPALITY)
        .annotate(
            jobseeker_count=Coalesce(
                Subquery(residents, output_field=IntegerField()), 0
            )
        )
        .order_by("name")
    )


# --- Search -----------------------------------------------------------------

IDENTITY_CODE_PATTERN = re.compile(r"^\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]$", re.IGNORECASE)
SEARCH_LIMIT = 50


def jobseeker_search(*, user: User, text: str) -> list[Jobseeker]:
    """Jobseekers matching an exact identity code, or else every word of a name."""
    text = text.strip()
    if not text:
        return []
    queryset = jobseeker_list_for_user(user=user)
    if IDENTITY_CODE_PATTERN.match(text):
        queryset = queryset.with_identity_code(text.upper())
    else:
        queryset = queryset.matching_name(text)
    return list(queryset[:SEARCH_LIMIT])
