"""The API's list filters (django-filter). Apart from core.api because
DRF's generic views read DEFAULT_FILTER_BACKENDS when they are imported."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field

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
    }


class FilterBackend(filters.DjangoFilterBackend):
    """django-filter, building `filterset_fields` lists on FilterSet above."""

    filterset_base = FilterSet
