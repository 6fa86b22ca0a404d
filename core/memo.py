"""Answers memoised on the signed-in user object: for one request, or for the
session until the user's access changes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.utils import timezone

if TYPE_CHECKING:
    from collections.abc import Callable, Hashable, MutableMapping

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


# The session key of the per-session memo (per_session).
SESSION_MEMO_KEY = "_polku_memo"
# The attribute under which the request's session is attached to its user
# (attach_session), and the user's version of what they may do: a counter
# on the user row that every write to their memberships, teams or devices
# increments (accounts.signals).
SESSION_ATTRIBUTE = "_polku_session"
VERSION_ATTRIBUTE = "access_version"


def attach_session(user: object, session: MutableMapping[str, Any]) -> None:
    """Let per_session keep answers for `user` in this request's session."""
    setattr(user, SESSION_ATTRIBUTE, session)


def per_session(user: object, name: str, compute: Callable[[], T]) -> T:
    """`compute()` once per session, day and version of the user's access.

    The user's roles, organisations, teams and second-factor state were
    5-6 of a worklist's 12 queries when asked on every request (issue 21).
    Kept in the session, they are asked once; the stamp (the user row's
    access version, loaded with the user on every request anyway, and
    today's date, as memberships begin and end on dates) makes a stale
    answer unreachable: a membership ended, a team changed or a device
    confirmed increments the version in the same transaction, and the next
    request computes afresh. Without a session (API tokens, services,
    tests calling selectors directly) the answer lives for the request.
    The value must survive the session's JSON serialiser (lists, not sets
    or tuples; string keys).
    """

    def stored() -> T:
        session: MutableMapping[str, Any] | None = getattr(
            user, SESSION_ATTRIBUTE, None
        )
        if session is None:
            return compute()
        # The user's id too: a session is flushed when another user signs
        # in on it, but the memo must never answer for anyone else anyway.
        stamp = [
            getattr(user, "pk", None),
            getattr(user, VERSION_ATTRIBUTE, None),
            timezone.localdate().isoformat(),
        ]
        memo = session.get(SESSION_MEMO_KEY)
        if not isinstance(memo, dict) or memo.get("stamp") != stamp:
            memo = {"stamp": stamp, "values": {}}
        values: dict[str, Any] = memo["values"]
        if name not in values:
            values[name] = compute()
            # Assigned again so that the session knows to save itself.
            session[SESSION_MEMO_KEY] = memo
        value: T = values[name]
        return value

    return on_user(user, f"session_{name}", None, stored)
