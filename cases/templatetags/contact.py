"""Contact details in templates as a Finn reads them."""

from __future__ import annotations

from django import template

from cases.rules.contact import phone_display

register = template.Library()


@register.filter(name="phone")
def phone(value: str | None) -> str:
    """{{ jobseeker.phone|phone }}: 040 1234567, +46 70 123 45 67."""
    return phone_display(value or "")
