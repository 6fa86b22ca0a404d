from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from audit.models import AccessLog, ChangeRecord, logged_model, object_type_name
from cases import services
from partners.models import Referral

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import User
    from organisations.models import Organisation
    from tests.personas import Register

pytestmark = pytest.mark.django_db


def test_viewing_a_jobseeker_is_logged_without_the_data(
    client: Client, register: Register, caseworker: User
) -> None:
    case = register(dt.date(2026, 2, 2))
    client.force_login(caseworker)

    client.get(reverse("cases:jobseeker", args=[case.jobseeker_id]) + "?before=abc")

    entry = AccessLog.objects.get()
    assert (entry.user, entry.action, entry.jobseeker_id) == (
        caseworker,
        "view",
        case.jobseeker_id,
    )
    assert entry.roles == "caseworker"
    assert entry.organisation_id == case.organisation_id
    assert entry.path == reverse("cases:jobseeker", args=[case.jobseeker_id])
    assert entry.occurred_at.tzinfo is not None


def test_a_search_by_identity_code_logs_the_hit_but_not_the_code(
    client: Client, register: Register, caseworker: User
) -> None:
    case = register(dt.date(2026, 2, 2))
    code = case.jobseeker.identity_code
    client.force_login(caseworker)

    client.post(reverse("cases:search"), {"q": code})

    entry = AccessLog.objects.get()
    assert entry.action == "search"
    values = " ".join(str(v) for v in AccessLog.objects.values_list().get())
    assert code not in values
    assert code[:6] not in entry.path


@pytest.mark.parametrize(
    "statement", ["UPDATE {t} SET username = 'x'", "DELETE FROM {t}"]
)
@pytest.mark.parametrize("table", ["audit_accesslog", "audit_changerecord"])
def test_the_audit_tables_are_append_only_in_the_database(
    client: Client, register: Register, caseworker: User, statement: str, table: str
) -> None:
    case = register(dt.date(2026, 2, 2))
    client.force_login(caseworker)
    client.get(reverse("cases:jobseeker", args=[case.jobseeker_id]))
    services.jobseeker_update(
        jobseeker=case.jobseeker,
        expected_version=1,
        data=services.JobseekerData(first_names="Muutettu", last_name="Henkilö"),
        actor=caseworker,
        home_municipality=case.jobseeker.home_municipality,
        on=dt.date(2026, 2, 3),
    )

    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement.format(t=table))

    assert AccessLog.objects.count() == 1
    assert ChangeRecord.objects.count() == 1


def _truncate_as_the_application() -> None:
    """TRUNCATE in a session that has not opted in, as production never does."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL polku.allow_audit_truncate = 'off'")
        cursor.execute("TRUNCATE audit_accesslog")


def test_truncate_is_refused_unless_the_session_opts_in(db: None) -> None:
    with pytest.raises(DatabaseError, match="append-only"):
        _truncate_as_the_application()


def test_changes_keep_old_and_new_values_except_sensitive_ones(
    register: Register, caseworker: User
) -> None:
    case = register(dt.date(2026, 2, 2), first_names="Vanha", last_name="Nimi")

    services.jobseeker_update(
        jobseeker=case.jobseeker,
        expected_version=1,
        data=services.JobseekerData(
            first_names="Uusi", last_name="Nimi", phone="040 1"
        ),
        actor=caseworker,
        home_municipality=case.jobseeker.home_municipality,
        on=dt.date(2026, 2, 3),
    )

    changes = {c.field: (c.old_value, c.new_value) for c in ChangeRecord.objects.all()}
    assert changes == {"first_names": ("Vanha", "Uusi"), "phone": ("", "040 1")}


def test_rows_logged_before_a_model_moved_app_still_name_it() -> None:
    # Referral moved from cases to partners; the log keeps the old label.
    assert object_type_name("cases.Referral") == object_type_name("partners.Referral")
    assert logged_model("cases.Referral") is Referral


def test_the_pages_statement_logs_the_read_as_log_request_read_does(
    client: Client, register: Register, caseworker: User
) -> None:
    # given: the row the page's own statement writes (jobseeker_read_log)
    from django.test import RequestFactory

    from audit.services import log_request_read

    case = register(dt.date(2026, 2, 2))
    client.force_login(caseworker)
    url = reverse("cases:jobseeker", args=[case.jobseeker_id])
    client.get(url)
    by_page = AccessLog.objects.get()

    # when: log_request_read writes the same read
    request = RequestFactory().get(url)
    request.user = caseworker
    log_request_read(request, "view", [case.jobseeker])

    # then: the same row but for its id and time
    by_service = AccessLog.objects.exclude(pk=by_page.pk).get()
    fields = [
        f.attname
        for f in AccessLog._meta.concrete_fields
        if f.attname not in {"id", "occurred_at"}
    ]
    assert [getattr(by_page, f) for f in fields] == [
        getattr(by_service, f) for f in fields
    ]


def test_a_jobseeker_outside_the_readers_organisations_is_not_logged_as_viewed(
    client: Client,
    register: Register,
    caseworker: User,
    other_municipality: Organisation,
    other_municipality_caseworker: User,
) -> None:
    # given: a person the caseworker may not see (no break-the-glass open)
    case = register(
        dt.date(2026, 2, 2),
        organisation=other_municipality,
        actor=other_municipality_caseworker,
    )
    client.force_login(caseworker)

    # when
    response = client.get(reverse("cases:jobseeker", args=[case.jobseeker_id]))

    # then: not found, and no read logged
    assert response.status_code == 404
    assert not AccessLog.objects.exists()
