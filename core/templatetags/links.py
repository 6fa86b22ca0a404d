"""{% link %}: {% url %} for patterns whose arguments are ids or slugs."""

from __future__ import annotations

from django import template

from core.links import reverse_fast

register = template.Library()


@register.simple_tag
def link(name: str, *args: int | str) -> str:
    """{% link 'cases:jobseeker' jobseeker.pk %}: the URL as {% url %} gives
    it, from the pattern reversed once (core.links.reverse_fast). {% url %}
    reverses on every use, about 65 µs a link: the jobseeker page has some
    thirty (issue 21)."""
    return reverse_fast(name, *args)
