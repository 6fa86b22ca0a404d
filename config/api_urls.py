"""/api/v1/: the REST API; its OpenAPI schema is served at /api/v1/schema/."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView

from core.api import not_found
from core.api_docs import api_docs

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
    path(
        "",
        include(
            ("organisations.api.urls", "organisations-api"),
            namespace="organisations-api",
        ),
    ),
    path(
        "",
        include(("reporting.api.urls", "reporting-api"), namespace="reporting-api"),
    ),
    path(
        "",
        include(("exchange.api.urls", "exchange-api"), namespace="exchange-api"),
    ),
    path(
        "",
        include(
            ("appointments.api.urls", "appointments-api"),
            namespace="appointments-api",
        ),
    ),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", api_docs, name="api-docs"),
    # Last: any other address under /api/v1/ (an id that is not a number
    # included) is a 404 in the API's JSON error shape, not the HTML page.
    # Any character, a newline too (else Django's HTML page answers).
    re_path(r"^[\s\S]*$", not_found),
]
