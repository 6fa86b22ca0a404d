# syntax=docker/dockerfile:1
#
# Polku application image. One image serves every role; the command picks it:
#   web     gunicorn config.wsgi:application   (the default CMD below)
#   worker  celery -A config worker -l info
#   beat    celery -A config beat -l info --scheduler django_celery_beat.schedulers:DatabaseScheduler
# See docker-compose.yml for a production-like local stack and .env.example
# for the environment every role needs.

# --- base: the Python runtime plus the shared libraries WeasyPrint loads -------
FROM python:3.11-slim-bookworm AS base

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH

RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz-subset0 \
        fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

# --- deps: the virtualenv, built from pyproject.toml + the constraints file ----
FROM base AS deps

WORKDIR /build
# Only the dependency metadata, so that code changes do not reinstall packages.
COPY pyproject.toml ./
COPY requirements/constraints.txt requirements/constraints.txt
RUN python -m venv "$VIRTUAL_ENV" \
    && pip install --upgrade pip \
    && pip install -c requirements/constraints.txt .

# --- assets: compiled translations and collected static files ----------------
FROM deps AS assets

# gettext (msgfmt) is needed only here, not in the final image.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY . .

# Production settings refuse to load without their secrets. These values are
# throwaway placeholders that exist only inside this RUN step: they are not
# baked into the image environment and nothing is encrypted or signed with them.
RUN set -eu; \
    export DJANGO_SETTINGS_MODULE=config.settings.production \
        DJANGO_SECRET_KEY=build-time-only-placeholder-secret-key-0123456789abcdefghij \
        DJANGO_ALLOWED_HOSTS=localhost \
        DATABASE_URL=postgres://build:build@localhost:5432/build \
        CELERY_BROKER_URL=memory:// \
        POLKU_FIELD_ENCRYPTION_KEYS=YnVpbGQtdGltZS1kdW1teS1ub3QtYS1zZWNyZXQtMDA= \
        POLKU_BLIND_INDEX_KEY=build-time-only-placeholder-blind-index-key; \
    python manage.py compilemessages; \
    python manage.py collectstatic --noinput --clear; \
    find /app -name '__pycache__' -prune -exec rm -rf {} +

# --- runtime: the final image -------------------------------------------------
FROM base AS runtime

ENV DJANGO_SETTINGS_MODULE=config.settings.production \
    POLKU_MEDIA_ROOT=/app/var/media \
    HOME=/home/polku

# A writable home: fontconfig (WeasyPrint) caches there and gunicorn >= 25.1
# puts its control socket in ~/.gunicorn.
RUN groupadd --system --gid 10001 polku \
    && useradd --system --uid 10001 --gid polku --home-dir /home/polku \
        --create-home --shell /usr/sbin/nologin polku

COPY --from=deps /opt/venv /opt/venv
# Code stays root-owned (read-only for the app user); only media is writable.
COPY --from=assets /app /app
RUN mkdir -p /app/var/media \
    && chown -R polku:polku /app/var/media

WORKDIR /app
USER polku:polku

EXPOSE 8000

# Health of the default (web) role. docker-compose.yml overrides this for the
# worker and beat roles, which serve no HTTP.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=5)"]

CMD ["gunicorn", "config.wsgi:application", \
     "--bind", "0.0.0.0:8000", \
     "--workers", "3", \
     "--timeout", "60", \
     "--graceful-timeout", "30", \
     "--keep-alive", "5", \
     "--max-requests", "1000", \
     "--max-requests-jitter", "100", \
     "--worker-tmp-dir", "/dev/shm", \
     "--config", "python:config.gunicorn", \
     "--access-logfile", "-", \
     "--error-logfile", "-"]
