"""reverse_fast gives what reverse gives."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.urls.base import set_script_prefix

from core.links import reverse_fast


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("cases:jobseeker", (1,)),
        ("cases:jobseeker", (2_147_483_647,)),
        ("cases:meeting_create", (42,)),
        ("cases:plan_version_create", (7, "activation")),
        ("cases:plan_version_create", (7, "multisectoral")),
        ("cases:worklist", ()),
    ],
)
def test_the_same_url_as_reverse(name: str, args: tuple[int | str, ...]) -> None:
    assert reverse_fast(name, *args) == reverse(name, args=args)


def test_a_script_prefix_is_kept_apart() -> None:
    plain = reverse("cases:jobseeker", args=[5])
    set_script_prefix("/polku/")
    try:
        assert reverse_fast("cases:jobseeker", 5) == "/polku" + plain
    finally:
        set_script_prefix("/")
    assert reverse_fast("cases:jobseeker", 5) == plain
