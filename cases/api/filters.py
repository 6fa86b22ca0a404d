"""Filters of the cases API lists (django-filter); every list is already
scoped to the reader's organisations before these apply."""

from __future__ import annotations

import django_filters

from cases.models import Case, JobOffer, Jobseeker, Plan, ProcessStep, ServicePeriod
from core.api_filters import BooleanFilter, FilterSet, UtcDateTimeFilter


class JobseekerFilter(FilterSet):
    updated_after = UtcDateTimeFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = Jobseeker
        fields = ["organisation", "home_municipality", "benefit_type", "is_immigrant"]


class CaseFilter(FilterSet):
    opened_from = django_filters.DateFilter(field_name="opened_on", lookup_expr="gte")
    opened_until = django_filters.DateFilter(field_name="opened_on", lookup_expr="lte")
    closed_from = django_filters.DateFilter(field_name="closed_on", lookup_expr="gte")
    closed_until = django_filters.DateFilter(field_name="closed_on", lookup_expr="lte")

    class Meta:
        model = Case
        fields = ["organisation", "status", "caseworker", "exit_reason", "jobseeker"]


class StepFilter(FilterSet):
    due_from = django_filters.DateFilter(field_name="due_on", lookup_expr="gte")
    due_until = django_filters.DateFilter(field_name="due_on", lookup_expr="lte")

    class Meta:
        model = ProcessStep
        fields = ["organisation", "status", "kind", "assignee", "case", "jobseeker"]


class ServicePeriodFilter(FilterSet):
    service_type = django_filters.CharFilter(field_name="service_type__code")
    started_from = django_filters.DateFilter(field_name="started_on", lookup_expr="gte")
    started_until = django_filters.DateFilter(
        field_name="started_on", lookup_expr="lte"
    )
    open = BooleanFilter(
        field_name="ended_on", lookup_expr="isnull", label="Not ended yet"
    )

    class Meta:
        model = ServicePeriod
        fields = ["organisation", "case"]


class JobOfferFilter(FilterSet):
    offered_from = django_filters.DateFilter(field_name="offered_on", lookup_expr="gte")
    offered_until = django_filters.DateFilter(
        field_name="offered_on", lookup_expr="lte"
    )

    class Meta:
        model = JobOffer
        fields = ["organisation", "case", "outcome"]


class PlanFilter(FilterSet):
    class Meta:
        model = Plan
        fields = ["organisation", "case", "kind"]
