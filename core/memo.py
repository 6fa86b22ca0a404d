"""Answers memoised on the signed-in user object for one request."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable, Hashable

T = TypeVar("T")


def on_user(user: object, name: str, key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()` once per (`name`, `key`) for this user object.

    Django loads the user afresh for each request, so the memo lives exactly
    as long as the request: the menu, the access checks, the list scoping and
    the access log all ask for the user's roles and organisations, and the
    answer cannot change meanwhile. Callers that hand the value out should
    return a copy, so that nobody edits the memo.
    """
    memo: dict[Hashable, T] = user.__dict__.setdefault(f"_polku_{name}", {})
    if key not in memo:
        memo[key] = compute()
    return memo[key]
