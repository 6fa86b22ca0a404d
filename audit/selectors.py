"""Reads of the access log and change history."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist

from .models import AccessLog, ChangeRecord, logged_model


@dataclass(frozen=True)
class ChangeRow:
    record: ChangeRecord
    object_label: str
    field_label: str


def _labels(change: ChangeRecord) -> tuple[str, str]:
    try:
        model = logged_model(change.object_type)
    except (LookupError, ValueError):
        return change.object_type, change.field
    try:
        field_label = str(model._meta.get_field(change.field).verbose_name)
    except FieldDoesNotExist:
        field_label = change.field.removesuffix("_id")
    return str(model._meta.verbose_name), field_label


def subject_access_history(
    *, jobseeker_id: int
) -> tuple[list[AccessLog], list[ChangeRow]]:
    """Every logged read of the jobseeker's data and every change, oldest first."""
    reads = list(
        AccessLog.objects.filter(jobseeker_id=jobseeker_id)
        .select_related("user", "organisation")
        .order_by("occurred_at", "id")
    )
    changes = [
        ChangeRow(change, *_labels(change))
        for change in ChangeRecord.objects.filter(jobseeker_id=jobseeker_id)
        .select_related("user")
        .order_by("occurred_at", "id")
    ]
    return reads, changes
