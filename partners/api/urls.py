from django.urls import path

from . import views

urlpatterns = [
    path("agreements/", views.AgreementListApi.as_view(), name="agreement_list"),
    path(
        "agreements/<int:pk>/",
        views.AgreementDetailApi.as_view(),
        name="agreement_detail",
    ),
    path(
        "agreements/<int:pk>/approvals/",
        views.ApprovalApi.as_view(),
        name="agreement_approval",
    ),
    path(
        "agreements/<int:pk>/in-force/",
        views.InForceApi.as_view(),
        name="agreement_in_force",
    ),
    path("agreements/<int:pk>/end/", views.EndApi.as_view(), name="agreement_end"),
]
