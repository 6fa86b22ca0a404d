"""View decorators shared by the apps."""

from __future__ import annotations

from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

if TYPE_CHECKING:
    from collections.abc import Callable

    from accounts.models import User

F = TypeVar("F", bound="Callable[..., HttpResponse]")


def allowed_if(test: Callable[[User], bool]) -> Callable[[F], F]:
    """Signed in and passing `test`, or a 404 (never a 403 that reveals the page)."""

    def decorator(view: F) -> F:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not test(request.user):  # type: ignore[arg-type]
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorator


def signed_in_user(request: HttpRequest) -> User:
    """`request.user` as a User, in views behind `login_required` or `allowed_if`."""
    from accounts.models import User

    user = request.user
    assert isinstance(user, User)  # noqa: S101 - guaranteed by the decorators
    return user
