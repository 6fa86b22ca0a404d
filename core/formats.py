"""Locale formatting that pages call many times per request."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from django.utils.formats import date_format
from django.utils.translation import get_language

if TYPE_CHECKING:
    import datetime as dt


def short_date(day: dt.date) -> str:
    """The date in the active language's SHORT_DATE_FORMAT (1.3.2021).

    Cached per language and day: a worklist page formats a few hundred dates
    but only a handful of different ones, and Django parses the format and
    builds a formatter object for each call."""
    return _short_date(day, get_language() or "")


@lru_cache(maxsize=4096)
def _short_date(day: dt.date, language: str) -> str:
    # The language is part of the key only; date_format reads the active one.
    return date_format(day, "SHORT_DATE_FORMAT")
