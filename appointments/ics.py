"""Appointments as iCalendar for calendars outside Polku: a caseworker's
feed and single appointments. Only the jobseeker's initials and the
appointment's purpose go out, never a name or an identity code."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .models import Appointment


def initials(first_names: str, last_name: str) -> str:
    """The initials, e.g. "T. H." (of the first given name only)."""
    parts = [first_names.split()[0] if first_names.split() else "", last_name]
    return " ".join(f"{part[0].upper()}." for part in parts if part)


def summary(appointment: Appointment) -> str:
    """Initials and purpose: "T. H. – Initial interview"."""
    jobseeker = appointment.jobseeker
    step = appointment.step
    purpose = step.kind_label if step is not None else _("Appointment")
    return f"{initials(jobseeker.first_names, jobseeker.last_name)} – {purpose}"


def _event(appointment: Appointment, *, stamp: dt.datetime) -> Event:
    entry = Event()
    entry.add("uid", f"appointment-{appointment.pk}@polku")
    entry.add("dtstamp", stamp)
    entry.add("dtstart", appointment.during.lower.astimezone(dt.UTC))
    entry.add("dtend", appointment.during.upper.astimezone(dt.UTC))
    entry.add("summary", summary(appointment))
    entry.add("location", appointment.place.name)
    entry.add(
        "status", "CANCELLED" if appointment.status == "cancelled" else "CONFIRMED"
    )
    return entry


def calendar_ics(
    appointments: Iterable[Appointment], *, language: str, stamp: dt.datetime
) -> bytes:
    """A PUBLISH calendar of the appointments, its texts in `language`."""
    calendar = Calendar()
    calendar.add("prodid", "-//Polku//Appointments//FI")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    with translation.override(language):
        calendar.add("x-wr-calname", _("Polku appointments"))
        for appointment in appointments:
            calendar.add_component(_event(appointment, stamp=stamp))
    return bytes(calendar.to_ical())
