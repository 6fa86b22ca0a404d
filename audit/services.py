"""Writing the access log and the change history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import Model
from django.utils import timezone

from .models import AccessLog, ChangeRecord

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from django.http import HttpRequest

    from accounts.models import User

# Fields whose values never go into the change history, only the fact that
# they changed (the identity code is also never logged in plaintext).
REDACTED_FIELDS = frozenset(
    {"identity_code_encrypted", "identity_code_index", "work_ability_notes"}
)


@dataclass(frozen=True)
class Reader:
    """Who reads, in which roles, through which address (no query string)."""

    user_id: int | None
    username: str
    roles: str
    path: str

    @classmethod
    def from_request(cls, request: HttpRequest) -> Reader:
        from organisations.selectors import user_roles

        user = request.user
        # One roles query per request, however many reads it logs.
        cached: Reader | None = getattr(request, "_polku_reader", None)
        if cached is not None:
            return cached
        reader = cls(
            user_id=user.pk,
            username=user.get_username(),
            roles=",".join(sorted(user_roles(user=user))),  # type: ignore[arg-type]
            path=request.path[:300],
        )
        request._polku_reader = reader  # type: ignore[attr-defined]
        return reader

    @classmethod
    def system(cls, *, user: User | None, purpose_path: str) -> Reader:
        """A read made by a task or command on behalf of `user` (or the system)."""
        from organisations.selectors import user_roles

        return cls(
            user_id=user.pk if user else None,
            username=user.get_username() if user else "system",
            roles=",".join(sorted(user_roles(user=user))) if user else "",
            path=purpose_path[:300],
        )


@dataclass(frozen=True)
class Target:
    """One read of one jobseeker's personal data through one object."""

    jobseeker_id: int
    organisation_id: int | None
    object_type: str
    object_id: int | None


def target_of(obj: Any) -> Target:
    """The Target of a Jobseeker or of a record with jobseeker/case links."""
    # The jobseeker is known by its label: audit sits below cases, and every
    # other record points to its jobseeker directly or through its case.
    if obj._meta.label == "cases.Jobseeker":
        return Target(obj.pk, obj.organisation_id, "cases.Jobseeker", obj.pk)
    jobseeker_id = getattr(obj, "jobseeker_id", None)
    if jobseeker_id is None:
        jobseeker_id = obj.case.jobseeker_id
    return Target(
        jobseeker_id, getattr(obj, "organisation_id", None), obj._meta.label, obj.pk
    )


def access_log_write(
    *,
    reader: Reader,
    action: str,
    targets: Iterable[Target],
    purpose: str = "case_work",
    at: dt.datetime | None = None,
) -> int:
    """Append one row per target in a single INSERT; returns the number written.

    One INSERT … SELECT FROM unnest(…) statement, not bulk_create: a single
    statement is atomic by itself, and bulk_create wraps it in BEGIN and
    COMMIT, two more round trips on every page that shows personal data
    (the worklist and the jobseeker page, benchmarks.run).
    """
    listed = list(targets)
    if not listed:
        return 0
    table = connection.ops.quote_name(AccessLog._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (occurred_at, user_id, username, roles, "  # noqa: S608 - the model's own table name
            "organisation_id, jobseeker_id, object_type, object_id, action, "
            "purpose, path) "
            "SELECT %s, %s, %s, %s, t.organisation_id, t.jobseeker_id, "
            "t.object_type, t.object_id, %s, %s, %s "
            "FROM unnest(%s::bigint[], %s::bigint[], %s::text[], %s::bigint[]) "
            "AS t(organisation_id, jobseeker_id, object_type, object_id)",
            [
                at or timezone.now(),
                reader.user_id,
                reader.username,
                reader.roles,
                action,
                purpose,
                reader.path,
                [t.organisation_id for t in listed],
                [t.jobseeker_id for t in listed],
                [t.object_type for t in listed],
                [t.object_id for t in listed],
            ],
        )
    return len(listed)


@dataclass(frozen=True)
class JobseekerReadLog:
    """The access log's row of a jobseeker read, for a page whose own
    statement reads the person to write it (cases.selectors.jobseeker_overview):
    `sql` is an INSERT of access_log_write's row for each person the text
    `{people}` stands for selects (cases_jobseeker rows aliased `j`), its
    values in `params`. One statement instead of two: the INSERT was a
    round trip and a fifth of the jobseeker page's own CPU, apart from its
    reads (issue 21). The row is the same, written in the same request,
    before the page is answered."""

    sql: str
    params: dict[str, Any]


def jobseeker_read_log(
    request: HttpRequest, action: str, *, purpose: str = "case_work"
) -> JobseekerReadLog:
    """log_request_read's row for the jobseeker a page's statement reads."""
    reader = Reader.from_request(request)
    table = connection.ops.quote_name(AccessLog._meta.db_table)
    return JobseekerReadLog(
        sql=(
            f"INSERT INTO {table} (occurred_at, user_id, username, roles, "
            "organisation_id, jobseeker_id, object_type, object_id, action, "
            "purpose, path) "
            "SELECT %(log_at)s, %(log_user)s, %(log_username)s, %(log_roles)s, "
            "j.organisation_id, j.id, 'cases.Jobseeker', j.id, %(log_action)s, "
            "%(log_purpose)s, %(log_path)s {people}"
        ),
        params={
            "log_at": timezone.now(),
            "log_user": reader.user_id,
            "log_username": reader.username,
            "log_roles": reader.roles,
            "log_action": action,
            "log_purpose": purpose,
            "log_path": reader.path,
        },
    )


def log_request_read(
    request: HttpRequest,
    action: str,
    objects: Iterable[Any],
    *,
    purpose: str = "case_work",
) -> int:
    """Log that the signed-in user read `objects` (jobseekers or their records)."""
    return access_log_write(
        reader=Reader.from_request(request),
        action=action,
        targets=[target_of(obj) for obj in objects],
        purpose=purpose,
    )


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Model):
        return str(value.pk)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def snapshot(instance: Model, fields: Iterable[str]) -> dict[str, Any]:
    """The current values of `fields`, to compare after an update."""
    return {name: getattr(instance, name) for name in fields}


def changes_record(
    *,
    actor: User | None,
    instance: Model,
    before: Mapping[str, Any],
    jobseeker_id: int,
    organisation_id: int,
) -> int:
    """Store old and new values of every field in `before` that changed."""
    rows = change_rows(
        actor=actor,
        instance=instance,
        before=before,
        jobseeker_id=jobseeker_id,
        organisation_id=organisation_id,
    )
    ChangeRecord.objects.bulk_create(rows)
    return len(rows)


def change_rows(
    *,
    actor: User | None,
    instance: Model,
    before: Mapping[str, Any],
    jobseeker_id: int,
    organisation_id: int,
) -> list[ChangeRecord]:
    """The unsaved rows changes_record stores, for a bulk service to store
    many people's changes in one statement."""
    rows = []
    for name, old in before.items():
        new = getattr(instance, name)
        if old == new:
            continue
        redacted = name in REDACTED_FIELDS
        rows.append(
            ChangeRecord(
                user_id=actor.pk if actor else None,
                username=actor.get_username() if actor else "system",
                organisation_id=organisation_id,
                jobseeker_id=jobseeker_id,
                object_type=instance._meta.label,
                object_id=instance.pk,
                field=name,
                old_value="***" if redacted else _text(old),
                new_value="***" if redacted else _text(new),
            )
        )
    return rows
