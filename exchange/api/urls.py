from django.urls import path

from . import views

app_name = "exchange-api"

urlpatterns = [
    path("imports/", views.ImportCreateApi.as_view(), name="import_create"),
    path("imports/<int:pk>/", views.ImportDetailApi.as_view(), name="import_detail"),
]
