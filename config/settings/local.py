"""Developer's machine (`scripts/run`): embedded PostgreSQL, eager Celery by default."""

from __future__ import annotations

from ._defaults import apply_dev_environment

apply_dev_environment(database="polku")

from .base import *  # noqa: E402

DEBUG = env.bool("DJANGO_DEBUG", default=True)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
# E-mail to a mail catcher when one is named (EMAIL_HOST=127.0.0.1
# EMAIL_PORT=1025 with `docker compose --profile dev up mailpit`, its
# messages at http://127.0.0.1:8025), else printed on the console. Either
# way the development page (/work/messages/) shows e-mail and SMS as sent.
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if env.str("EMAIL_HOST", default="")
    else "django.core.mail.backends.console.EmailBackend"
)
# No collectstatic in development: WhiteNoise serves from the app folders, and
# the manifest storage (which needs collectstatic) is not used.
STATIC_ROOT = None
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
