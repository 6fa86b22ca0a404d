from django.urls import path

from . import views

app_name = "exchange"

urlpatterns = [
    path("", views.batch_list, name="list"),
    path("new/", views.upload, name="upload"),
    path("<int:pk>/", views.batch_detail, name="batch"),
    path("<int:pk>/confirm/", views.confirm, name="confirm"),
    path("unmatched/", views.unmatched, name="unmatched"),
]
