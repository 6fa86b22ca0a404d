"""Sign-in lockout by source: a stranger cannot lock a named caseworker out.

django-axes counts failures per lockout parameter and compares the largest
count with one limit. Polku locks two things with different limits:

- a username *from one address* after ``AXES_FAILURE_LIMIT`` failures (5):
  guessing one person's password is stopped, but only for that source, so the
  person signs in from their own workstation as usual;
- an address after ``POLKU_LOGIN_IP_FAILURE_LIMIT`` failures over any
  usernames (default 30 within the cool-off): a source trying many accounts
  is stopped, while a municipal office behind one public address does not lock
  itself out with a few people's typos.

Both last ``AXES_COOLOFF_TIME``. The per-address count is scaled onto the
username limit so that axes' single comparison applies both limits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum

if TYPE_CHECKING:
    from django.http import HttpRequest

# The order of settings.AXES_LOCKOUT_PARAMETERS: username+address first, then
# the address alone (config/settings/base.py).
_PER_ADDRESS = 1


class SourceLockoutHandler(AxesDatabaseHandler):
    """axes' database handler with a separate, higher limit per address."""

    def get_failures(
        self, request: HttpRequest, credentials: dict[str, Any] | None = None
    ) -> int:
        counts = [
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        ]
        if len(counts) > _PER_ADDRESS:
            limit = settings.AXES_FAILURE_LIMIT
            # floor(n * limit / ip_limit) >= limit exactly when n >= ip_limit.
            counts[_PER_ADDRESS] = (
                counts[_PER_ADDRESS] * limit // settings.POLKU_LOGIN_IP_FAILURE_LIMIT
            )
        return max(counts, default=0)
