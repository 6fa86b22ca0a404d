"""Small-number protection for figures that leave the caseworker role."""

from __future__ import annotations

# Counts of 1-4 people can identify someone in a small municipality; such
# counts are shown as "<5" to coordinators and boards (issue 7, Statistics
# Finland's usual threshold for register data).
SMALL_NUMBER_THRESHOLD = 5


def suppress_small(count: int) -> str:
    """'<5' for 1-4, otherwise the count itself (0 reveals no one)."""
    if 0 < count < SMALL_NUMBER_THRESHOLD:
        return f"<{SMALL_NUMBER_THRESHOLD}"
    return str(count)
