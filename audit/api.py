"""The access log's part in the REST API."""

from __future__ import annotations

from typing import Any

from .services import log_request_read


class LoggedListMixin:
    """Log the personal data a list page returns, as the browser's lists do:
    one access-log row per record on the page, after paging."""

    access_action = "list"

    def paginate_queryset(self, queryset: Any) -> list[Any] | None:
        page = super().paginate_queryset(queryset)  # type: ignore[misc]
        if page:
            log_request_read(self.request, self.access_action, page)  # type: ignore[attr-defined]
        return page  # type: ignore[no-any-return]
