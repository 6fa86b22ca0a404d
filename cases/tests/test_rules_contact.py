"""Phone numbers in E.164, Finnish unless a country code is given."""

from __future__ import annotations

import pytest

from cases.rules.contact import phone_display, phone_e164


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("040 123 4567", "+358401234567"),
        ("+358 40 123 4567", "+358401234567"),
        ("(09) 310 1691", "+35893101691"),
        ("+46 70 123 45 67", "+46701234567"),
        ("040 12", None),
        ("not a number", None),
    ],
)
def test_numbers_are_stored_in_international_form(
    raw: str, expected: str | None
) -> None:
    assert phone_e164(raw) == expected


def test_a_stored_number_is_shown_as_a_finn_reads_it() -> None:
    assert phone_display("+358401234567") == "040 1234567"
    assert phone_display("+46701234567") == "+46 70 123 45 67"
    assert phone_display("") == ""
    assert phone_display("not a number") == "not a number"
