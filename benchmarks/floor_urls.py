"""The site's URLs plus /bench-floor/<name>/ (benchmarks.floor_settings only)."""

from __future__ import annotations

from django.urls import path

from benchmarks.floors import floor
from config.urls import urlpatterns as site

urlpatterns = [*site, path("bench-floor/<slug:name>/", floor)]
