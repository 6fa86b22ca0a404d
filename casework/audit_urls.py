# The subject access report keeps its name, audit:subject_report; it reads
# cases as well as the access log, so the page lives here.
from django.urls import path

from .views import subject_report

app_name = "audit"

urlpatterns = [
    path("subject-report/", subject_report.subject_report, name="subject_report"),
]
