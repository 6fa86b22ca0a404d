"""/api/v1/: the REST API; its OpenAPI schema is served at /api/v1/schema/."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

urlpatterns = [
    path("", include(("cases.api.urls", "cases-api"), namespace="cases-api")),
    path("", include(("pilots.api.urls", "pilots-api"), namespace="pilots-api")),
    path("", include(("partners.api.urls", "partners-api"), namespace="partners-api")),
    path(
        "",
        include(
            ("appropriations.api.urls", "appropriations-api"),
            namespace="appropriations-api",
        ),
    ),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
]
