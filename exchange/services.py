"""Writes of the bulk import: upload, preview, confirm, run.

The unit of work is the batch. Its good rows are imported in one database
transaction: a failure at any row (a crash, a lost connection, a constraint
the checks did not foresee) rolls every row of the batch back, and the batch
is marked failed and can be run again. Per-chunk commits would leave half
a file behind on a crash, and a re-run would then have to tell the halves
apart. The cost is a long transaction: 100,000 new jobseekers take about
half a minute (benchmarks/import_export.py), but rows that go through the
cases services one by one (service events, changed benefit facts) run at
about 100 a second, so a large file of those holds its row locks, on the
cases it touches, for minutes.

While that transaction is open its progress is invisible to other sessions,
so progress goes through a second, autocommit connection (`_Progress`). Two
runs of the same kind are serialised by an advisory lock, so that a file
sent twice at once cannot create a service period twice.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import zlib
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import crypto, runs

from . import formats, importers, permissions
from .models import BatchStatus, ImportBatch, ImportProblem
from .parsing import ImportKind, Outcome, Problem, line_ranges

if TYPE_CHECKING:
    import datetime as dt

    from django.db.backends.base.base import BaseDatabaseWrapper

    from accounts.models import User
    from organisations.models import Organisation

logger = logging.getLogger(__name__)

# Files up to this many rows run while the user waits; larger ones in Celery.
INLINE_ROW_LIMIT = 2_000
MAX_FILE_BYTES = 50 * 1024 * 1024
# Rows written between two progress reports.
CHUNK_SIZE = 5_000
# pg_advisory_xact_lock(namespace, kind): "POLK" in ASCII, then the kind.
LOCK_NAMESPACE = 0x504F4C4B
LOCK_KEYS = {kind.value: number for number, kind in enumerate(ImportKind, start=1)}


# Marks a compressed file's text; ":" is not in base64's alphabet, so a
# file stored uncompressed before (plain base64) is told apart.
_COMPRESSED = "z:"


def _encrypt_file(data: bytes) -> bytes:
    # core.crypto encrypts text; base64 makes any file text. Compressed
    # first: a CSV shrinks about fivefold, and a 250,000-line invoice file
    # (20 MB, 36 MB as a token) took seconds to store (issue 23).
    packed = base64.b64encode(zlib.compress(data, 1)).decode("ascii")
    return crypto.encrypt(_COMPRESSED + packed)


def batch_file(batch: ImportBatch) -> bytes:
    """The uploaded bytes (decrypted); empty once the import has run."""
    if not batch.file_encrypted:
        return b""
    text = crypto.decrypt(bytes(batch.file_encrypted))
    if text.startswith(_COMPRESSED):
        return zlib.decompress(base64.b64decode(text[len(_COMPRESSED) :]))
    return base64.b64decode(text)


def not_your_organisation_message() -> str:
    return _("Choose one of the organisations you work for.")


def _validate_upload(
    *, organisation: Organisation, kind: str, data: bytes, user: User
) -> None:
    if kind not in ImportBatch.Kind.values:
        raise ValidationError({"kind": _("Choose what the file contains.")})
    if (
        not permissions.importing_organisations(user=user)
        .filter(pk=organisation.pk)
        .exists()
    ):
        raise ValidationError({"organisation": not_your_organisation_message()})
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError(
            {"file": _("The file is larger than 50 MB; split it into parts.")}
        )
    if not data:
        raise ValidationError({"file": _("The file is empty.")})


def import_check(
    *,
    organisation: Organisation,
    kind: str,
    file_name: str,
    data: bytes,
    user: User,
    on: dt.date | None = None,
) -> importers.Check:
    """Check a file without keeping anything: the API's dry run."""
    _validate_upload(organisation=organisation, kind=kind, data=data, user=user)
    day = on or timezone.localdate()
    return importers.check_file(
        kind=kind,
        file_name=file_name,
        data=data,
        organisation=organisation,
        user=user,
        scope=permissions.import_scope(organisation=organisation, user=user, on=day),
        today=day,
    )


@transaction.atomic
def import_upload(
    *,
    organisation: Organisation,
    kind: str,
    file_name: str,
    data: bytes,
    uploaded_by: User,
) -> ImportBatch:
    """Keep an uploaded file (encrypted) as a new batch, and check it."""
    _validate_upload(organisation=organisation, kind=kind, data=data, user=uploaded_by)
    batch = ImportBatch.objects.create(
        organisation=organisation,
        kind=kind,
        uploaded_by=uploaded_by,
        file_name=file_name[-255:],
        file_format=formats.detect_format(file_name, data),
        sha256=hashlib.sha256(data).hexdigest(),
        size_bytes=len(data),
        file_encrypted=_encrypt_file(data),
    )
    return import_preview(batch=batch)


CHECK_FIELDS = [
    "file_format",
    "encoding",
    "row_count",
    "progress_total",
    "created_count",
    "updated_count",
    "unchanged_count",
    "rejected_count",
    "line_outcomes",
    "columns",
    "status",
    "updated_at",
]


def _store_check(batch: ImportBatch, check: importers.Check) -> None:
    # The lines of each outcome in one pass, and the counts from them (an
    # invoice file plans 250,000 lines).
    outcomes: dict[str, list[int]] = {outcome.value: [] for outcome in Outcome}
    for planned in check.planned:
        outcomes[planned.outcome].append(planned.line)
    batch.file_format = check.file_format
    batch.encoding = check.encoding
    batch.row_count = batch.progress_total = check.row_count
    batch.created_count = len(outcomes[Outcome.CREATED])
    batch.updated_count = len(outcomes[Outcome.UPDATED])
    batch.unchanged_count = len(outcomes[Outcome.UNCHANGED])
    batch.rejected_count = check.row_count - len(check.planned)
    outcomes[Outcome.REJECTED] = sorted(
        {p.line for p in check.problems if p.line is not None and p.record is not None}
    )
    batch.line_outcomes = {
        name: line_ranges(lines) for name, lines in outcomes.items() if lines
    }
    batch.columns = check.columns
    batch.problems.all().delete()
    ImportProblem.objects.bulk_create(
        [
            ImportProblem(
                batch=batch,
                line=p.line,
                record=p.record,
                column=p.column[:100],
                code=p.code,
                params=p.params,
            )
            for p in check.problems
        ],
        batch_size=5_000,
    )


def _check_batch(batch: ImportBatch, user: User) -> importers.Check:
    """Check the batch's file as `user` today (an invoice file's checked
    lines are staged for the batch's run)."""
    today = timezone.localdate()
    return importers.check_file(
        kind=batch.kind,
        file_name=batch.file_name,
        data=batch_file(batch),
        organisation=batch.organisation,
        user=user,
        scope=permissions.import_scope(
            organisation=batch.organisation, user=user, on=today
        ),
        today=today,
        batch_id=batch.pk,
    )


@transaction.atomic
def import_preview(*, batch: ImportBatch) -> ImportBatch:
    """Check every row (values and database) and record what importing would do."""
    check = _check_batch(batch, batch.uploaded_by)
    _store_check(batch, check)
    batch.status = BatchStatus.PREVIEWED
    batch.save(update_fields=CHECK_FIELDS)
    return batch


def import_confirm(*, batch: ImportBatch, actor: User) -> ImportBatch:
    """Run a checked batch: at once when small, otherwise in Celery.

    Not atomic itself: the run owns its transaction, and the task must only
    be sent once the batch is committed as queued.
    """
    if batch.importable_count == 0:
        raise ValidationError(_("No row of the file can be imported."))
    queued = (
        ImportBatch.objects.filter(
            pk=batch.pk, status__in=[BatchStatus.PREVIEWED, BatchStatus.FAILED]
        )
        .exclude(file_encrypted=b"")
        .update(
            **runs.run_requeue_fields(),
            confirmed_by=actor,
            progress_total=batch.row_count,
        )
    )
    if not queued:
        raise ValidationError(_("This import has already been started."))
    logger.info("import %s confirmed by user %s", batch.pk, actor.pk)
    if batch.row_count <= INLINE_ROW_LIMIT:
        runs.run_claim(model=ImportBatch, pk=batch.pk)
        return import_run(batch_id=batch.pk)
    runs.run_send_on_commit(batch)
    batch.refresh_from_db()
    return batch


class _Progress:
    """Writes a running batch's progress through its own autocommit connection,
    so that the batch page sees it while the import's transaction is open.

    Best effort: if the row is locked (a caller ran the import inside its
    own transaction) or the connection fails, progress stops being shown
    and the import goes on.
    """

    def __init__(self, batch_id: int) -> None:
        self.batch_id = batch_id
        self.connection: BaseDatabaseWrapper | None = None
        self.broken = False

    def __call__(self, done: int) -> None:
        if self.broken:
            return
        table = ImportBatch._meta.db_table
        try:
            if self.connection is None:
                self.connection = connections.create_connection(DEFAULT_DB_ALIAS)
                with self.connection.cursor() as cursor:
                    cursor.execute("SET lock_timeout = '1s'")
            with self.connection.cursor() as cursor:
                # The progress is the heartbeat too (core.runs).
                cursor.execute(
                    f"UPDATE {table} SET progress_done = %s, heartbeat_at = now() "  # noqa: S608 - table name from model metadata
                    "WHERE id = %s",
                    [done, self.batch_id],
                )
        except DatabaseError:
            logger.warning("import %s: progress not shown", self.batch_id)
            self.broken = True

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()


def import_run(*, batch_id: int) -> ImportBatch:
    """Import the good rows of a claimed batch (core.runs.run_claim), all or
    nothing; idempotent.

    A batch that is not running (already done, never confirmed) is left as
    it is, so a retried task does no harm.
    """
    # The file is read only when a run needs it (batch_file loads it then).
    batch = (
        ImportBatch.objects.select_related(
            "organisation", "uploaded_by", "confirmed_by"
        )
        .defer("file_encrypted")
        .get(pk=batch_id)
    )
    if batch.status != BatchStatus.RUNNING:
        return batch
    progress = _Progress(batch_id)
    try:
        with transaction.atomic():
            _lock(batch.kind)
            # A second delivery of the same task waits on the lock, then
            # finds the batch done.
            if ImportBatch.objects.filter(
                pk=batch_id, status=BatchStatus.DONE
            ).exists():
                return batch
            _run(batch, progress)
    except Exception:
        # The transaction has rolled back: nothing of the batch remains.
        logger.exception("import %s failed", batch_id)
        ImportBatch.objects.filter(pk=batch_id).update(
            status=BatchStatus.FAILED,
            progress_done=0,
            error=_("The import failed and nothing was saved. Try again."),
            finished_at=timezone.now(),
        )
    finally:
        progress.close()
    batch.refresh_from_db()
    return batch


def _lock(kind: str) -> None:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_NAMESPACE, LOCK_KEYS[kind]]
        )


def _run(batch: ImportBatch, progress: _Progress) -> None:
    """Check the rows again (the database may have changed since the
    preview): an invoice file's lines as its preview staged them, another
    kind's file read again. Write the planned rows chunk by chunk, record
    the outcome. The rows are checked against, and recorded as the doing
    of, the user who confirmed the import."""
    user = batch.confirmed_by or batch.uploaded_by
    if importers.IMPORTERS[batch.kind].runs_from_staged_lines:
        check = _run_staged(batch, user, progress)
    else:
        check = _check_batch(batch, user)
        _write_checked(check, progress)
    _store_check(batch, check)
    batch.status = BatchStatus.DONE
    batch.progress_done = batch.progress_total = check.row_count
    batch.finished_at = batch.heartbeat_at = timezone.now()
    # The file has served its purpose; keep no copy of its identity codes.
    batch.file_encrypted = b""
    batch.save(
        update_fields=[
            *CHECK_FIELDS,
            "progress_done",
            "progress_total",
            "finished_at",
            "heartbeat_at",
            "file_encrypted",
        ]
    )


def _run_staged(batch: ImportBatch, user: User, progress: _Progress) -> importers.Check:
    """Plan the lines the preview staged against the database as it is now,
    and write them; the file is read again only when the staged lines cannot
    serve (lost, or a line needs a token its person's record no longer
    has). The problems of the file's values stay those of the preview."""
    today = timezone.localdate()
    importer = importers.IMPORTERS[batch.kind](
        organisation=batch.organisation,
        user=user,
        scope=permissions.import_scope(
            organisation=batch.organisation, user=user, on=today
        ),
        today=today,
        mapping=batch.columns,
        batch_id=batch.pk,
    )
    assert isinstance(importer, importers.InvoiceImporter)  # noqa: S101 - the only kind
    plan = importer.replan()
    if plan.needs_file:
        # A batch previewed before its columns were kept has none recorded.
        batch.columns = importer.mapping = _check_batch(batch, user).columns
        plan = importer.replan()
        if plan.needs_file:
            raise RuntimeError("staged lines unusable after staging the file again")
    planned_lines = {p.line for p in plan.planned} | {p.line for p in plan.problems}
    # The problems of values and duplicates, recorded at the preview: the
    # lines the database refused then are planned again.
    kept = [
        Problem(
            line=p.line,
            column=p.column,
            code=p.code,
            params=p.params,
            record=p.record,
        )
        for p in batch.problems.all()
        if p.line not in planned_lines
    ]
    done = batch.row_count - plan.writable
    importer.write_plan(plan, CHUNK_SIZE, lambda written: progress(done + written))
    return importers.Check(
        kind=batch.kind,
        file_format=batch.file_format,
        encoding=batch.encoding,
        row_count=batch.row_count,
        planned=plan.planned,
        problems=sorted(
            [*kept, *plan.problems], key=lambda p: (p.line or 0, p.record or 0)
        ),
        importer=importer,
        columns=batch.columns,
    )


def _write_checked(check: importers.Check, progress: _Progress) -> None:
    """Write a checked file's planned rows chunk by chunk; a row a service
    refuses becomes a problem."""
    done = check.row_count - len(check.planned)
    refused: list[Problem] = []
    if check.importer is not None:
        for start in range(0, len(check.planned), CHUNK_SIZE):
            chunk = check.planned[start : start + CHUNK_SIZE]
            refused.extend(check.importer.write(chunk))
            done += len(chunk)
            progress(done)
    if refused:
        refused_lines = {p.line for p in refused}
        check.planned = [p for p in check.planned if p.line not in refused_lines]
        check.problems = sorted(
            [*check.problems, *refused], key=lambda p: (p.line or 0, p.record or 0)
        )
