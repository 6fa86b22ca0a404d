from django.urls import path

from . import views

app_name = "reporting"
urlpatterns = [
    path("", views.index, name="index"),
    path("definitions/", views.definitions, name="definitions"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path(
        "dashboard/figures.csv",
        views.dashboard_export,
        {"fmt": "csv"},
        name="dashboard_csv",
    ),
    path(
        "dashboard/figures.xlsx",
        views.dashboard_export,
        {"fmt": "xlsx"},
        name="dashboard_xlsx",
    ),
    path("runs/<int:pk>/", views.month, name="month"),
    path(
        "runs/<int:pk>/indicators.csv",
        views.month_export,
        {"fmt": "csv"},
        name="month_csv",
    ),
    path(
        "runs/<int:pk>/indicators.xlsx",
        views.month_export,
        {"fmt": "xlsx"},
        name="month_xlsx",
    ),
    path("runs/<int:pk>/publish/", views.publish, name="publish"),
    path("board/", views.reports, name="reports"),
    path("board/<int:pk>/download/", views.report_download, name="report_download"),
    path("survey/", views.survey, name="survey"),
    path("survey/setting/", views.survey_setting, name="survey_setting"),
]
