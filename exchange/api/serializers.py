from __future__ import annotations

from typing import Any

from rest_framework import serializers

from exchange.models import ImportBatch


class ImportCreateInputSerializer(serializers.Serializer[Any]):
    file = serializers.FileField()
    kind = serializers.ChoiceField(choices=ImportBatch.Kind.choices)
    organisation = serializers.IntegerField()
    dry_run = serializers.BooleanField(default=False)


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


class ImportBatchOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    organisation = serializers.IntegerField(source="organisation_id")
    kind = serializers.CharField()
    file_name = serializers.CharField()
    file_format = serializers.CharField()
    encoding = serializers.CharField()
    sha256 = serializers.CharField()
    status = serializers.CharField()
    progress = serializers.IntegerField()
    counts = CountsOutputSerializer()
    line_outcomes = serializers.DictField(
        child=serializers.ListField(child=serializers.ListField())
    )
    error = serializers.CharField()
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    preview = PreviewRowOutputSerializer(many=True)
    problems = ProblemOutputSerializer(many=True)
