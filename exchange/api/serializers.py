from __future__ import annotations

from typing import Any

from rest_framework import serializers

from core.api import FormBooleanField, FormSerializer
from core.runs_api import BackgroundRunOutputSerializer
from exchange.models import BatchStatus, ImportBatch
from exchange.parsing import COLUMNS


def _columns_text() -> str:
    """The accepted columns of each kind, for the schema (their descriptions
    are on the upload page in the reader's language)."""
    return " ".join(
        f"{kind}: "
        + ", ".join(
            column.names[0] + ("" if column.required else " (optional)")
            for column in columns
        )
        + "."
        for kind, columns in COLUMNS.items()
    )


class ImportCreateInputSerializer(FormSerializer):
    file = serializers.FileField(
        help_text="CSV, XLSX or JSON with a header row. Columns by kind (any of "
        "each column's names; see the import page for what each holds): "
        + _columns_text()
    )
    kind = serializers.ChoiceField(choices=ImportBatch.Kind.choices)
    organisation = serializers.IntegerField()
    dry_run = FormBooleanField(default=False)


class ProblemOutputSerializer(serializers.Serializer[Any]):
    line = serializers.IntegerField(allow_null=True)
    record = serializers.IntegerField(allow_null=True)
    column = serializers.CharField()
    code = serializers.CharField()
    message = serializers.CharField()


class PreviewRowOutputSerializer(serializers.Serializer[Any]):
    line = serializers.IntegerField()
    outcome = serializers.CharField()
    values = serializers.DictField()


class CountsOutputSerializer(serializers.Serializer[Any]):
    rows = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    rejected = serializers.IntegerField()


class DryRunOutputSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField()
    file_format = serializers.CharField()
    encoding = serializers.CharField()
    counts = CountsOutputSerializer()
    preview = PreviewRowOutputSerializer(many=True)
    problems = ProblemOutputSerializer(many=True)


class ImportBatchOutputSerializer(BackgroundRunOutputSerializer):
    id = serializers.IntegerField()
    organisation = serializers.IntegerField(source="organisation_id")
    kind = serializers.CharField()
    file_name = serializers.CharField()
    file_format = serializers.CharField()
    encoding = serializers.CharField()
    sha256 = serializers.CharField()
    # Uploaded and previewed come before the run's own statuses.
    status = serializers.ChoiceField(choices=BatchStatus.choices)
    # Rows processed, as before the shared run fields (kept for existing clients).
    progress = serializers.IntegerField()
    counts = CountsOutputSerializer()
    line_outcomes = serializers.DictField(
        child=serializers.ListField(child=serializers.ListField())
    )
    created_at = serializers.DateTimeField()
    preview = PreviewRowOutputSerializer(many=True)
    problems = ProblemOutputSerializer(many=True)
