"""Escaping for the pages' markup written in Python."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from django.utils import timezone
from django.utils.formats import localize
from django.utils.safestring import SafeData


def text(value: Any) -> str:
    """`{{ value }}` in an autoescaped template: localised (numbers, dates,
    times in Helsinki time) and escaped as
    django.template.base.render_value_in_context does it, with a short way
    for the plain strings and integers that most values are. Django's
    escape is html.escape; its conditional_escape and format_html spend
    most of their time on lazy-string checks, which count when a page
    escapes a few hundred values (issue 21)."""
    if isinstance(value, SafeData):
        return str(value)
    if isinstance(value, str):
        return html.escape(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        # As django.utils.timezone.template_localtime: in Helsinki time.
        value = timezone.localtime(value)
    return html.escape(str(localize(value)))
