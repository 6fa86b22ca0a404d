"""View decorators shared by the apps."""

from __future__ import annotations

from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

if TYPE_CHECKING:
    from collections.abc import Callable

F = TypeVar("F", bound="Callable[..., HttpResponse]")
# The project's user model, whichever it is: core stays below accounts.
U = TypeVar("U", bound=AbstractBaseUser)


def allowed_if(test: Callable[[U], bool]) -> Callable[[F], F]:
    """Signed in and passing `test`, or a 404 (never a 403 that reveals the page).

    The one way a page says who may open it: `test` is a function of the
    app's permissions module, so the decision is made and tested there."""

    def decorator(view: F) -> F:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not test(request.user):  # type: ignore[arg-type]
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorator
