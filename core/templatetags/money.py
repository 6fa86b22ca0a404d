"""Cents as euros, in the reader's number format (126 740,00 € in Finnish);
the formatting itself is core.formats'."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import template

from core import formats

if TYPE_CHECKING:
    from decimal import Decimal

register = template.Library()


@register.filter
def euros(cents: int | None) -> str:
    return formats.euros(cents)


@register.filter
def amount(value: Decimal | None) -> str:
    """A recorded figure (already in euros)."""
    return formats.amount(value)


@register.filter
def tenths(value: int | None) -> str:
    """Tenths of a unit (person-months) with one decimal: 12,5."""
    return formats.tenths(value)


@register.filter
def remaining(committed: int, amount: int) -> int:
    return amount - committed
