"""{% language_switch %}: the language form in every page's header."""

from __future__ import annotations

import html
from functools import lru_cache
from typing import Any

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core.links import reverse_fast

register = template.Library()

# What django.template.context_processors.csrf gives a page without a
# token, and what {% csrf_token %} then writes nothing for.
_NO_TOKEN = "NOTPROVIDED"  # noqa: S105 - a marker, not a password


@lru_cache(maxsize=16)
def _parts(language: str) -> tuple[str, str]:
    """The form's markup in one language around its two values (the CSRF
    token and the page to come back to): the same for every page."""
    with translation.override(language or None):
        options = "".join(
            '\n    <option value="{0}" lang="{0}"{1}>{2}</option>\n    '.format(
                html.escape(code),
                " selected" if code == language else "",
                html.escape(
                    str(capfirst(translation.get_language_info(code)["name_local"]))
                ),
            )
            for code, _name in settings.LANGUAGES
        )
        head = (
            '\n<form method="post" action="'
            f'{html.escape(reverse_fast("accounts:set_language"))}" '
            'class="language-switch">\n  '
        )
        tail = (
            f'">\n  <label for="language-select">{html.escape(_("Language"))}'
            '</label>\n  <select id="language-select" name="language">\n    '
            f"{options}\n  </select>\n  "
            '<button type="submit" class="button button--secondary">'
            f"{html.escape(_('Change language'))}</button>\n</form>\n"
        )
        return head, tail


@register.simple_tag(takes_context=True)
def language_switch(context: dict[str, Any]) -> SafeString:
    """The markup components/language_switch.html rendered (the test
    core/tests/test_language_switch.py renders both): that include was a
    tenth of a page's CPU with its language list, name look-ups, filters
    and translations (issue 21); here only the CSRF token and the page's
    address change between requests."""
    head, tail = _parts(translation.get_language() or "")
    token = context.get("csrf_token")
    csrf = (
        '<input type="hidden" name="csrfmiddlewaretoken" '
        f'value="{html.escape(str(token))}">'
        if token and token != _NO_TOKEN
        else ""
    )
    request = context.get("request")
    path = request.get_full_path() if request is not None else ""
    return mark_safe(  # noqa: S308 - the values are escaped
        f'{head}{csrf}\n  <input type="hidden" name="next" value="'
        f"{html.escape(path)}{tail}"
    )
