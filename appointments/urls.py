from django.urls import path

from . import views

app_name = "appointments"

urlpatterns = [
    path("steps/<int:step_id>/book/", views.book, name="book"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    path("bulk/", views.bulk_book, name="bulk_book"),
    path("bulk/<int:pk>/", views.bulk_run, name="bulk_run"),
    path("calendar/", views.calendar, name="calendar"),
    path("<int:pk>/letter/", views.letter, name="letter"),
    path("<int:pk>/ics/", views.appointment_ics, name="ics"),
    path("letters/", views.letters_of_day, name="letters"),
    path("letters/<int:pk>/", views.letter_run, name="letter_run"),
    path("letters/<int:pk>/pdf/", views.letter_run_pdf, name="letter_run_pdf"),
    path("messages/<int:pk>/resend/", views.message_resend_view, name="message_resend"),
    path("jobseekers/<int:jobseeker_id>/reminders/", views.reminders, name="reminders"),
]
