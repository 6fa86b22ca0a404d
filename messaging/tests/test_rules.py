"""The outbox's pure rules, without a database."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from messaging import rules


def test_the_pause_doubles_from_a_minute_up_to_two_hours() -> None:
    pauses = [rules.retry_pause(n) for n in range(1, 10)]

    assert pauses[:5] == [dt.timedelta(minutes=m) for m in (1, 2, 4, 8, 16)]
    assert pauses[-1] == dt.timedelta(hours=2)


def test_the_sixth_failed_try_is_final() -> None:
    assert not rules.is_final_failure(5)
    assert rules.is_final_failure(6)


def test_identity_codes_and_health_data_are_refused_wherever_they_are() -> None:
    context = {
        "time": "9.00",
        "event": {"description": "Asiakas 010190-9876"},
        "people": [{"health": "x"}],
        "hetu": "",
    }

    assert rules.context_problems(context) == [
        "event.description",
        "people[0].health",
        "hetu",
    ]


def test_times_places_and_links_are_fine() -> None:
    context = {
        "date": "9.6.2026",
        "time": "10.00",
        "video_url": "https://video.example/abc-123",
    }

    assert rules.context_problems(context) == []


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("040 123 4567", "+358401234567"),
        ("+358 50 123 4567", "+358501234567"),
        ("+46 70 123 45 67", "+46701234567"),
        ("09 123 4567", None),  # a Helsinki landline takes no text message
        ("123", None),
        ("ei puhelinta", None),
    ],
)
def test_sms_numbers_are_mobile_numbers_in_international_form(
    raw: str, expected: str | None
) -> None:
    assert rules.sms_number(raw) == expected


HELSINKI = ZoneInfo("Europe/Helsinki")


def local(*fields: int) -> dt.datetime:
    year, month, day, hour, minute = fields
    return dt.datetime(year, month, day, hour, minute, tzinfo=HELSINKI)


@pytest.mark.parametrize(
    ("local_at", "expected"),
    [
        # quiet 21–8: the evening waits for the next morning ...
        (local(2026, 6, 18, 21, 0), local(2026, 6, 19, 8, 0)),
        (local(2026, 6, 18, 23, 59), local(2026, 6, 19, 8, 0)),
        # ... the small hours for the same morning
        (local(2026, 6, 19, 3, 0), local(2026, 6, 19, 8, 0)),
        # outside them nothing waits
        (local(2026, 6, 19, 8, 0), None),
        (local(2026, 6, 19, 16, 0), None),
        (local(2026, 6, 19, 20, 59), None),
    ],
)
def test_quiet_hours_across_midnight(
    local_at: dt.datetime, expected: dt.datetime | None
) -> None:
    end = rules.quiet_hours_end(local_at, quiet_from=21, quiet_until=8, zone=HELSINKI)
    assert end == expected


def test_quiet_hours_end_at_eight_local_time_on_the_night_summer_time_ends() -> None:
    # 25.10.2026: clocks go back at 4.00; the quiet still ends at 8.00 local
    at = dt.datetime(2026, 10, 24, 22, 0, tzinfo=HELSINKI)
    end = rules.quiet_hours_end(at, quiet_from=21, quiet_until=8, zone=HELSINKI)
    assert end is not None
    assert (end.astimezone(HELSINKI).hour, end.utcoffset()) == (
        8,
        dt.timedelta(hours=2),
    )


def test_equal_hours_mean_no_quiet_hours() -> None:
    at = dt.datetime(2026, 6, 19, 3, 0, tzinfo=HELSINKI)
    assert rules.quiet_hours_end(at, quiet_from=0, quiet_until=0, zone=HELSINKI) is None


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        ("(550, b'5.1.1 No such user')", rules.RECIPIENT_REFUSED),
        ("HTTP 422: b'invalid number'", rules.RECIPIENT_REFUSED),
        ("[Errno 111] Connection refused", rules.PROVIDER_UNREACHABLE),
        ("HTTP 503: b''", rules.PROVIDER_UNREACHABLE),
        ("(421, b'try later')", rules.PROVIDER_UNREACHABLE),
        ("HTTP 403: b'forbidden'", rules.PROVIDER_REFUSED),
        ("something else", rules.PROVIDER_REFUSED),
    ],
)
def test_the_kind_of_failure_is_read_from_the_providers_answer(
    error: str, kind: str
) -> None:
    assert rules.failure_kind(error) == kind
