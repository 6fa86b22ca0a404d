"""Limits of free text, checked alike by forms, API serializers and the database.

Three sizes, in characters (PostgreSQL's char_length, Python's len):

- NOTE, 10,000: a caseworker's narrative of one contact (a note, a meeting
  summary, what was sent for a benefit decision). About four A4 pages: longer
  than any note a person writes, short enough that a pasted document (a
  203,000-character note made a jobseeker page 38,604 px tall) is refused
  with a message instead of stored.
- TEXT, 4,000: one field of a form that has several (the plan's goal and
  agreed services, the parts of the service-needs assessment), each printed
  in the plan PDF: about a page and a half.
- REASON, 2,000: a reason or justification, a paragraph or two.

A form's textarea gets no `maxlength` attribute: a browser silently cuts a
pasted text at it, and the person would lose what did not fit. The server
refuses it instead and shows the form again with everything typed.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.translation import gettext as _

NOTE = 10_000
TEXT = 4_000
REASON = 2_000


def validators(limit: int) -> list[MaxLengthValidator]:
    """For a model TextField: full_clean() names the field and the limit."""
    return [MaxLengthValidator(limit)]


def length_constraint(field: str, limit: int, *, name: str) -> models.CheckConstraint:
    """The database's own refusal of a longer text (CHECK char_length <= limit)."""
    return models.CheckConstraint(
        condition=LessThanOrEqual(Length(field), limit),
        name=name,
        violation_error_message=_limit_message(limit),
    )


def _message(limit: int) -> str:
    return _("The text is longer than %(limit)s characters.") % {
        "limit": number_format(limit, force_grouping=True)
    }


# Worded when shown, in the reader's language, not when the model is imported.
_limit_message = lazy(_message, str)


class LongTextarea(forms.Textarea):
    """A textarea without the `maxlength` attribute (see the module docstring)."""

    def get_context(
        self, name: str, value: Any, attrs: dict[str, Any] | None
    ) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].pop("maxlength", None)
        return context


def text_field(
    label: Any, limit: int, *, required: bool = True, rows: int = 4, **kwargs: Any
) -> forms.CharField:
    """A form field for free text of at most `limit` characters."""
    return forms.CharField(
        label=label,
        required=required,
        max_length=limit,
        widget=LongTextarea(attrs={"rows": rows}),
        **kwargs,
    )
