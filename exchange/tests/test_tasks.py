"""Large files run in Celery (eager in tests), with progress visible outside
the import's transaction while it runs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from django.db import DEFAULT_DB_ALIAS, connections

from cases.models import Jobseeker
from exchange import services
from exchange.models import ImportBatch

from .files import code, csv_bytes

if TYPE_CHECKING:
    from .conftest import Import


def _outside(sql: str, params: list[Any]) -> int:
    """A value read through a separate connection: what another user sees."""
    connection = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return int(cursor.fetchone()[0])
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_large_file_runs_in_celery_with_progress(
    import_file: Import, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: "large" is 5 rows here, written 2 rows at a time
    monkeypatch.setattr(services, "INLINE_ROW_LIMIT", 5)
    monkeypatch.setattr(services, "CHUNK_SIZE", 2)
    rows = [
        [code(300 + n), "Testi", f"Iso{n}", "208", "1.3.2025", "", ""] for n in range(7)
    ]
    rows.insert(3, [code(399), "Testi", "Virhe", "999", "1.3.2025", "", ""])
    seen: list[tuple[int, int]] = []
    report = services._Progress.__call__

    def watched(progress: services._Progress, done: int) -> None:
        report(progress, done)
        # Table names from model metadata, values as parameters.
        batches = ImportBatch._meta.db_table
        jobseekers = Jobseeker._meta.db_table
        shown = _outside(
            f"SELECT progress_done FROM {batches} WHERE id = %s",  # noqa: S608
            [progress.batch_id],
        )
        visible = _outside(f"SELECT count(*) FROM {jobseekers}", [])  # noqa: S608
        seen.append((shown, visible))

    monkeypatch.setattr(services._Progress, "__call__", watched)

    # when: confirmed; the task is sent on commit and runs eagerly
    batch = import_file(csv_bytes(rows))

    # then: progress grew while no row was yet visible to anyone else
    assert seen == [(3, 0), (5, 0), (7, 0), (8, 0)]
    batch.refresh_from_db()
    assert batch.status == "done"
    assert (batch.progress_done, batch.row_count, batch.created_count) == (8, 8, 7)
    assert not batch.has_file
    assert Jobseeker.objects.count() == 7


@pytest.mark.django_db
def test_a_task_for_a_finished_batch_does_nothing(import_file: Import) -> None:
    from exchange.tasks import import_run_task

    batch = import_file(
        csv_bytes([[code(398), "Testi", "Kerran", "208", "1.3.2025", "", ""]])
    )

    assert import_run_task(batch.pk) == "done"
    assert Jobseeker.objects.count() == 1
