"""The import pages: upload, preview, confirm and result, without JavaScript."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AccessLog
from cases.models import Jobseeker
from exchange.models import ImportBatch
from tests.personas import sign_in

from .files import code, csv_bytes

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import User
    from organisations.models import Organisation
    from tests.personas import Register

    from .conftest import Import

pytestmark = pytest.mark.django_db

ROWS = [
    [code(101), "Testi", "Selain", "208", "1.3.2025", "suomi", ""],
    [code(102), "Testi", "Virhe", "208", "31.2.2025", "suomi", ""],
    [code(103), "Testi", "Toinen", "208", "2.3.2025", "ruotsi", "tmt"],
]


def test_upload_preview_confirm_and_result(
    client: Client, caseworker: User, municipality: Organisation
) -> None:
    sign_in(client, caseworker)

    # given: the upload page
    page = client.get(reverse("exchange:upload"))
    assert page.status_code == 200
    assert b'enctype="multipart/form-data"' in page.content

    # when: the file is sent
    response = client.post(
        reverse("exchange:upload"),
        {
            "organisation": municipality.pk,
            "kind": "jobseekers",
            "file": SimpleUploadedFile("vienti.csv", csv_bytes(ROWS), "text/csv"),
        },
    )

    # then: the preview shows the first rows and every problem, nothing saved
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("exchange:batch", args=[batch.pk])
    preview = client.get(response["Location"])
    text = preview.content.decode()
    assert "Selain" in text
    assert "Toinen" in text
    assert code(101) not in text  # identity codes are shown masked
    assert code(101)[:8] + "***" in text
    assert "<td>rekisteröintipäivä</td>" in text
    assert "31.2.2025" in text
    assert reverse("exchange:confirm", args=[batch.pk]) in text
    assert not Jobseeker.objects.exists()

    # when: the user confirms
    response = client.post(reverse("exchange:confirm", args=[batch.pk]))

    # then: the result page shows the counts and the problem still
    assert response.status_code == 302
    result = client.get(response["Location"]).content.decode()
    batch.refresh_from_db()
    assert batch.status == "done"
    assert batch.created_count == 2
    assert Jobseeker.objects.count() == 2
    assert "31.2.2025" in result
    assert reverse("exchange:confirm", args=[batch.pk]) not in result

    # and: the list shows the batch
    listing = client.get(reverse("exchange:list")).content.decode()
    assert "vienti.csv" in listing


def test_a_form_error_is_shown_with_the_form_components(
    client: Client, caseworker: User, municipality: Organisation
) -> None:
    sign_in(client, caseworker)

    response = client.post(
        reverse("exchange:upload"),
        {"organisation": municipality.pk, "kind": "jobseekers"},
    )

    assert response.status_code == 200
    assert b'class="error-summary"' in response.content
    assert b'aria-invalid="true"' in response.content
    assert not ImportBatch.objects.exists()


def test_another_organisations_user_gets_404_for_a_batch(
    client: Client,
    import_file: Import,
    other_municipality_caseworker: User,
) -> None:
    batch = import_file(csv_bytes(ROWS), confirm=False)
    sign_in(client, other_municipality_caseworker)

    assert client.get(reverse("exchange:batch", args=[batch.pk])).status_code == 404
    assert client.post(reverse("exchange:confirm", args=[batch.pk])).status_code == 404
    assert "tiedosto.csv" not in client.get(reverse("exchange:list")).content.decode()
    batch.refresh_from_db()
    assert batch.status == "previewed"


def test_an_organisation_not_ones_own_cannot_be_chosen(
    client: Client, caseworker: User, other_municipality: Organisation
) -> None:
    sign_in(client, caseworker)

    response = client.post(
        reverse("exchange:upload"),
        {
            "organisation": other_municipality.pk,
            "kind": "jobseekers",
            "file": SimpleUploadedFile("vienti.csv", csv_bytes(ROWS), "text/csv"),
        },
    )

    assert response.status_code == 200
    assert not ImportBatch.objects.exists()


def test_a_running_batch_page_refreshes_itself_and_shows_progress(
    client: Client, import_file: Import, caseworker: User
) -> None:
    batch = import_file(csv_bytes(ROWS), confirm=False)
    ImportBatch.objects.filter(pk=batch.pk).update(status="running", progress_done=2)
    sign_in(client, caseworker)

    text = client.get(reverse("exchange:batch", args=[batch.pk])).content.decode()

    assert '<meta http-equiv="refresh" content="3">' in text
    assert '<progress max="3" value="2"' in text


def test_showing_existing_jobseekers_in_a_preview_is_logged(
    client: Client, import_file: Import, register: Register, caseworker: User
) -> None:
    jobseeker = register(dt.date(2025, 1, 2), identity_code=code(104)).jobseeker
    batch = import_file(
        csv_bytes(
            [[code(104), "tmt", "5", "1.6.2025"]],
            header=["hetu", "etuus", "päivät", "tilannepäivä"],
        ),
        kind="benefit_counters",
        confirm=False,
    )
    sign_in(client, caseworker)

    client.get(reverse("exchange:batch", args=[batch.pk]))

    log = AccessLog.objects.get(user=caseworker, jobseeker_id=jobseeker.pk)
    assert (log.action, log.object_type, log.object_id) == (
        "list",
        "exchange.ImportBatch",
        batch.pk,
    )


def test_pages_are_not_for_roles_without_personal_data(
    client: Client, board_viewer: User
) -> None:
    sign_in(client, board_viewer)

    assert client.get(reverse("exchange:list")).status_code == 404
    assert client.get(reverse("exchange:upload")).status_code == 404
