"""Two decisions at the same moment cannot together overspend a quota.

Each runs in its own thread and database connection. The first holds its
transaction open after booking; the second, checking the quota meanwhile,
would see €10,000 free if the guard were a read-then-write in Python. The
database serialises the two UPDATEs of the quota row and its CHECK refuses
the second once the first has committed.
"""

from __future__ import annotations

import datetime as dt
import threading
from typing import TYPE_CHECKING, Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from appropriations import services
from appropriations.models import Decision

from .conftest import pay_subsidy

if TYPE_CHECKING:
    from accounts.models import User
    from appropriations.models import Quota
    from tests.personas import Register


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_decisions_cannot_overspend(
    quota: Quota, register: Register, caseworker: User
) -> None:
    cases = [register(dt.date(2026, 1, 5)), register(dt.date(2026, 1, 6))]
    first_booked = threading.Event()
    outcomes: dict[str, Any] = {}

    def decide(name: str, index: int) -> None:
        try:
            with transaction.atomic():
                if name == "second":
                    first_booked.wait(10)
                services.decision_record(
                    case=cases[index],
                    actor=caseworker,
                    **pay_subsidy(amount_cents=600_000),
                )
                if name == "first":
                    first_booked.set()
                    # Keep the lock while the other one tries.
                    threading.Event().wait(0.5)
            outcomes[name] = "saved"
        except ValidationError as error:
            outcomes[name] = error
        finally:
            first_booked.set()
            connection.close()

    threads = [
        threading.Thread(target=decide, args=("first", 0)),
        threading.Thread(target=decide, args=("second", 1)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert outcomes["first"] == "saved"
    assert isinstance(outcomes["second"], ValidationError)
    assert "amount_cents" in outcomes["second"].message_dict
    quota.refresh_from_db()
    assert quota.committed_cents == 600_000
    assert Decision.objects.count() == 1
