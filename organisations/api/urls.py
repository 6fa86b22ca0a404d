from django.urls import path

from . import views

urlpatterns = [
    path("organisations/", views.OrganisationListApi.as_view(), name="list"),
    path(
        "organisation-relations/",
        views.RelationListApi.as_view(),
        name="relation_list",
    ),
    path("memberships/", views.MembershipListApi.as_view(), name="membership_list"),
]
