"""The import API: the same services, checks and scoping as the import pages."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from drf_spectacular.utils import (
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
)
from rest_framework import exceptions
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api_permissions import RolePermission
from accounts.requests import request_user
from audit.models import AccessAction
from audit.services import Reader, access_log_write
from core.api import ErrorOutputSerializer, bad_request
from core.runs_api import RUN_FIELDS
from exchange import permissions, selectors, services
from exchange.parsing import Outcome

from . import serializers as s

if TYPE_CHECKING:
    from rest_framework.request import Request

    from accounts.models import User
    from exchange.importers import Check
    from exchange.models import ImportBatch
    from exchange.selectors import Preview


class CanImport(RolePermission):
    def allows(self, user: User) -> bool:
        return permissions.can_import(user)


def _log_preview(request: Request, preview: Preview | None) -> None:
    if preview is not None and preview.targets:
        access_log_write(
            reader=Reader.from_request(request),
            action=AccessAction.API,
            targets=preview.targets,
        )


def _preview_rows(preview: Preview | None) -> list[dict[str, Any]]:
    if preview is None:
        return []
    return [
        {
            "line": row.line,
            "outcome": row.outcome,
            "values": {
                name: value.isoformat() if isinstance(value, dt.date) else value
                for name, value in row.values.items()
            },
        }
        for row in preview.rows
    ]


def _problems(problems: Any) -> list[dict[str, Any]]:
    return [
        {
            "line": p.line,
            "record": p.record,
            "column": p.column,
            "code": p.code,
            "message": p.message,
        }
        for p in problems
    ]


def _batch_data(batch: ImportBatch, preview: Preview | None) -> dict[str, Any]:
    data = {
        "id": batch.pk,
        "organisation_id": batch.organisation_id,
        "kind": batch.kind,
        "file_name": batch.file_name,
        "file_format": batch.file_format,
        "encoding": batch.encoding,
        "sha256": batch.sha256,
        "status": batch.status,
        "progress": batch.progress_done,
        **{name: getattr(batch, name) for name in RUN_FIELDS},
        "counts": {
            "rows": batch.row_count,
            "created": batch.created_count,
            "updated": batch.updated_count,
            "unchanged": batch.unchanged_count,
            "rejected": batch.rejected_count,
        },
        "line_outcomes": batch.line_outcomes,
        "error": batch.error,
        "created_at": batch.created_at,
        "finished_at": batch.finished_at,
        "preview": _preview_rows(preview),
        "problems": _problems(selectors.batch_problems(batch=batch)),
    }
    return dict(s.ImportBatchOutputSerializer(data).data)


def _dry_run_data(check: Check) -> tuple[dict[str, Any], Preview]:
    preview = selectors.preview_from_check(check, object_id=None)
    data = {
        "kind": check.kind,
        "file_format": check.file_format,
        "encoding": check.encoding,
        "counts": {
            "rows": check.row_count,
            "created": check.count(Outcome.CREATED),
            "updated": check.count(Outcome.UPDATED),
            "unchanged": check.count(Outcome.UNCHANGED),
            "rejected": check.rejected_count,
        },
        "preview": _preview_rows(preview),
        "problems": _problems(check.problems),
    }
    return dict(s.DryRunOutputSerializer(data).data), preview


class ImportCreateApi(APIView):
    permission_classes = [IsAuthenticated, CanImport]
    # The one operation that takes a file; every other one takes JSON.
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": s.ImportCreateInputSerializer},
        responses={
            200: OpenApiResponse(s.DryRunOutputSerializer, "Dry run: no problems"),
            201: OpenApiResponse(s.ImportBatchOutputSerializer, "Imported"),
            202: OpenApiResponse(s.ImportBatchOutputSerializer, "Queued (large file)"),
            400: OpenApiResponse(
                PolymorphicProxySerializer(
                    component_name="ImportProblemsOrError",
                    serializers=[s.DryRunOutputSerializer, ErrorOutputSerializer],
                    resource_type_field_name=None,
                ),
                "Problems (dry run), no row can be imported, or invalid input",
            ),
        },
        summary="Import jobseekers, benefit-day counters or service events",
        description=(
            "A CSV, XLSX or JSON file. With dry_run=true the file is only checked: "
            "the first rows and every problem come back and nothing is stored. "
            "Otherwise the good rows are imported (large files in the background: "
            "follow the batch with GET) and the rows with problems are reported."
        ),
    )
    def post(self, request: Request) -> Response:
        user = request_user(request)
        data = s.ImportCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        organisation = (
            permissions.importing_organisations(user=user)
            .filter(pk=values["organisation"])
            .first()
        )
        if organisation is None:
            raise exceptions.ValidationError(
                {"organisation": [services.not_your_organisation_message()]}
            )
        file = values["file"]
        arguments = {
            "organisation": organisation,
            "kind": values["kind"],
            "file_name": file.name or "",
            "data": file.read(),
        }
        try:
            if values["dry_run"]:
                check = services.import_check(user=user, **arguments)
            else:
                batch = services.import_upload(uploaded_by=user, **arguments)
        except DjangoValidationError as error:
            raise bad_request(error) from error
        if values["dry_run"]:
            body, preview = _dry_run_data(check)
            _log_preview(request, preview)
            return Response(body, status=400 if check.problems else 200)
        if batch.importable_count == 0:
            shown = selectors.batch_preview(batch=batch)
            _log_preview(request, shown)
            return Response(_batch_data(batch, shown), status=400)
        batch = services.import_confirm(batch=batch, actor=user)
        location = reverse("exchange-api:import_detail", args=[batch.pk])
        status = 202 if batch.is_in_progress else 201
        return Response(
            _batch_data(batch, None), status=status, headers={"Location": location}
        )


class ImportDetailApi(APIView):
    # Scoped like a case: outside the user's organisations the batch is a 404.
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses=s.ImportBatchOutputSerializer,
        summary="An import: its status, progress, outcome by line and problems",
    )
    def get(self, request: Request, pk: int) -> Response:
        batch = permissions.get_batch_for_user(request_user(request), pk)
        preview = selectors.batch_preview(batch=batch)
        _log_preview(request, preview)
        return Response(_batch_data(batch, preview))
