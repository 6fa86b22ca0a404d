"""The API's list filters (django-filter). Apart from core.api because
DRF's generic views read DEFAULT_FILTER_BACKENDS when they are imported."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import django_filters
from django import forms
from django.db import models
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from django_filters.fields import IsoDateTimeField
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions
from rest_framework import filters as drf_filters

if TYPE_CHECKING:
    from collections.abc import Iterable

# A filter on a related row's id: the form field is an integer within the
# database's key range, so "1.5" or "abc" is a 400 with a field error.
ID_MAX = 2**63 - 1


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": ID_MAX})
class IdFilter(filters.NumberFilter):
    """Rows whose key is this id. An id that names no row, or a row outside
    the reader's organisations, matches nothing (200 with an empty page)
    rather than a 400: a list is scoped before it is filtered, and an error
    for ids that exist elsewhere would tell the reader they exist."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", ID_MAX)
        super().__init__(*args, **kwargs)


class TrueFalseField(forms.Field):
    """`true` or `false`, as the schema's boolean is written in a query.
    django-filter's field also reads "null", "1" or "yes", or nothing at
    all for a word it does not know, and the list comes back unfiltered."""

    def to_python(self, value: Any) -> bool | None:
        if value in self.empty_values:
            return None
        if value in ("true", "false"):
            return bool(value == "true")
        raise forms.ValidationError(_("Choose true or false."), code="invalid")


@extend_schema_field({"type": "boolean"})
class BooleanFilter(django_filters.BooleanFilter):
    # django-filter's own, not its rest_framework one: that one's widget
    # reads the words before the field sees them.
    field_class = TrueFalseField


class FilterSet(filters.FilterSet):
    """The API's filter sets: a related row is filtered by its id (IdFilter)."""

    def is_valid(self) -> bool:
        # django-filter reads "?due_until=" as no filter at all; a parameter
        # that is sent must hold a value (the schema's date, id or choice).
        form = self.form
        for name in form.fields:
            if self.data.get(name) == "" and not isinstance(
                self.filters[name], filters.CharFilter
            ):
                form.add_error(name, _("This field cannot be blank."))
        return bool(super().is_valid())

    FILTER_DEFAULTS = {
        **filters.FilterSet.FILTER_DEFAULTS,
        models.ForeignKey: {"filter_class": IdFilter},
        models.OneToOneField: {"filter_class": IdFilter},
        models.BooleanField: {"filter_class": BooleanFilter},
    }


class FilterBackend(filters.DjangoFilterBackend):
    """django-filter, building `filterset_fields` lists on FilterSet above."""

    filterset_base = FilterSet


class UtcDateTimeField(IsoDateTimeField):
    """An ISO 8601 moment, turned into UTC before it reaches the database.

    ISO 8601 and Python allow offsets up to ±23:59, PostgreSQL only ±15:59,
    so `…+16:25` would fail in the query (a 500); as UTC every valid moment
    is a timestamp PostgreSQL reads. A moment that is no longer a date in
    UTC (near year 1 or 9999) is a field error."""

    def to_python(self, value: Any) -> dt.datetime | None:
        moment: dt.datetime | None = super().to_python(value)
        if moment is None:
            return None
        try:
            return moment.astimezone(dt.UTC)
        except OverflowError as error:
            raise forms.ValidationError(
                self.error_messages["invalid"], code="invalid"
            ) from error


@extend_schema_field({"type": "string", "format": "date-time"})
class UtcDateTimeFilter(filters.DateTimeFilter):
    """A list filter on a moment (`updated_after=2026-05-12T10:39:28+03:00`)."""

    field_class = UtcDateTimeField


class OrderingFilter(drf_filters.OrderingFilter):
    """`?ordering=` with the fields a list can be ordered by; an unknown
    field is a 400 with a field error. DRF drops unknown fields silently, and
    a client would read an order it did not ask for as the one it did."""

    def remove_invalid_fields(
        self, queryset: Any, fields: Iterable[str], view: Any, request: Any
    ) -> list[str]:
        fields = list(fields)
        valid = set(self._terms(view))
        unknown = [term for term in fields if term not in valid]
        if unknown:
            raise exceptions.ValidationError(
                {
                    self.ordering_param: [
                        _("Cannot order by %(fields)s. Choose from: %(valid)s.")
                        % {
                            "fields": ", ".join(unknown),
                            "valid": ", ".join(sorted(valid)),
                        }
                    ]
                }
            )
        return fields

    def get_valid_fields(
        self, queryset: Any, view: Any, context: Any = None
    ) -> list[tuple[str, Any]]:
        # Only what a view names: DRF's default (every serializer field)
        # would offer fields that are no columns, and a 500 for them.
        return [(name, name) for name in getattr(view, "ordering_fields", None) or []]

    def _terms(self, view: Any) -> list[str]:
        names = [name for name, _label in self.get_valid_fields(None, view)]
        return [term for name in names for term in (name, f"-{name}")]

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        # Comma-separated terms (`ordering=-opened_on,id`), each one a field
        # or a field with a minus for the descending order.
        terms = self._terms(view)
        if not terms:
            return []
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": str(self.ordering_description),
                "style": "form",
                "explode": False,
                "schema": {
                    "type": "array",
                    "items": {"type": "string", "enum": terms},
                },
            }
        ]
