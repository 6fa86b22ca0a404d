from django.urls import path

from . import views

app_name = "cases-api"

urlpatterns = [
    path(
        "jobseekers/<int:pk>/deadlines/",
        views.JobseekerDeadlinesApi.as_view(),
        name="jobseeker_deadlines",
    ),
]
