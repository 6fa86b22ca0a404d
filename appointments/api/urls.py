from django.urls import path

from . import views

app_name = "appointments-api"

urlpatterns = [
    path("calendar/", views.CalendarApi.as_view(), name="calendar"),
    path("steps/<int:pk>/free-times/", views.FreeTimesApi.as_view(), name="free_times"),
    path(
        "steps/<int:pk>/appointments/",
        views.AppointmentBookApi.as_view(),
        name="book",
    ),
    path("appointments/", views.AppointmentListApi.as_view(), name="list"),
    path(
        "appointments/<int:pk>/cancel/",
        views.AppointmentCancelApi.as_view(),
        name="cancel",
    ),
    path(
        "appointments/<int:pk>/attendance/",
        views.AttendanceApi.as_view(),
        name="attendance",
    ),
    path(
        "appointments/<int:pk>/messages/",
        views.AppointmentMessagesApi.as_view(),
        name="messages",
    ),
]
