# The cases app's own pages; casework.case_urls mounts them in the `cases`
# namespace together with the pages that combine apps (worklist, search, the
# jobseeker page, referrals).
from django.urls import path

from .views import jobseekers, records

urlpatterns = [
    path(
        "break-glass/review/",
        jobseekers.break_glass_review,
        name="break_glass_review",
    ),
    path(
        "jobseekers/<int:pk>/identity-code/",
        jobseekers.jobseeker_identity_code,
        name="jobseeker_identity_code",
    ),
    path("jobseekers/new/", jobseekers.jobseeker_register, name="jobseeker_register"),
    path("jobseekers/<int:pk>/edit/", jobseekers.jobseeker_edit, name="jobseeker_edit"),
    path(
        "jobseekers/<int:pk>/plans/versions/<int:version_id>/pdf/",
        records.plan_version_pdf,
        name="plan_version_pdf",
    ),
    path(
        "cases/<int:case_id>/meetings/new/",
        records.meeting_create,
        name="meeting_create",
    ),
    path(
        "cases/<int:case_id>/assessment/",
        records.assessment_edit,
        name="assessment_edit",
    ),
    path(
        "cases/<int:case_id>/plans/<slug:kind>/new-version/",
        records.plan_version_create,
        name="plan_version_create",
    ),
    path(
        "cases/<int:case_id>/services/new/",
        records.service_create,
        name="service_create",
    ),
    path("services/<int:pk>/end/", records.service_end, name="service_end"),
    path(
        "cases/<int:case_id>/job-offers/new/",
        records.job_offer_create,
        name="job_offer_create",
    ),
    path(
        "job-offers/<int:pk>/outcome/",
        records.job_offer_outcome,
        name="job_offer_outcome",
    ),
    path(
        "cases/<int:case_id>/benefit-notices/new/",
        records.benefit_notice_create,
        name="benefit_notice_create",
    ),
    path("cases/<int:case_id>/notes/new/", records.note_create, name="note_create"),
    path(
        "cases/<int:case_id>/status/", records.case_transition, name="case_transition"
    ),
    path("cases/<int:case_id>/assign/", records.case_assign, name="case_assign"),
    path("steps/<int:pk>/pause/", records.step_pause, name="step_pause"),
    path("steps/<int:pk>/resume/", records.step_resume, name="step_resume"),
]
