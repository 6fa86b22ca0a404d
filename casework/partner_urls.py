from django.urls import path

from .views import partner

app_name = "partner"

urlpatterns = [
    path("", partner.partner_case_list, name="case_list"),
    path("cases/<int:pk>/", partner.partner_case_detail, name="case_detail"),
]
