"""The demo's calendars: an office, a phone line and a video room per
municipality, and bookable hours for its caseworker and team lead, so that
"Book" on the worklist proposes times from the first day of the demo.

Places and hours have no services of their own (they are set up in the
Django admin); the demo creates the rows as the admin would, once.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from appointments.models import Place, WeeklyHours

if TYPE_CHECKING:
    from .staff import Staff

# Fictional addresses: no real office is meant.
_OFFICES = {
    "208": "Demokatu 1, 85100 Kalajoki",
    "977": "Demokatu 2, 84100 Ylivieska",
    "111": "Demokatu 3, 18100 Heinola",
}
# Mornings and afternoons with lunch between, Monday to Friday.
_STRETCHES = ((dt.time(9), dt.time(11, 30)), (dt.time(12, 30), dt.time(15)))


def calendars_load(staff: Staff, *, anchor: dt.date) -> int:
    """Places and weekly hours for the demo's caseworkers; the number of
    weekly-hour rows created (none when they exist already)."""
    created = 0
    for code, municipality in staff.municipalities.items():
        office, _new = Place.objects.get_or_create(
            organisation=municipality,
            name=f"{municipality.name}: työllisyyspalvelujen toimipiste",
            defaults={
                "channel": Place.Channel.FACE_TO_FACE,
                "address": _OFFICES.get(code, "Demokatu 1"),
                "instructions": "Ilmoittaudu aulan infopisteessä.",
            },
        )
        Place.objects.get_or_create(
            organisation=municipality,
            name=f"{municipality.name}: puhelinaika",
            defaults={"channel": Place.Channel.PHONE, "phone": "029 000 0000"},
        )
        Place.objects.get_or_create(
            organisation=municipality,
            name=f"{municipality.name}: videotapaaminen",
            defaults={
                "channel": Place.Channel.VIDEO,
                "video_url": f"https://video.example.invalid/{code}",
            },
        )
        for role in ("caseworker", "teamlead"):
            user = staff.by_role(role)[code]
            if WeeklyHours.objects.filter(caseworker=user).exists():
                continue
            rows = [
                WeeklyHours(
                    caseworker=user,
                    weekday=weekday,
                    start_time=start,
                    end_time=end,
                    place=office,
                    valid_from=anchor - dt.timedelta(days=90),
                )
                for weekday in range(5)
                for start, end in _STRETCHES
            ]
            WeeklyHours.objects.bulk_create(rows)
            created += len(rows)
    return created
