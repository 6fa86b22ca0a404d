"""Who may see and change appointments: the staff who may read the
jobseeker's data (cases.permissions); anything else is a 404."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from cases.permissions import (
    can_use_caseworker_pages,
    is_team_lead,
    personal_data_organisation_ids,
)
from messaging.models import Message

from .models import Appointment, BulkBookingRun, LetterRun

if TYPE_CHECKING:
    from accounts.models import User


def get_appointment_for_user(user: User, pk: int) -> Appointment:
    try:
        return Appointment.objects.select_related("jobseeker", "place", "step").get(
            pk=pk, organisation_id__in=personal_data_organisation_ids(user)
        )
    except Appointment.DoesNotExist as exc:
        raise Http404 from exc


def get_message_for_user(user: User, pk: int) -> Message:
    """A message about a jobseeker whose data the user may read, else 404."""
    try:
        return Message.objects.get(
            pk=pk,
            jobseeker_id__isnull=False,
            organisation_id__in=personal_data_organisation_ids(user),
        )
    except Message.DoesNotExist as exc:
        raise Http404 from exc


def can_bulk_book(user: User) -> bool:
    """Team leads book many initial interviews at once (issue 22)."""
    return can_use_caseworker_pages(user) and is_team_lead(user)


def get_bulk_run_for_user(user: User, pk: int) -> BulkBookingRun:
    """A bulk booking of the user's organisations; anything else is a 404."""
    try:
        return BulkBookingRun.objects.get(
            pk=pk, organisation_id__in=personal_data_organisation_ids(user)
        )
    except BulkBookingRun.DoesNotExist as exc:
        raise Http404 from exc


def get_letter_run_for_user(user: User, pk: int) -> LetterRun:
    """A batch of letters the user asked for; anyone else's is a 404 (the
    PDF holds names and addresses of the requester's scope as it was)."""
    try:
        return LetterRun.objects.get(pk=pk, requested_by=user)
    except LetterRun.DoesNotExist as exc:
        raise Http404 from exc
