"""Suppressed figures in templates (core.privacy): `{% load privacy %}`.

A figure is any object with `shown` (its table text), `suppression` and
`explanation` (why it is hidden, in words), such as
reporting.selectors.FigureCell.

    {{ cell|figure }}        page cell: "<5" on screen, the reason in words
                             for screen readers and as the tooltip
    {{ cell|figure_words }}  PDF cell: the reason in words ("alle 5 henkilöä")
    {% suppression_legend %} "<5 = fewer than 5 people; .. = hidden so that…"
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import template
from django.utils.html import format_html

from core import privacy
from core.formats import MISSING

if TYPE_CHECKING:
    from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def figure(cell: Any) -> SafeString | str:
    if not cell:  # None, or "" for a missing attribute in a template
        return MISSING
    if not cell.suppression:
        return str(cell.shown)
    return format_html(
        '<span class="suppressed" title="{}"><span aria-hidden="true">{}</span>'
        '<span class="visually-hidden">{}</span></span>',
        cell.explanation,
        cell.shown,
        cell.explanation,
    )


@register.filter
def figure_words(cell: Any) -> str:
    if not cell:  # None, or "" for a missing attribute in a template
        return MISSING
    return str(cell.explanation if cell.suppression else cell.shown)


@register.simple_tag
def suppression_legend() -> str:
    """What "<5" and ".." mean, in words, under a table that uses the marks."""
    return "; ".join(
        f"{privacy.mark(kind)} = {privacy.explanation(kind)}"
        for kind in (privacy.SMALL, privacy.WITHHELD)
    )
