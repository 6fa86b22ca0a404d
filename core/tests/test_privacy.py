import pytest

from core.privacy import suppress_small


@pytest.mark.parametrize(
    ("count", "shown"), [(0, "0"), (1, "<5"), (4, "<5"), (5, "5"), (120, "120")]
)
def test_small_counts_are_suppressed(count: int, shown: str) -> None:
    assert suppress_small(count) == shown
