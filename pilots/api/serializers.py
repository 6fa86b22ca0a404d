from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases.rules import triggers
from core.api import FormSerializer, InputSerializer
from core.runs_api import RUN_FIELDS, BackgroundRunOutputSerializer
from pilots.explain import check_summary
from pilots.models import EligibilityResult, EligibilityRuleSet, EvaluationRun, Pilot

if TYPE_CHECKING:
    import datetime as dt

    from cases.selectors import Condition
    from pilots.rules import CheckReport


class ConditionOutputSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    outcome = serializers.CharField()
    value = serializers.DecimalField(max_digits=20, decimal_places=6, allow_null=True)
    threshold = serializers.DecimalField(max_digits=20, decimal_places=6)
    legal_source = serializers.CharField(source="source")
    waivable = serializers.BooleanField()
    justification = serializers.CharField()


class CheckOutputSerializer(serializers.Serializer[Any]):
    outcome = serializers.CharField()
    summary = serializers.SerializerMethodField(
        help_text="The check in one line, as the pages show it"
    )
    conditions = ConditionOutputSerializer(many=True)

    @extend_schema_field(OpenApiTypes.STR)
    def get_summary(self, report: CheckReport) -> str:
        return check_summary(report)


def check_data(report: CheckReport) -> dict[str, Any]:
    return dict(CheckOutputSerializer(report).data)


class PilotOutputSerializer(serializers.ModelSerializer[Pilot]):
    name = serializers.CharField(source="organisation.name")
    municipalities = serializers.SerializerMethodField()

    class Meta:
        model = Pilot
        fields = ["id", "name", "status", "starts_on", "ends_on", "municipalities"]

    def get_municipalities(self, pilot: Pilot) -> list[dict[str, Any]]:
        return [
            {
                "code": m.municipality.municipality_code,
                "name": m.municipality.name,
                "population": m.population,
            }
            for m in pilot.municipalities.all()
        ]


class EvaluationInputSerializer(InputSerializer):
    """The day to evaluate, within the pilot (context["pilot"]): outside it
    the pilot's target-group rules were not in force."""

    on = serializers.DateField(
        help_text="The day to evaluate, YYYY-MM-DD, from the pilot's first "
        "to its last day (starts_on, ends_on)."
    )

    def validate_on(self, value: dt.date) -> dt.date:
        pilot = self.context["pilot"]
        if not pilot.starts_on <= value <= pilot.ends_on:
            raise serializers.ValidationError(
                _("Choose a day of the pilot, %(start)s–%(end)s.")
                % {
                    "start": date_format(pilot.starts_on, "SHORT_DATE_FORMAT"),
                    "end": date_format(pilot.ends_on, "SHORT_DATE_FORMAT"),
                }
            )
        return value


class EvaluationRunOutputSerializer(
    serializers.ModelSerializer[EvaluationRun], BackgroundRunOutputSerializer
):
    # Municipalities, as before the shared run fields (kept for existing clients).
    total = serializers.IntegerField(source="progress_total")
    done = serializers.IntegerField(source="progress_done")

    class Meta:
        model = EvaluationRun
        fields = [
            "id",
            "pilot",
            "evaluated_on",
            "total",
            "done",
            "evaluated",
            "eligible",
            "rule_set",
            *RUN_FIELDS,
        ]


class RuleSetOutputSerializer(serializers.ModelSerializer[EligibilityRuleSet]):
    class Meta:
        model = EligibilityRuleSet
        fields = [
            "id",
            "version",
            "name",
            "name_sv",
            "name_en",
            "status",
            "valid_from",
            "clauses",
            "source",
            "source_sv",
            "source_en",
            "activated_at",
        ]


class ClauseInputSerializer(InputSerializer):
    clause = serializers.CharField()
    age = serializers.IntegerField(required=False, min_value=16, max_value=70)


class RuleSetDraftInputSerializer(InputSerializer):
    name = serializers.CharField(max_length=200)
    name_sv = serializers.CharField(max_length=200, required=False, default="")
    valid_from = serializers.DateField()
    clauses = serializers.ListField(child=ClauseInputSerializer(), min_length=1)
    legal_source = serializers.CharField()
    legal_source_sv = serializers.CharField(required=False, default="")


class DryRunQuerySerializer(FormSerializer):
    pilot = serializers.IntegerField()
    on = serializers.DateField()


class EligibilityResultOutputSerializer(serializers.ModelSerializer[EligibilityResult]):
    rule_version = serializers.IntegerField(source="rule_set.version")
    pilot_name = serializers.CharField(source="pilot.organisation.name")

    class Meta:
        model = EligibilityResult
        fields = [
            "pilot",
            "pilot_name",
            "evaluated_on",
            "eligible",
            "clause",
            "age",
            "rule_version",
            "computed_at",
        ]


# --- A jobseeker's conditions on a chosen day ------------------------------------


class ConditionsQuerySerializer(FormSerializer):
    on = serializers.DateField(
        required=False,
        help_text="The day to decide the conditions for (default today), "
        "YYYY-MM-DD, on or after the first day any of their rules was in force.",
    )

    def validate_on(self, value: dt.date) -> dt.date:
        if value < triggers.CONDITIONS_FROM:
            raise serializers.ValidationError(
                _(
                    "No rule of these conditions was in force before %(date)s; "
                    "choose a later day."
                )
                % {"date": date_format(triggers.CONDITIONS_FROM, "SHORT_DATE_FORMAT")}
            )
        return value


class ConditionRuleOutputSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(source="rule_code")
    legal_source = serializers.CharField(source="rule_source")
    valid_from = serializers.DateField(source="rule_valid_from", allow_null=True)
    valid_until = serializers.DateField(source="rule_valid_until", allow_null=True)
    version = serializers.IntegerField(
        source="rule_version",
        allow_null=True,
        help_text="The target-group rule version (pilot target group only).",
    )


class JobseekerConditionOutputSerializer(serializers.Serializer[Any]):
    code = serializers.ChoiceField(
        choices=[
            "activation_plan",
            "multisectoral_assessment",
            "integration_plan",
            "pilot_target_group",
        ]
    )
    label = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.label
    outcome = serializers.ChoiceField(
        choices=[
            "required",
            "consider",
            "not_required",
            "eligible",
            "not_eligible",
            "not_applicable",
        ],
        help_text="consider: the step is no longer mandated but its former "
        "criteria are met (a step is scheduled to consider it).",
    )
    clause = serializers.CharField(help_text="The clause or reason that decided.")
    explanation = serializers.CharField()
    rule = serializers.SerializerMethodField()
    pilot = serializers.IntegerField(source="pilot_id", allow_null=True)
    pilot_name = serializers.CharField()

    @extend_schema_field(ConditionRuleOutputSerializer(allow_null=True))
    def get_rule(self, condition: Condition) -> dict[str, Any] | None:
        if not condition.rule_code:
            return None
        return dict(ConditionRuleOutputSerializer(condition).data)


class ConditionFactsOutputSerializer(serializers.Serializer[Any]):
    job_search_started_on = serializers.DateField(allow_null=True)
    age = serializers.IntegerField()
    months_unemployed = serializers.IntegerField()
    has_employment_plan = serializers.BooleanField(source="facts.has_employment_plan")
    lms_days_for_unemployment = serializers.IntegerField(
        source="facts.lms_days_for_unemployment"
    )
    lms_days_last_12_months = serializers.IntegerField(
        source="facts.lms_days_last_12_months"
    )
    lms_days_after_max_allowance = serializers.IntegerField(
        source="facts.lms_days_after_max_allowance"
    )
    max_allowance_period_exhausted = serializers.BooleanField(
        source="facts.max_allowance_period_exhausted"
    )
    months_main_income_social_assistance = serializers.IntegerField(
        source="facts.months_main_income_social_assistance"
    )


class JobseekerConditionsOutputSerializer(serializers.Serializer[Any]):
    jobseeker = serializers.IntegerField()
    on = serializers.DateField()
    facts = ConditionFactsOutputSerializer(
        help_text="What the conditions were decided on: the age and months of "
        "the job search on the day, benefit figures as last recorded."
    )
    conditions = JobseekerConditionOutputSerializer(many=True)
