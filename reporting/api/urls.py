from django.urls import path

from . import views

urlpatterns = [
    path(
        "indicator-definitions/",
        views.DefinitionListApi.as_view(),
        name="definition_list",
    ),
    path("indicator-runs/", views.RunListApi.as_view(), name="run_list"),
    path(
        "indicator-runs/<int:pk>/values/",
        views.RunValuesApi.as_view(),
        name="run_values",
    ),
    path("board-reports/", views.BoardReportListApi.as_view(), name="report_list"),
    path(
        "board-reports/<int:pk>/pdf/",
        views.BoardReportFileApi.as_view(),
        name="report_file",
    ),
    path(
        "indicator-runs/<int:pk>/publish/",
        views.RunPublishApi.as_view(),
        name="run_publish",
    ),
]
