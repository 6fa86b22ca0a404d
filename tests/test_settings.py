"""Production settings: loud failure without secrets, clean `check --deploy`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _example_environment() -> dict[str, str]:
    values: dict[str, str] = {}
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            name, value = line.split("=", 1)
            values[name.strip()] = value.strip().strip('"')
    return values


def _manage(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "POLKU_"))
    }
    clean.update(env)
    clean["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_passes_without_warnings_with_the_sample_environment() -> None:
    env = _example_environment()
    env["DATABASE_URL"] = os.environ.get(
        "DATABASE_URL", "postgres://postgres@127.0.0.1/polku"
    )

    result = _manage(["check", "--deploy", "--fail-level", "WARNING"], env)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key() -> None:
    env = _example_environment()
    env.pop("DJANGO_SECRET_KEY")

    result = _manage(["check"], env)

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_encryption_keys() -> None:
    env = _example_environment()
    env.pop("POLKU_FIELD_ENCRYPTION_KEYS")

    result = _manage(["check"], env)

    assert result.returncode != 0
    assert "POLKU_FIELD_ENCRYPTION_KEYS" in result.stderr


def test_secrets_can_come_from_files(tmp_path: Path) -> None:
    env = _example_environment()
    secret_file = tmp_path / "secret"
    secret_file.write_text(env.pop("DJANGO_SECRET_KEY"), encoding="utf-8")
    env["DJANGO_SECRET_KEY_FILE"] = str(secret_file)

    result = _manage(["check", "--deploy", "--fail-level", "WARNING"], env)

    assert result.returncode == 0, result.stderr


def test_local_settings_render_pages_with_static_files() -> None:
    """The development server's settings serve CSS without collectstatic."""
    code = (
        "import django; django.setup();"
        "from django.test import Client;"
        "c = Client(HTTP_HOST='127.0.0.1'); r = c.get('/accounts/login/');"
        "assert r.status_code == 200, r.status_code;"
        "assert b'/static/css/polku.css' in r.content;"
        "s = c.get('/static/css/polku.css');"
        "assert s.status_code == 200, s.status_code"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stderr[-2000:]
