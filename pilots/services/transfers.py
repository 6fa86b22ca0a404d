"""Moving a case to another organisation of the pilot."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from cases.models import Case, Jobseeker, ProcessStep
from cases.models.case import CaseStatus, EventKind
from pilots.models import PilotTransfer

if TYPE_CHECKING:
    import datetime as dt

    from accounts.models import User
    from organisations.models import Organisation


@transaction.atomic
def pilot_transfer(
    *,
    case: Case,
    to_organisation: Organisation,
    on: dt.date,
    reason: str,
    note: str,
    actor: User,
) -> PilotTransfer:
    """Move the case (and the jobseeker's responsible organisation) with a reason;
    open deadlines move to the new organisation's worklists, unassigned."""
    from cases.services.process import event_record

    case = Case.objects.select_for_update().select_related("jobseeker").get(pk=case.pk)
    if case.status == CaseStatus.CLOSED:
        raise ValidationError(_("A closed case cannot be transferred."))
    if case.organisation_id == to_organisation.pk:
        raise ValidationError({"to_organisation": _("The case is already there.")})
    transfer = PilotTransfer(
        case=case,
        from_organisation_id=case.organisation_id,
        to_organisation=to_organisation,
        transferred_on=on,
        reason=reason,
        note=note.strip(),
        recorded_by=actor,
    )
    transfer.full_clean()
    transfer.save()
    Case.objects.filter(pk=case.pk).update(
        organisation=to_organisation, caseworker=None, version=F("version") + 1
    )
    Jobseeker.objects.filter(pk=case.jobseeker_id).update(organisation=to_organisation)
    ProcessStep.objects.filter(case=case, status__in=["open", "paused"]).update(
        organisation=to_organisation, assignee=None
    )
    case.refresh_from_db()
    event_record(
        case=case,
        jobseeker=case.jobseeker,
        kind=EventKind.CASE_ASSIGNED,
        occurred_on=on,
        actor=actor,
        target=transfer,
        transferred_to=to_organisation.pk,
        reason=reason,
    )
    return transfer
