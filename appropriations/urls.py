from django.urls import path

from . import views

app_name = "appropriations"

urlpatterns = [
    path("", views.quota_list, name="list"),
    path("new/", views.quota_create, name="create"),
    path("<int:pk>/", views.quota_detail, name="detail"),
    path("<int:pk>/revise/", views.quota_revise, name="revise"),
]
