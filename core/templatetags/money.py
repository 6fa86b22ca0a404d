"""Cents as euros, in the reader's number format (126 740,00 € in Finnish)."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def euros(cents: int | None) -> str:
    if cents is None:
        return "–"
    amount = Decimal(cents) / 100
    return f"{number_format(amount, 2, use_l10n=True, force_grouping=True)}\xa0€"


@register.filter
def amount(value: Decimal | None) -> str:
    """A recorded figure (already in euros)."""
    if value is None:
        return "–"
    return f"{number_format(value, 2, use_l10n=True, force_grouping=True)}\xa0€"


@register.filter
def tenths(value: int | None) -> str:
    """Tenths of a unit (person-months) with one decimal: 12,5."""
    if value is None:
        return "–"
    return number_format(Decimal(value) / 10, 1, use_l10n=True)


@register.filter
def remaining(committed: int, amount: int) -> int:
    return amount - committed
