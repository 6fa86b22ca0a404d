"""Reversing a URL pattern once, not once per row of a list.

A 50-line worklist reversed about 110 URLs per page (a jobseeker link and an
action link a line): 4-5 ms of a 40 ms page at 1,000,000 jobseekers
(benchmarks.run worklist). The URL resolver's result only depends on the
pattern, so the pattern is reversed once with marker arguments and the
markers are replaced by the real ones.
"""

from __future__ import annotations

from functools import lru_cache

from django.urls import get_script_prefix, reverse

# Ten-digit markers: no pattern in Polku contains such a number itself.
_MARK = 7_301_900_000


@lru_cache(maxsize=256)
def _template(name: str, arity: int, prefix: str) -> str:
    marks = [str(_MARK + i) for i in range(arity)]
    url = reverse(name, args=marks).replace("{", "{{").replace("}", "}}")
    for index, mark in enumerate(marks):
        url = url.replace(mark, "{%d}" % index)  # noqa: UP031 - a format template
    return url


def reverse_fast(name: str, *args: int | str) -> str:
    """reverse(name, args=args) for patterns whose arguments are ids or slugs
    (<int:...>, <slug:...>): what is passed is put in as it is, unquoted."""
    return _template(name, len(args), get_script_prefix()).format(*args)


class Links:
    """reverse_fast for the many links of one page, with the script prefix
    read once: get_script_prefix goes through asgiref's Local, a few µs a
    call, and a worklist page writes some 150 links (issue 21). Made for
    one request and dropped with it (the prefix is the request's)."""

    __slots__ = ("_prefix",)

    def __init__(self) -> None:
        self._prefix = get_script_prefix()

    def url(self, name: str, *args: int | str) -> str:
        """reverse_fast(name, *args) under this page's prefix."""
        return _template(name, len(args), self._prefix).format(*args)
