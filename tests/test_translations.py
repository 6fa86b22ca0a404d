"""Every UI string exists in Finnish and Swedish (Finland is bilingual)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
# Every Django app of the project (a folder with apps.py) plus what they share.
SOURCE_DIRS = tuple(
    dict.fromkeys(  # config has an apps.py too (config/apps.py)
        (
            *sorted(path.parent.name for path in ROOT.glob("*/apps.py")),
            "config",
            "templates",
            "locale",
        )
    )
)


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_no_message_is_missing_or_fuzzy(language: str) -> None:
    catalogue = polib.pofile(
        str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po")
    )

    missing = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]

    assert missing == [], f"untranslated in {language}: {missing}"
    assert fuzzy == [], f"fuzzy in {language}: {fuzzy}"


def test_the_catalogues_cover_every_string_in_the_code(tmp_path: Path) -> None:
    """makemessages over a copy of the code finds no msgid missing in fi or sv."""
    for name in SOURCE_DIRS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(
                source, tmp_path / name, ignore=shutil.ignore_patterns("*.mo")
            )
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")

    # The settings module of the copy reuses this process's database (os.environ).
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "fi",
            "-l",
            "sv",
            "--no-obsolete",
            "--ignore=*/tests/*",
            "-v",
            "0",
        ],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        env=dict(os.environ),
    )

    for language in ("fi", "sv"):
        regenerated = polib.pofile(
            str(tmp_path / "locale" / language / "LC_MESSAGES" / "django.po")
        )
        new = [e.msgid for e in regenerated.untranslated_entries()]
        assert new == [], f"strings without a {language} translation: {new}"
