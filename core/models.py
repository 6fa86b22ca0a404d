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
    language = ((language if language is not None else get_language()) or "fi")[:2]
    if language == "sv":
        return sv or fi
    if language == "en":
        return en or fi
    return fi
