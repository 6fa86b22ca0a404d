from django.urls import path

from . import views

app_name = "cases-api"

urlpatterns = [
    path("jobseekers/", views.JobseekerListApi.as_view(), name="jobseeker_list"),
    path(
        "jobseekers/export/",
        views.JobseekerExportApi.as_view(),
        name="jobseeker_export",
    ),
    path("jobseekers/<int:pk>/", views.JobseekerDetailApi.as_view(), name="jobseeker"),
    path(
        "jobseekers/<int:pk>/deadlines/",
        views.JobseekerDeadlinesApi.as_view(),
        name="jobseeker_deadlines",
    ),
    path(
        "job-search-periods/",
        views.JobSearchPeriodListApi.as_view(),
        name="job_search_period_list",
    ),
    path("cases/", views.CaseListApi.as_view(), name="case_list"),
    path("cases/<int:pk>/close/", views.CaseCloseApi.as_view(), name="case_close"),
    path("cases/<int:pk>/notes/", views.NoteCreateApi.as_view(), name="note_create"),
    path(
        "cases/<int:pk>/meetings/",
        views.MeetingCreateApi.as_view(),
        name="meeting_create",
    ),
    path(
        "cases/<int:pk>/job-offers/",
        views.JobOfferCreateApi.as_view(),
        name="job_offer_create",
    ),
    path(
        "cases/<int:pk>/plan-versions/",
        views.PlanVersionCreateApi.as_view(),
        name="plan_version_create",
    ),
    path(
        "cases/<int:pk>/services/",
        views.ServiceStartApi.as_view(),
        name="service_start",
    ),
    path("services/<int:pk>/end/", views.ServiceEndApi.as_view(), name="service_end"),
    path("steps/", views.StepListApi.as_view(), name="step_list"),
    path("services/", views.ServicePeriodListApi.as_view(), name="service_list"),
    path("job-offers/", views.JobOfferListApi.as_view(), name="job_offer_list"),
    path("plans/", views.PlanListApi.as_view(), name="plan_list"),
]
