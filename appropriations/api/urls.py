from django.urls import path

from . import views

urlpatterns = [
    path("quotas/", views.QuotaListApi.as_view(), name="quota_list"),
    path("quotas/<int:pk>/", views.QuotaDetailApi.as_view(), name="quota_detail"),
    path(
        "cases/<int:pk>/decisions/",
        views.CaseDecisionsApi.as_view(),
        name="case_decisions",
    ),
    path(
        "decisions/<int:pk>/cancel/",
        views.DecisionCancelApi.as_view(),
        name="decision_cancel",
    ),
    path(
        "decisions/<int:pk>/shorten/",
        views.DecisionShortenApi.as_view(),
        name="decision_shorten",
    ),
]
