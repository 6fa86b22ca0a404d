"""reverse_fast gives what reverse gives."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.urls.base import set_script_prefix

from core.links import Links, reverse_fast


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


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("cases:jobseeker", (1,)),
        ("cases:plan_version_create", (7, "activation")),
        ("appointments:book", (3,)),
    ],
)
def test_a_pages_links_are_the_same_urls_as_reverse(
    name: str, args: tuple[int | str, ...]
) -> None:
    assert Links().url(name, *args) == reverse(name, args=args)


def test_a_pages_links_keep_the_prefix_of_their_request() -> None:
    plain = reverse("cases:jobseeker", args=[5])
    set_script_prefix("/polku/")
    try:
        links = Links()
        assert links.url("cases:jobseeker", 5) == "/polku" + plain
    finally:
        set_script_prefix("/")
    assert Links().url("cases:jobseeker", 5) == plain
