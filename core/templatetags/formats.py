"""Template filters over core.formats: `{% load formats %}`.

{{ day|short_date }}        1.3.2021
{{ moment|local_datetime }} 6.12.2026 17.05 (Helsinki time)
{{ value|number }}          1 234        {{ value|number:1 }}  43,8
{{ value|percent }}         43,8 %       {{ value|change:1 }}  -2,1
{{ value|recorded }}        45,5 (a recorded Decimal, its own decimals)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import template

from core import formats

if TYPE_CHECKING:
    import datetime as dt

    from core.formats import Number

register = template.Library()


@register.filter
def short_date(value: dt.date | None) -> str:
    """`{{ day|short_date }}`: as `|date:"SHORT_DATE_FORMAT"`, cached (core.formats)."""
    return "" if value is None else formats.short_date(value)


@register.filter
def local_datetime(value: dt.datetime | None) -> str:
    return formats.local_datetime(value)


@register.filter
def month_label(value: dt.date | None) -> str:
    return formats.MISSING if value is None else formats.month_label(value)


@register.filter
def number(value: Number | None, places: int = 0) -> str:
    return formats.number(value, int(places))


@register.filter
def recorded(value: Number | None) -> str:
    """A figure someone recorded, with its own decimals: 45,5."""
    return formats.recorded(value)


@register.filter
def percent(value: Number | None, places: int = 1) -> str:
    return formats.percent(value, int(places))


@register.filter
def change(value: Number | None, places: int = 0) -> str:
    return formats.change(value, int(places))
