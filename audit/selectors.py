"""Reads of the access log and change history."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _

from core import formats

from .models import AccessLog, ChangeRecord, logged_model

# A related object's id as stored: (model, primary key text).
RelatedKey = tuple[type[models.Model], str]


@dataclass(frozen=True)
class ChangeRow:
    record: ChangeRecord
    object_label: str
    field_label: str
    old_shown: str
    new_shown: str


def _field(change: ChangeRecord) -> tuple[type[models.Model] | None, Any]:
    try:
        model = logged_model(change.object_type)
    except (LookupError, ValueError):
        return None, None
    try:
        return model, model._meta.get_field(change.field)
    except FieldDoesNotExist:
        return model, None


def _labels(
    model: type[models.Model] | None, field: Any, change: ChangeRecord
) -> tuple[str, str]:
    if model is None:
        return change.object_type, change.field
    if field is None:
        return str(model._meta.verbose_name), change.field.removesuffix("_id")
    return str(model._meta.verbose_name), str(field.verbose_name)


def _related_key(field: Any, raw: str) -> RelatedKey | None:
    if field is not None and field.many_to_one and raw.isdigit():
        return field.related_model, raw
    return None


def _related_names(keys: set[RelatedKey]) -> dict[RelatedKey, str]:
    """The names of related objects (a caseworker, an organisation), one
    query per model rather than per change."""
    wanted: dict[type[models.Model], set[str]] = defaultdict(set)
    for model, raw in keys:
        wanted[model].add(raw)
    names: dict[RelatedKey, str] = {}
    for model, raws in wanted.items():
        for pk, obj in model._default_manager.in_bulk([int(r) for r in raws]).items():
            full_name = getattr(obj, "get_full_name", None)
            names[(model, str(pk))] = (full_name() if full_name else "") or str(obj)
    return names


def _shown(field: Any, raw: str, names: dict[RelatedKey, str]) -> str:
    """A stored value as the reader should see it: a date in the report's
    language, a choice by its label, a person or organisation by name, not
    the ISO text or id the history stores."""
    if raw == "***":
        return _("(changed, value not shown)")
    if field is None or raw == "":
        return raw
    key = _related_key(field, raw)
    if key is not None:
        return names.get(key, raw)
    if field.choices:
        return str(dict(field.flatchoices).get(raw, raw))
    if isinstance(field, models.DateField) and not isinstance(
        field, models.DateTimeField
    ):
        try:
            return formats.short_date(dt.date.fromisoformat(raw))
        except ValueError:
            return raw
    if isinstance(field, models.BooleanField):
        return _("yes") if raw == "True" else _("no") if raw == "False" else raw
    return raw


def subject_access_history(
    *, jobseeker_id: int
) -> tuple[list[AccessLog], list[ChangeRow]]:
    """Every logged read of the jobseeker's data and every change, oldest first."""
    reads = list(
        AccessLog.objects.filter(jobseeker_id=jobseeker_id)
        .select_related("user", "organisation")
        .order_by("occurred_at", "id")
    )
    records = [
        (change, *_field(change))
        for change in ChangeRecord.objects.filter(jobseeker_id=jobseeker_id)
        .select_related("user")
        .order_by("occurred_at", "id")
    ]
    keys = {
        key
        for change, _model, field in records
        for raw in (change.old_value, change.new_value)
        if (key := _related_key(field, raw)) is not None
    }
    names = _related_names(keys)
    changes = [
        ChangeRow(
            change,
            *_labels(model, field, change),
            old_shown=_shown(field, change.old_value, names),
            new_shown=_shown(field, change.new_value, names),
        )
        for change, model, field in records
    ]
    return reads, changes
