from django.urls import path

from . import views

app_name = "appointments"

urlpatterns = [
    path("steps/<int:step_id>/book/", views.book, name="book"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    path("calendar/", views.calendar, name="calendar"),
]
