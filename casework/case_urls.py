# The caseworker pages under /work/, all in the `cases` namespace whichever
# app renders them: cases' own record pages plus the pages combining apps.
from django.urls import path

from cases.urls import urlpatterns as case_urlpatterns

from .views import jobseeker, referrals, search, worklist

app_name = "cases"

urlpatterns = [
    path("", worklist.worklist, name="worklist"),
    path("reminders/read/", worklist.reminders_read, name="reminders_read"),
    path("search/", search.search, name="search"),
    path("break-glass/", search.break_glass_open, name="break_glass_open"),
    path("jobseekers/<int:pk>/", jobseeker.jobseeker_detail, name="jobseeker"),
    path(
        "cases/<int:case_id>/referrals/new/",
        referrals.referral_create,
        name="referral_create",
    ),
    path("referrals/<int:pk>/end/", referrals.referral_end, name="referral_end"),
    *case_urlpatterns,
]
