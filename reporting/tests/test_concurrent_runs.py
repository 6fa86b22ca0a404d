"""Two computations of the same month at once (a second request while the
first runs) leave one set of figures and no error."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

import pytest
from django.db import connection, transaction

from reporting import services
from reporting.models import IndicatorRun, IndicatorValue

from .conftest import AUGUST

if TYPE_CHECKING:
    from cases.models import Case

# Threads need their own committed view: a transactional test; serialized
# rollback restores the reference data that its flush removes.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_two_computations_of_a_month_replace_its_figures_in_turn(
    august: list[Case], monkeypatch: pytest.MonkeyPatch
) -> None:
    run = services.run_start(month=AUGUST)
    arrived = threading.Barrier(2, timeout=30)

    class _Together:
        """transaction for services.run_execute: both computations reach the
        writing transaction before either starts it."""

        def __getattr__(self, name: str) -> Any:
            return getattr(transaction, name)

        def atomic(self) -> transaction.Atomic:
            arrived.wait()
            return transaction.atomic()

    monkeypatch.setattr(services, "transaction", _Together())
    errors: list[BaseException] = []

    def compute() -> None:
        try:
            services.run_execute(run_id=run.pk)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=compute) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    run.refresh_from_db()
    assert run.status == "done"
    once = IndicatorValue.objects.filter(run=run).count()
    assert once > 0
    monkeypatch.undo()
    services.run_execute(run_id=run.pk)
    assert IndicatorValue.objects.filter(run=run).count() == once
    assert IndicatorRun.objects.count() == 1
