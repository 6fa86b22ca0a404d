from django.urls import path

from . import views

urlpatterns = [
    path("pilots/", views.PilotListApi.as_view(), name="pilot_list"),
    path("pilots/<int:pk>/", views.PilotDetailApi.as_view(), name="pilot_detail"),
    path(
        "pilots/<int:pk>/evaluations/",
        views.EvaluationStartApi.as_view(),
        name="evaluation_start",
    ),
    path(
        "evaluation-runs/<int:pk>/",
        views.EvaluationRunApi.as_view(),
        name="evaluation_run",
    ),
    path(
        "employment-areas/<int:pk>/",
        views.EmploymentAreaDetailApi.as_view(),
        name="employment_area",
    ),
    path("eligibility-rules/", views.RuleSetListApi.as_view(), name="rule_list"),
    path(
        "eligibility-rules/<int:pk>/review/",
        views.RuleSetReviewApi.as_view(),
        name="rule_review",
    ),
    path(
        "eligibility-rules/<int:pk>/activate/",
        views.RuleSetActivateApi.as_view(),
        name="rule_activate",
    ),
    path(
        "eligibility-rules/<int:pk>/dry-run/",
        views.RuleSetDryRunApi.as_view(),
        name="rule_dry_run",
    ),
    path(
        "jobseekers/<int:pk>/eligibility/",
        views.JobseekerEligibilityApi.as_view(),
        name="jobseeker_eligibility",
    ),
    path(
        "jobseekers/<int:pk>/conditions/",
        views.JobseekerConditionsApi.as_view(),
        name="jobseeker_conditions",
    ),
]
