"""pytest (`scripts/test`): DATABASE_URL when set (CI), else the embedded PostgreSQL."""

from __future__ import annotations

from config.db_roles import APP_ROLE, role_of

from ._defaults import apply_dev_environment

# pytest-django creates `test_polku` from this database's server, as the owner:
# creating a database and migrating it are the owner's work.
apply_dev_environment(database="polku", as_owner=True)

from .base import *  # noqa: E402

DEBUG = False
# Tests connect as the owner (DATABASE_URL); tests/test_database_roles.py
# connects as the application's role, which every migration grants to.
# POLKU_DATABASE_APP_URL (CI: .ci/run) gives its role and password; the test
# connects to the test database with it. Unset: polku_app without a password
# (the embedded PostgreSQL trusts local connections; else PGPASSWORD/.pgpass).
POLKU_DATABASE_OWNER = None
POLKU_DATABASE_APP_URL: str = env.str("POLKU_DATABASE_APP_URL", default="")
POLKU_DATABASE_APP_ROLE = (
    role_of(POLKU_DATABASE_APP_URL).name if POLKU_DATABASE_APP_URL else APP_ROLE
)
# Django's flush between transactional tests truncates every table; the audit
# tables refuse TRUNCATE unless the session opts in (audit.models).
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
# No quiet hours: most tests run on the real clock, whose hour may be 3.00.
# The tests of quiet hours set them (messaging/tests, appointments/tests).
POLKU_MESSAGE_QUIET_FROM_HOUR = 0
POLKU_MESSAGE_QUIET_UNTIL_HOUR = 0
