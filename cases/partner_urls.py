from django.urls import path

from . import partner_views

app_name = "partner"

urlpatterns = [
    path("", partner_views.partner_case_list, name="case_list"),
    path("cases/<int:pk>/", partner_views.partner_case_detail, name="case_detail"),
]
