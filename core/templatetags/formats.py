from __future__ import annotations

from typing import TYPE_CHECKING

from django import template

from core.formats import short_date as _short_date

if TYPE_CHECKING:
    import datetime as dt

register = template.Library()


@register.filter
def short_date(value: dt.date | None) -> str:
    """`{{ day|short_date }}`: as `|date:"SHORT_DATE_FORMAT"`, cached (core.formats)."""
    return "" if value is None else _short_date(value)
