"""Background runs: work recorded as a row first, then done by a Celery task.

Every kind of run (a month's indicators, a board PDF, an eligibility
evaluation, an import) inherits `BackgroundRun`, so that a page, the API and
the sweeper treat them alike:

- the row is written in the user's transaction and its task is sent after
  commit (`run_send_on_commit`); `sent_at` stays empty when the broker did
  not take the message, and the sweeper sends it once the broker is back;
- a worker claims a queued run (`run_claim`, one attempt more) and beats
  while it works (`RunHeartbeat`, from the progress callback);
- the sweeper (`runs_sweep`, Celery beat) puts a run whose heartbeat went
  stale (a killed worker) back in the queue, at most `POLKU_RUN_MAX_ATTEMPTS`
  times, and then marks it failed with the reason in the user's language.

Only run ids travel on the queue, and claiming is a conditional UPDATE, so a
message delivered twice (the sweeper's and the broker's own redelivery)
starts the work once.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from celery import current_app
from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from kombu.exceptions import OperationalError

from .models import BaseModel

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

logger = logging.getLogger(__name__)


class RunStatus(models.TextChoices):
    QUEUED = "queued", gettext_lazy("Queued")
    RUNNING = "running", gettext_lazy("Running")
    DONE = "done", gettext_lazy("Done")
    FAILED = "failed", gettext_lazy("Failed")


LIVE_STATUSES = (RunStatus.QUEUED, RunStatus.RUNNING)


class BackgroundRun(BaseModel):
    """Status, progress (done of total), heartbeat, attempts, error and the
    times of a run's life. `task_name` names the Celery task that takes the
    run's id."""

    task_name: ClassVar[str]

    status = models.CharField(
        gettext_lazy("status"),
        max_length=16,
        choices=RunStatus.choices,
        default=RunStatus.QUEUED,
    )
    progress_done = models.PositiveIntegerField(gettext_lazy("done"), default=0)
    progress_total = models.PositiveIntegerField(gettext_lazy("in all"), default=0)
    attempts = models.PositiveSmallIntegerField(gettext_lazy("attempts"), default=0)
    error = models.TextField(gettext_lazy("error"), blank=True)
    queued_at = models.DateTimeField(
        gettext_lazy("queued at"), null=True, blank=True, default=timezone.now
    )
    # Empty while the broker has not taken the task's message: the sweeper
    # sends it (a broker outage at the time of the request).
    sent_at = models.DateTimeField(
        gettext_lazy("sent to the queue at"), null=True, blank=True
    )
    started_at = models.DateTimeField(gettext_lazy("started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        gettext_lazy("last sign of life"), null=True, blank=True
    )
    finished_at = models.DateTimeField(
        gettext_lazy("finished at"), null=True, blank=True
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(progress_done__lte=models.F("progress_total")),
                name="%(app_label)s_%(class)s_progress_within_total",
            ),
        ]

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_STATUSES

    @property
    def is_waiting_for_queue(self) -> bool:
        """Recorded, but the queue has not taken it yet (broker unreachable)."""
        return self.status == RunStatus.QUEUED and self.sent_at is None

    @property
    def progress_percent(self) -> int:
        if self.status == RunStatus.DONE:
            return 100
        if not self.progress_total:
            return 0
        return min(100, self.progress_done * 100 // self.progress_total)

    def message_language(self) -> str:
        """The language of texts written for this run's requester (errors)."""
        return str(settings.LANGUAGE_CODE)


def run_models() -> list[type[BackgroundRun]]:
    """Every concrete kind of background run."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, BackgroundRun) and not model._meta.abstract
    ]


# --- Sending -------------------------------------------------------------------


def task_hand_over(task: Any, argument: Any, *, fallback: str) -> bool:
    """Give a task with one argument to the broker, retrying for at most
    POLKU_RUN_SEND_RETRY_POLICY's short while; False (logged with what
    happens instead, `fallback`) when the broker cannot be reached. The
    caller's row is the task's result: subscribing to a result would reach
    for the (possibly unreachable) result store first."""
    try:
        task.apply_async(
            args=(argument,),
            retry=True,
            retry_policy=settings.POLKU_RUN_SEND_RETRY_POLICY,
            ignore_result=True,
        )
    except (OperationalError, OSError, RuntimeError):
        logger.warning(
            "%s %s: the broker did not take the task; %s", task.name, argument, fallback
        )
        return False
    return True


def run_send(*, model: type[BackgroundRun], pk: int) -> bool:
    """Give the run's task to the broker; False (logged) when the broker
    cannot be reached within its short connection timeout, in which case
    the run stays queued with no `sent_at` and the sweeper sends it later."""
    if model.task_name not in current_app.tasks:
        # The apps' tasks modules are imported on demand (autodiscovery);
        # a web process may not have imported this one yet.
        current_app.loader.import_default_modules()
    if not task_hand_over(
        current_app.tasks[model.task_name],
        pk,
        fallback="the sweeper sends it later",
    ):
        return False
    # Eager tasks (development, tests) have finished here; a queued run's
    # message is recorded as sent.
    model._default_manager.filter(
        pk=pk, status=RunStatus.QUEUED, sent_at__isnull=True
    ).update(sent_at=timezone.now())
    return True


def run_send_on_commit(run: BackgroundRun) -> None:
    """Send the run's task once the transaction that recorded it commits
    (a worker never reads an uncommitted row)."""
    model, pk = type(run), run.pk
    transaction.on_commit(lambda: run_send(model=model, pk=pk))


def runs_not_sent(*runs: BackgroundRun) -> bool:
    """Whether any of these runs, just requested, waits for the broker to
    come back (read after the request's transaction has committed)."""
    return any(
        type(run)
        ._default_manager.filter(
            pk=run.pk, status=RunStatus.QUEUED, sent_at__isnull=True
        )
        .exists()
        for run in runs
    )


def not_sent_message() -> str:
    """What the user reads when the work is saved but the queue is down."""
    return _(
        "Your request is saved, but the task queue is not available right "
        "now. The work starts automatically as soon as the queue is back; "
        "you do not need to do anything or send the request again."
    )


# --- Working on a run ----------------------------------------------------------


def run_claim(*, model: type[BackgroundRun], pk: int, total: int | None = None) -> bool:
    """Take a queued run for this worker: running, one attempt more, a first
    heartbeat. False when it is not queued (running elsewhere, finished):
    the task then has nothing to do."""
    now = timezone.now()
    fields: dict[str, Any] = {
        "status": RunStatus.RUNNING,
        "attempts": models.F("attempts") + 1,
        "started_at": now,
        "heartbeat_at": now,
        "progress_done": 0,
        "error": "",
        "updated_at": now,
    }
    if total is not None:
        fields["progress_total"] = total
    return bool(
        model._default_manager.filter(pk=pk, status=RunStatus.QUEUED).update(**fields)
    )


class RunHeartbeat:
    """The progress callback of a running run: writes progress and the
    heartbeat, at most every `POLKU_RUN_HEARTBEAT_SECONDS` (the last step
    always), through the given queryset's connection, outside the work's
    transaction when the caller uses autocommit."""

    def __init__(self, *, model: type[BackgroundRun], pk: int) -> None:
        self.model = model
        self.pk = pk
        self.every = float(settings.POLKU_RUN_HEARTBEAT_SECONDS)
        self.last = 0.0

    def __call__(self, done: int, total: int | None = None) -> None:
        now = time.monotonic()
        is_last = total is not None and done >= total
        if not is_last and now - self.last < self.every:
            return
        self.last = now
        self.model._default_manager.filter(pk=self.pk, status=RunStatus.RUNNING).update(
            **self.fields(done, total)
        )

    def fields(self, done: int, total: int | None = None) -> dict[str, Any]:
        """The columns one beat writes (for callers with their own connection)."""
        values: dict[str, Any] = {
            "progress_done": done,
            "heartbeat_at": timezone.now(),
        }
        if total is not None:
            values["progress_total"] = total
        return values


def run_in_task(
    *,
    model: type[BackgroundRun],
    pk: int,
    work: Callable[[], object],
    failure: Callable[[], str],
) -> bool:
    """A task's body: claim the run, do the work, and on an error record
    `failure()` (worded in the run's language) before Celery sees it.
    False when the run was not queued (a duplicate message)."""
    if not run_claim(model=model, pk=pk):
        logger.info("%s %s is not queued; nothing to do", model._meta.label, pk)
        return False
    try:
        work()
    except Exception:
        logger.exception("%s %s failed", model._meta.label, pk)
        run = model._default_manager.get(pk=pk)
        with translation.override(run.message_language()):
            run_fail(model=model, pk=pk, error=failure())
        raise
    return True


def run_fail(*, model: type[BackgroundRun], pk: int, error: str) -> None:
    """Record that the run failed, with the reason as the user should read it."""
    now = timezone.now()
    model._default_manager.filter(pk=pk).exclude(status=RunStatus.DONE).update(
        status=RunStatus.FAILED, error=error[:2000], finished_at=now, updated_at=now
    )


def run_requeue_fields() -> dict[str, Any]:
    """The columns that put a run back in the queue for a fresh start."""
    return {
        "status": RunStatus.QUEUED,
        "queued_at": timezone.now(),
        "sent_at": None,
        "heartbeat_at": None,
        "attempts": 0,
        "error": "",
        "finished_at": None,
        "progress_done": 0,
    }


# --- The sweeper ---------------------------------------------------------------


@dataclass
class SweepResult:
    sent: list[str] = field(default_factory=list)
    requeued: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def _seconds(name: str) -> dt.timedelta:
    return dt.timedelta(seconds=float(getattr(settings, name)))


def stalled_message(attempts: int) -> str:
    return _(
        "The work stopped %(attempts)d times before it was finished (the "
        "server doing it stopped) and was not tried again. Start it again; "
        "if it stops again, contact support."
    ) % {"attempts": attempts}


def runs_sweep() -> SweepResult:
    """Send queued runs the broker never took, put runs whose worker stopped
    beating back in the queue (or fail them after the last attempt)."""
    result = SweepResult()
    for model in run_models():
        for pk in _unsent(model):
            if run_send(model=model, pk=pk):
                result.sent.append(f"{model._meta.label}:{pk}")
        for run in _stalled(model):
            label = f"{model._meta.label}:{run.pk}"
            if run.attempts >= settings.POLKU_RUN_MAX_ATTEMPTS:
                with translation.override(run.message_language()):
                    run_fail(
                        model=model, pk=run.pk, error=stalled_message(run.attempts)
                    )
                result.failed.append(label)
                continue
            requeue = run_requeue_fields()
            requeue["attempts"] = run.attempts  # the attempts so far still count
            moved = model._default_manager.filter(
                pk=run.pk, status=RunStatus.RUNNING, heartbeat_at=run.heartbeat_at
            ).update(**requeue)
            if moved:
                result.requeued.append(label)
                run_send(model=model, pk=run.pk)
    if result.sent or result.requeued or result.failed:
        logger.warning("runs swept: %s", result)
    return result


def _unsent(model: type[BackgroundRun]) -> Iterator[int]:
    now = timezone.now()
    # A few seconds' grace: the request that recorded the run is sending it.
    never_sent = Q(
        sent_at__isnull=True,
        queued_at__lt=now - _seconds("POLKU_RUN_SEND_GRACE_SECONDS"),
    )
    # A message lost with the broker's data (a Redis restart without
    # persistence): a duplicate is harmless, claiming happens once.
    lost = Q(sent_at__lt=now - _seconds("POLKU_RUN_LOST_MESSAGE_SECONDS"))
    yield from (
        model._default_manager.filter(never_sent | lost, status=RunStatus.QUEUED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _stalled(model: type[BackgroundRun]) -> Iterator[BackgroundRun]:
    stale = timezone.now() - _seconds("POLKU_RUN_STALE_SECONDS")
    yield from (
        model._default_manager.filter(status=RunStatus.RUNNING)
        .filter(
            Q(heartbeat_at__lt=stale)
            | Q(heartbeat_at__isnull=True, started_at__lt=stale)
            | Q(heartbeat_at__isnull=True, started_at__isnull=True)
        )
        .order_by("pk")
    )
