"""Reads of jobseekers, always scoped in SQL by the reader's memberships."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, QuerySet

from organisations.models import Organisation
from organisations.selectors import (
    AGGREGATE_ROLES,
    PERSONAL_DATA_ROLES,
    organisation_ids_covered,
)

from .models import Jobseeker, JobseekerQuerySet

if TYPE_CHECKING:
    import datetime as dt

    from accounts.models import User


def jobseeker_list_for_user(
    *, user: User, on: dt.date | None = None
) -> JobseekerQuerySet:
    """Jobseekers a caseworker or team lead sees, ordered for keyset paging."""
    covered = organisation_ids_covered(user=user, roles=PERSONAL_DATA_ROLES, on=on)
    return (
        Jobseeker.objects.for_organisations(covered)
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
    from django.db.models import Q

    if after is not None:
        last, first, pk = after
        queryset = queryset.filter(
            Q(last_name__gt=last)
            | Q(last_name=last, first_names__gt=first)
            | Q(last_name=last, first_names=first, id__gt=pk)
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
    covered = organisation_ids_covered(user=user, roles=AGGREGATE_ROLES, on=on)
    return (
        Organisation.objects.filter(id__in=covered, kind=Organisation.Kind.MUNICIPALITY)
        .annotate(jobseeker_count=Count("resident_jobseekers"))
        .order_by("name")
    )
