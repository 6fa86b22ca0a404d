"""A read whose database connection was lost is run once more (core.middleware)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

import pytest
from django.core.handlers.exception import convert_exception_to_response
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.test import RequestFactory

from core import middleware

if TYPE_CHECKING:
    from collections.abc import Callable


class _Connection:
    def __init__(self) -> None:
        self.usable = True
        self.closed = 0

    def is_usable(self) -> bool:
        return self.usable

    def close(self) -> None:
        self.closed += 1
        self.usable = True


class _Connections:
    def __init__(self, connection: _Connection) -> None:
        self.connection = connection

    def all(self, initialized_only: bool = False) -> list[_Connection]:
        return [self.connection]


def _handled(
    view: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponseBase]:
    """The view as the next middleware sees it: exceptions made responses."""
    return cast(
        "Callable[[HttpRequest], HttpResponseBase]", convert_exception_to_response(view)
    )


@pytest.fixture
def lost(monkeypatch: pytest.MonkeyPatch) -> _Connection:
    connection = _Connection()
    monkeypatch.setattr(middleware, "connections", _Connections(connection))
    return connection


def _stack(lost: _Connection, failures: int) -> tuple[Any, list[str]]:
    calls: list[str] = []

    def view(request: HttpRequest) -> HttpResponse:
        calls.append(request.method or "")
        if len(calls) <= failures:
            lost.usable = False
            msg = "terminating connection due to administrator command"
            raise OperationalError(msg)
        return HttpResponse("ok")

    return middleware.RetryReadOnLostConnectionMiddleware(_handled(view)), calls


@pytest.mark.django_db
def test_a_read_whose_connection_died_is_answered_on_a_new_connection(
    lost: _Connection,
) -> None:
    stack, calls = _stack(lost, failures=1)
    response = stack(RequestFactory().get("/work/"))
    assert response.status_code == 200
    assert calls == ["GET", "GET"]
    assert lost.closed == 1


@pytest.mark.django_db
def test_a_read_is_repeated_once_only(lost: _Connection) -> None:
    stack, calls = _stack(lost, failures=2)
    response = stack(RequestFactory().get("/work/"))
    assert response.status_code == 500
    assert calls == ["GET", "GET"]


@pytest.mark.django_db
def test_a_write_is_never_repeated_and_the_page_says_the_text_is_kept(
    lost: _Connection,
) -> None:
    stack, calls = _stack(lost, failures=1)
    response = stack(RequestFactory().post("/work/", {"text": "muistiinpano"}))
    assert response.status_code == 500
    assert calls == ["POST"]
    page = response.content.decode()
    assert "kirjoittamasi teksti on yhä siellä" in page
    assert "texten du skrev finns kvar där" in page


@pytest.mark.django_db
def test_other_errors_are_not_repeated(lost: _Connection) -> None:
    calls: list[str] = []

    def view(request: HttpRequest) -> HttpResponse:
        calls.append("x")
        msg = "a bug"
        raise ValueError(msg)

    stack = middleware.RetryReadOnLostConnectionMiddleware(_handled(view))
    assert stack(RequestFactory().get("/work/")).status_code == 500
    assert calls == ["x"]
