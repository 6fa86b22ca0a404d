from django.urls import path

from . import views

app_name = "partners"
urlpatterns = [
    path("", views.agreement_list, name="list"),
    path("new/", views.agreement_create, name="create"),
    path("<int:pk>/", views.agreement_detail, name="detail"),
    path("<int:pk>/edit/<slug:section>/", views.content_edit, name="edit"),
    path(
        "<int:pk>/edit/<slug:section>/<int:item>/remove/",
        views.content_remove,
        name="remove",
    ),
    path("<int:pk>/agreement.pdf", views.agreement_pdf, name="pdf"),
    path("<int:pk>/<slug:action>/", views.agreement_action, name="action"),
]
