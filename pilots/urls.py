from django.urls import path

from . import views

app_name = "pilots"

urlpatterns = [
    path("", views.pilot_list, name="list"),
    path("<int:pk>/", views.pilot_detail, name="detail"),
    path("<int:pk>/evaluate/", views.evaluation_start, name="evaluate"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("areas/<int:pk>/", views.area_detail, name="area"),
    path("rules/", views.rule_list, name="rules"),
    path("rules/<int:pk>/", views.rule_detail, name="rule"),
    path("rules/<int:pk>/dry-run.csv", views.rule_dry_run_csv, name="rule_dry_run_csv"),
    path("transfer/<int:case_id>/", views.transfer, name="transfer"),
]
