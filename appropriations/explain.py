"""Appropriation decisions in words, for the case timeline."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from core.formats import short_date

from .models import AppropriationType


def _stored_date(text: str) -> str:
    """A date kept in an event's details: ISO since the decisions' events
    store it so, 01.01.2027 in older ones; written as the reader's date."""
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return short_date(dt.datetime.strptime(text, pattern).date())  # noqa: DTZ007 - a date, no time
        except ValueError:
            continue
    return text


def decision_event_detail(details: dict[str, Any]) -> str:
    """What a decision event adds to its label: the appropriation and the
    day it ends ("Palkkatuki – päättyy 31.12.2026"); "" without details."""
    if not details.get("appropriation"):
        return ""
    extra = str(AppropriationType(details["appropriation"]).label)
    if details.get("ends_on"):
        extra += " – " + _("ends %(date)s") % {"date": _stored_date(details["ends_on"])}
    return extra
