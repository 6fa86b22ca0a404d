"""The import API: dry run, real run and status, scoped like the pages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import Jobseeker
from exchange.models import ImportBatch

from .files import code, csv_bytes

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import User
    from organisations.models import Organisation

pytestmark = pytest.mark.django_db

URL = "/api/v1/imports/"
GOOD = [[code(201), "Testi", "Rajapinta", "208", "1.3.2025", "fi", ""]]
BAD = [*GOOD, [code(202), "Testi", "Virhe", "999", "1.3.2025", "fi", ""]]


def _post(
    client: Client, organisation: Organisation, rows: list[list[Any]], **extra: str
) -> Any:
    return client.post(
        URL,
        {
            "file": SimpleUploadedFile("api.csv", csv_bytes(rows), "text/csv"),
            "kind": "jobseekers",
            "organisation": organisation.pk,
            **extra,
        },
    )


def test_a_dry_run_returns_the_problems_with_400_and_stores_nothing(
    client: Client, caseworker: User, municipality: Organisation
) -> None:
    client.force_login(caseworker)

    response = _post(client, municipality, BAD, dry_run="true")

    assert response.status_code == 400
    body = response.json()
    assert body["counts"] == {
        "rows": 2,
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "rejected": 1,
    }
    assert [(p["line"], p["column"], p["code"]) for p in body["problems"]] == [
        (3, "kuntakoodi", "unknown_municipality")
    ]
    assert body["problems"][0]["message"]
    assert body["preview"][0]["values"]["identity_code"] == code(201)[:8] + "***"
    assert body["preview"][0]["values"]["registered_on"] == "2025-03-01"
    assert not ImportBatch.objects.exists()
    assert not Jobseeker.objects.exists()


def test_a_clean_dry_run_is_200(
    client: Client, caseworker: User, municipality: Organisation
) -> None:
    client.force_login(caseworker)

    response = _post(client, municipality, GOOD, dry_run="true")

    assert response.status_code == 200
    assert response.json()["problems"] == []


def test_a_real_run_imports_and_the_batch_can_be_followed(
    client: Client, caseworker: User, municipality: Organisation
) -> None:
    client.force_login(caseworker)

    response = _post(client, municipality, BAD)

    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "done"
    assert body["counts"]["created"] == 1
    assert body["line_outcomes"] == {"created": [[2, 2]], "rejected": [[3, 3]]}
    assert Jobseeker.objects.with_identity_code(code(201)).exists()
    detail = client.get(response["Location"])
    assert detail.status_code == 200
    assert detail.json()["problems"][0]["line"] == 3
    assert detail.json()["preview"] == []  # the file is gone once imported


def test_a_file_with_no_importable_row_is_400_and_not_run(
    client: Client, caseworker: User, municipality: Organisation
) -> None:
    client.force_login(caseworker)

    response = _post(client, municipality, [BAD[1]])

    assert response.status_code == 400
    assert response.json()["status"] == "previewed"


def test_the_organisation_must_be_ones_own(
    client: Client, caseworker: User, other_municipality: Organisation
) -> None:
    client.force_login(caseworker)

    response = _post(client, other_municipality, GOOD)

    assert response.status_code == 400
    assert not ImportBatch.objects.exists()


def test_another_organisations_batch_is_404(
    client: Client,
    caseworker: User,
    municipality: Organisation,
    other_municipality_caseworker: User,
) -> None:
    client.force_login(caseworker)
    batch_id = _post(client, municipality, GOOD).json()["id"]

    client.force_login(other_municipality_caseworker)
    response = client.get(reverse("exchange-api:import_detail", args=[batch_id]))

    assert response.status_code == 404


def test_roles_without_personal_data_cannot_import(
    client: Client, board_viewer: User, municipality: Organisation
) -> None:
    client.force_login(board_viewer)

    assert _post(client, municipality, GOOD).status_code == 403
