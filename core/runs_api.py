"""The fields every background run shows in the API (core.runs)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from .runs import RunStatus

RUN_FIELDS = [
    "status",
    "progress_done",
    "progress_total",
    "progress_percent",
    "attempts",
    "is_waiting_for_queue",
    "error",
    "queued_at",
    "started_at",
    "heartbeat_at",
    "finished_at",
]


class BackgroundRunOutputSerializer(serializers.Serializer[Any]):
    """Mixed into each run kind's output serializer, whose `Meta.fields`
    end with RUN_FIELDS."""

    status = serializers.ChoiceField(choices=RunStatus.choices)
    progress_done = serializers.IntegerField()
    progress_total = serializers.IntegerField()
    progress_percent = serializers.IntegerField()
    attempts = serializers.IntegerField()
    is_waiting_for_queue = serializers.BooleanField(
        help_text="Recorded, but the task queue was unavailable: the work "
        "starts by itself when it is back."
    )
    error = serializers.CharField()
    queued_at = serializers.DateTimeField(allow_null=True)
    started_at = serializers.DateTimeField(allow_null=True)
    heartbeat_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
