from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("search/", views.search, name="search"),
    path("break-glass/", views.break_glass_open, name="break_glass_open"),
    path("break-glass/review/", views.break_glass_review, name="break_glass_review"),
    path(
        "jobseekers/<int:pk>/identity-code/",
        views.jobseeker_identity_code,
        name="jobseeker_identity_code",
    ),
    path("reminders/read/", views.reminders_read, name="reminders_read"),
    path("jobseekers/new/", views.jobseeker_register, name="jobseeker_register"),
    path("jobseekers/<int:pk>/", views.jobseeker_detail, name="jobseeker"),
    path("jobseekers/<int:pk>/edit/", views.jobseeker_edit, name="jobseeker_edit"),
    path(
        "jobseekers/<int:pk>/plans/versions/<int:version_id>/pdf/",
        views.plan_version_pdf,
        name="plan_version_pdf",
    ),
    path(
        "cases/<int:case_id>/meetings/new/", views.meeting_create, name="meeting_create"
    ),
    path(
        "cases/<int:case_id>/assessment/", views.assessment_edit, name="assessment_edit"
    ),
    path(
        "cases/<int:case_id>/plans/<slug:kind>/new-version/",
        views.plan_version_create,
        name="plan_version_create",
    ),
    path(
        "cases/<int:case_id>/services/new/", views.service_create, name="service_create"
    ),
    path("services/<int:pk>/end/", views.service_end, name="service_end"),
    path(
        "cases/<int:case_id>/job-offers/new/",
        views.job_offer_create,
        name="job_offer_create",
    ),
    path(
        "job-offers/<int:pk>/outcome/",
        views.job_offer_outcome,
        name="job_offer_outcome",
    ),
    path(
        "cases/<int:case_id>/benefit-notices/new/",
        views.benefit_notice_create,
        name="benefit_notice_create",
    ),
    path("cases/<int:case_id>/notes/new/", views.note_create, name="note_create"),
    path("cases/<int:case_id>/status/", views.case_transition, name="case_transition"),
    path("cases/<int:case_id>/assign/", views.case_assign, name="case_assign"),
    path(
        "cases/<int:case_id>/referrals/new/",
        views.referral_create,
        name="referral_create",
    ),
    path("referrals/<int:pk>/end/", views.referral_end, name="referral_end"),
    path("steps/<int:pk>/pause/", views.step_pause, name="step_pause"),
    path("steps/<int:pk>/resume/", views.step_resume, name="step_resume"),
]
