"""Abstract base for Polku's models; nothing concrete lives in core."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class BaseModel(models.Model):
    """Creation and modification times on every row (STYLE.md 2.4)."""

    created_at = models.DateTimeField(
        _("created at"), auto_now_add=True, db_index=False
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class LocalisedNameMixin:
    """For models with `name` (Finnish), `name_sv` and `name_en`: the name in
    the active language, falling back to Finnish."""

    name: str
    name_sv: str
    name_en: str

    @property
    def localised_name(self) -> str:
        return in_active_language(fi=self.name, sv=self.name_sv, en=self.name_en)


def in_active_language(
    *, fi: str, sv: str, en: str, language: str | None = None
) -> str:
    """The text in the active language (or `language`, read once by a
    caller naming many things); Finnish when that one is empty or the
    language is another, as Finnish is Polku's default language."""
    return in_language(language or get_language() or "fi", fi=fi, sv=sv, en=en)


def in_language(language: str, *, fi: str, sv: str, en: str) -> str:
    """in_active_language for a language read once, by a caller naming
    hundreds of rows (reading the active language is a thread-local lookup)."""
    return {"sv": sv, "en": en}.get(language[:2]) or fi
