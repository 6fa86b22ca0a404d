"""Decisions are case records: their forms live beside the other case forms."""

from django.urls import path

from . import views

app_name = "decisions"

urlpatterns = [
    path(
        "cases/<int:case_id>/decisions/new/",
        views.decision_create,
        name="create",
    ),
    path("decisions/<int:pk>/cancel/", views.decision_cancel, name="cancel"),
    path("decisions/<int:pk>/shorten/", views.decision_shorten, name="shorten"),
]
