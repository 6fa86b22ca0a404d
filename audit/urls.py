from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("subject-report/", views.subject_report, name="subject_report"),
]
