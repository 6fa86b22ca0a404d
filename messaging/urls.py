from django.urls import path

from . import views

app_name = "messaging"

urlpatterns = [
    path("", views.development_messages, name="development"),
]
