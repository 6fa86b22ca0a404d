"""Events and guards: the timeline row every write adds, the version check of
edits, the open-case guard, and the hook that tells the apps above about a
jobseeker whose facts changed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Model
from django.utils.translation import gettext as _

from cases.models import (
    Case,
    CaseEvent,
    Jobseeker,
)
from cases.signals import jobseeker_facts_changed

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

    from accounts.models import User


class ConflictError(Exception):
    """Someone else saved the record after it was opened for editing."""

    def __init__(self, current: Model) -> None:
        super().__init__("edit conflict")
        self.current = current


class TransitionError(ValidationError):
    pass


def event_build(
    *,
    case: Case | None,
    jobseeker: Jobseeker,
    kind: str,
    occurred_on: dt.date,
    actor: User | None,
    target: Model | None = None,
    **details: Any,
) -> CaseEvent:
    """One timeline row, unsaved: `event_record` saves one, `events_record`
    many at once."""
    return CaseEvent(
        organisation_id=case.organisation_id if case else jobseeker.organisation_id,
        jobseeker=jobseeker,
        case=case,
        kind=kind,
        occurred_on=occurred_on,
        actor=actor,
        target_type=target._meta.label if target is not None else "",
        target_id=target.pk if target is not None else None,
        details=details,
    )


def event_record(
    *,
    case: Case | None,
    jobseeker: Jobseeker,
    kind: str,
    occurred_on: dt.date,
    actor: User | None,
    target: Model | None = None,
    **details: Any,
) -> CaseEvent:
    """One row on the jobseeker's timeline; every app that changes a case
    record writes its event through here (or `events_record`)."""
    event = event_build(
        case=case,
        jobseeker=jobseeker,
        kind=kind,
        occurred_on=occurred_on,
        actor=actor,
        target=target,
        **details,
    )
    event.save()
    return event


def events_record(*, events: Sequence[CaseEvent]) -> list[CaseEvent]:
    """Many timeline rows from `event_build` in one INSERT: the set-based
    variant of `event_record` for a batch (a batch of messages sent)."""
    return CaseEvent.objects.bulk_create(events) if events else []


def version_bump(model: type[Model], pk: int, expected_version: int) -> None:
    """Compare-and-set the version; raise ConflictError if someone saved first.

    One UPDATE ... WHERE version = expected: two editors cannot both pass it,
    without holding locks while a caseworker types.
    """
    updated = model._default_manager.filter(pk=pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not updated:
        raise ConflictError(model._default_manager.get(pk=pk))


def require_open(case: Case) -> None:
    """Refuse to record on a closed case (every record's service asks first)."""
    if not case.is_open:
        raise ValidationError(
            _("The case is closed; reopen it before recording on it.")
        )


def jobseeker_facts_changed_on_commit(jobseeker_id: int) -> None:
    """Tell the apps above that the person's facts changed, once the
    transaction commits (cases.signals.jobseeker_facts_changed): pilots
    evaluates eligibility again without cases knowing about pilots."""
    transaction.on_commit(
        lambda: jobseeker_facts_changed.send(
            sender=Jobseeker, jobseeker_id=jobseeker_id
        )
    )
