from __future__ import annotations

from rest_framework import serializers

from core import privacy
from core.runs_api import RUN_FIELDS, BackgroundRunOutputSerializer
from reporting.models import (
    BoardReport,
    IndicatorDefinition,
    IndicatorRun,
    IndicatorValue,
)
from reporting.selectors import FigureCell


class DefinitionOutputSerializer(serializers.ModelSerializer[IndicatorDefinition]):
    # Every language at once, as `name`/`name_sv`/`name_en` already are: a
    # client can show any of them without a request per language. The plain
    # `numerator`, `denominator` and `source` stay English for old clients.
    numerator_en = serializers.CharField(source="numerator", read_only=True)
    denominator_en = serializers.CharField(source="denominator", read_only=True)
    source_en = serializers.CharField(source="source", read_only=True)

    class Meta:
        model = IndicatorDefinition
        fields = [
            "id",
            "code",
            "version",
            "name",
            "name_sv",
            "name_en",
            "numerator",
            "numerator_fi",
            "numerator_sv",
            "numerator_en",
            "denominator",
            "denominator_fi",
            "denominator_sv",
            "denominator_en",
            "unit",
            "maturity_days",
            "source",
            "source_fi",
            "source_sv",
            "source_en",
            "valid_from",
            "valid_until",
        ]


class RunOutputSerializer(
    serializers.ModelSerializer[IndicatorRun], BackgroundRunOutputSerializer
):
    # Per cent, as before the shared run fields (kept for existing clients).
    progress = serializers.IntegerField(source="progress_percent")

    class Meta:
        model = IndicatorRun
        fields = [
            "id",
            "month",
            "revision",
            "reason",
            "progress",
            "computed_at",
            "published_at",
            *RUN_FIELDS,
        ]


class ValueOutputSerializer(serializers.ModelSerializer[IndicatorValue]):
    """A figure as it may leave the caseworker role (core.privacy): a count,
    or a rate in per cent as a decimal string ("43.8"); "<5" for 1-4 people
    or a rate that would reveal them, ".." where a total would let such a
    figure be worked out. A rate travels without its numerator and
    denominator; a count's numerator is the count as shown."""

    indicator = serializers.CharField(source="definition.code")
    definition_version = serializers.IntegerField(source="definition.version")
    organisation_name = serializers.SerializerMethodField()
    numerator = serializers.SerializerMethodField()
    denominator = serializers.SerializerMethodField()
    value = serializers.SerializerMethodField(method_name="shown_value")
    suppression = serializers.SerializerMethodField(
        help_text='"" (shown), "small" (fewer than 5 people) or "withheld" '
        "(hidden so that a small figure cannot be worked out from a total)."
    )

    class Meta:
        model = IndicatorValue
        fields = [
            "id",
            "run",
            "indicator",
            "definition_version",
            "organisation",
            "organisation_name",
            "numerator",
            "denominator",
            "value",
            "suppression",
        ]

    def get_organisation_name(self, value: IndicatorValue) -> str:
        return value.organisation.display_name if value.organisation else ""

    def get_numerator(self, value: IndicatorValue) -> str | None:
        cell = FigureCell.of(value)
        return None if cell.is_rate else self.shown_value(value)

    def get_denominator(self, value: IndicatorValue) -> str | None:
        return None

    def get_suppression(self, value: IndicatorValue) -> str:
        return FigureCell.of(value).suppression

    def shown_value(self, value: IndicatorValue) -> str:
        # A machine format: the decimal point, whatever the reader's language.
        cell = FigureCell.of(value)
        if cell.suppression:
            return privacy.mark(cell.suppression)
        return "–" if cell.value is None else str(cell.value)


class BoardReportOutputSerializer(
    serializers.ModelSerializer[BoardReport], BackgroundRunOutputSerializer
):
    run_month = serializers.DateField(source="run.month", allow_null=True)
    run_revision = serializers.IntegerField(source="run.revision", allow_null=True)
    # Per cent, as before the shared run fields (kept for existing clients).
    progress = serializers.IntegerField(source="progress_percent")

    class Meta:
        model = BoardReport
        fields = [
            "id",
            "organisation",
            "month",
            "language",
            "run",
            "run_month",
            "run_revision",
            "progress",
            "requested_at",
            "sha256",
            "size_bytes",
            *RUN_FIELDS,
        ]
