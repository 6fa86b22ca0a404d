from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from appointments.views import answer, calendar_feed
from core.views import healthz
from reporting.views import survey_answer

admin.site.site_header = _("Polku administration")
admin.site.site_title = _("Polku")
admin.site.index_title = _("Reference data and users")

urlpatterns = [
    path("", include("casework.home_urls")),
    path("accounts/", include("accounts.urls")),
    path("work/", include("casework.case_urls")),
    path("work/", include("appropriations.case_urls")),
    path("work/imports/", include("exchange.urls")),
    path("work/appointments/", include("appointments.urls")),
    path("work/messages/", include("messaging.urls")),
    path("partner/", include("casework.partner_urls")),
    path("audit/", include("casework.audit_urls")),
    path("pilots/", include("pilots.urls")),
    path("agreements/", include("partners.urls")),
    path("reports/", include("reporting.urls")),
    path("quotas/", include("appropriations.urls")),
    path("api/v1/", include("config.api_urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    # The jobseeker's answer to an invitation: no account, a signed link.
    path("answer/<str:token>/", answer, name="answer"),
    # The satisfaction survey after a meeting held: no account, a signed link.
    path("survey/<str:token>/", survey_answer, name="survey"),
    # A caseworker's appointments for Outlook: a revocable secret address.
    path("calendar-feed/<str:token>.ics", calendar_feed, name="calendar_feed"),
]
