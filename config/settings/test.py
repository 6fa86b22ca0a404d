"""pytest (`scripts/test`): DATABASE_URL when set (CI), else the embedded PostgreSQL."""

from __future__ import annotations

from ._defaults import apply_dev_environment

# pytest-django creates `test_polku` from this database's server.
apply_dev_environment(database="polku")

from .base import *  # noqa: E402

DEBUG = False
# Django's flush between transactional tests truncates every table; the audit
# tables refuse TRUNCATE unless the session opts in (audit migration 0002).
DATABASES["default"].setdefault("OPTIONS", {})
DATABASES["default"]["OPTIONS"]["options"] = "-c polku.allow_audit_truncate=on"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Unit tests run tasks in-process; the integration test starts a real worker
# with its own broker settings (tests/integration/test_celery_worker.py).
CELERY_BROKER_URL = ""
CELERY_TASK_ALWAYS_EAGER = True
CELERY_RESULT_BACKEND = "cache+memory://"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# No collectstatic in development: WhiteNoise serves from the app folders.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
