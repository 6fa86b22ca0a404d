"""The layout every page shares (templates/base.html), written in Python for
the busiest pages.

Rendering base.html around a page that writes its own sections in Python
was still about a tenth of the jobseeker page's CPU (issue 21, 100,000
jobseekers): a dozen {% translate %} tags, each a lazy string cast through
the active language's thread-local, the menu's loop, the static and link
tags and the six context processors that `render` runs for them. Here the
fixed words are translated once per language and the markup is base.html's
byte for byte: casework/tests/test_layout.py renders base.html beside it in
Finnish, Swedish and English, with and without messages, in a demo
environment and not.
"""

from __future__ import annotations

import html
import sys
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.http import HttpResponse
from django.template import Context, Template
from django.templatetags.static import static
from django.utils import translation
from django.utils.translation import gettext as _

from casework.permissions import menu_entries
from casework.views.markup import escape, text
from core.links import reverse_fast
from core.templatetags.languages import language_switch
from organisations.selectors import user_roles

if TYPE_CHECKING:
    from django.http import HttpRequest

    from accounts.models import User


@lru_cache(maxsize=16)
def _words(language: str) -> dict[str, str]:
    """base.html's fixed words in one language, escaped as {% translate %}
    escapes them."""
    with translation.override(language or None):
        words = {
            "polku": _("Polku"),
            "skip": _("Skip to main content"),
            "tagline": _("Municipal employment services"),
            "main": _("Main"),
            "sign_out": _("Sign out"),
            "footer": _("Polku – a case system for municipal employment services."),
            "demo": _(
                "Demo environment: all people are synthetic and their identity "
                "codes are from the temporary range 900–999."
            ),
        }
        return {key: html.escape(str(value)) for key, value in words.items()}


def _menu(request: HttpRequest, user: User) -> str:
    """The main menu's entries (casework.context_processors.navigation)."""
    match = request.resolver_match
    view_name = match.view_name if match else ""
    app_name = match.app_name if match else ""
    return "".join(
        f'\n          <li><a href="{escape(entry.url)}"'
        + (
            ' aria-current="page"'
            if entry.is_current(view_name=view_name, app_name=app_name)
            else ""
        )
        + f">{text(entry.label)}</a></li>\n          "
        for entry in menu_entries(roles=user_roles(user=user), is_staff=user.is_staff)
    )


def _messages(request: HttpRequest) -> str:
    """{% if messages %}…{% endif %}: showing them marks them read, as the
    template's loop did."""
    storage = get_messages(request)
    if not storage:
        return ""
    # `{{ message }}` is str(message): the message's own text, left as it
    # is when it was marked safe.
    shown = "".join(
        f'<p class="message message--{text(message.tags)}">{text(str(message))}</p>'
        for message in storage
    )
    return (
        f'\n    <div class="messages" role="status">\n      {shown}\n    </div>\n    '
    )


def page_response(
    request: HttpRequest, *, title: str, content: str, csrf_token: str
) -> HttpResponse:
    """A signed-in user's page: `content` (markup, escaped by the caller) in
    base.html's layout under `title` (plain text, escaped here), the
    header's forms with `csrf_token` (one masked token for the page)."""
    user: User = request.user  # type: ignore[assignment]
    language = translation.get_language() or ""
    w = _words(language)
    csrf = (
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf_token)}">'
        if csrf_token
        else ""
    )
    demo = w["demo"] if settings.POLKU_ALLOW_TEMPORARY_IDENTITY_CODES else ""
    switch = language_switch({"csrf_token": csrf_token, "request": request})
    body = (
        "<!DOCTYPE html>\n\n"
        f'<html lang="{escape(language)}">\n'
        "<head>\n"
        '  <meta charset="utf-8">\n'
        '  <meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"  <title>{text(title)} – {w['polku']}</title>\n"
        f'  <link rel="stylesheet" href="{escape(static("css/polku.css"))}">\n'
        "  \n"
        '  <link rel="icon" href="data:,">\n'
        "</head>\n"
        "<body>\n"
        f'  <a class="skip-link" href="#main">{w["skip"]}</a>\n'
        '  <header class="site-header">\n'
        '    <div class="site-header__inner">\n'
        f'      <a class="brand" href="{escape(reverse_fast("core:home"))}">\n'
        '        <span class="brand__name">Polku</span>\n'
        f'        <span class="brand__tagline">{w["tagline"]}</span>\n'
        "      </a>\n"
        "      \n"
        f'      <nav class="site-nav" aria-label="{w["main"]}">\n'
        "        <ul>\n"
        f"          {_menu(request, user)}\n"
        "        </ul>\n"
        "      </nav>\n"
        "      \n"
        '      <div class="site-tools">\n'
        f"        {switch}\n"
        "        \n"
        '        <form method="post" action="'
        f'{escape(reverse_fast("accounts:logout"))}" class="logout-form">\n'
        f"          {csrf}\n"
        '          <span class="current-user">'
        f"{text(user.get_full_name() or user.username)}</span>\n"
        '          <button type="submit" class="button button--secondary">'
        f"{w['sign_out']}</button>\n"
        "        </form>\n"
        "        \n"
        "      </div>\n"
        "    </div>\n"
        "  </header>\n"
        '  <main id="main" tabindex="-1">\n'
        f"    {_messages(request)}\n"
        f"    {content}\n"
        "  </main>\n"
        '  <footer class="site-footer">\n'
        f"    <p>{w['footer']}\n"
        f"       {demo}</p>\n"
        "  </footer>\n"
        "</body>\n"
        "</html>\n"
    )
    return HttpResponse(body)


def announce_context(name: str, context: dict[str, Any]) -> None:
    """Tell the test client the context a page written in Python was made
    from, as the template engine tells it of every template it renders
    under the test runner, so that tests keep reading `response.context`.
    Only tests listen to django.test's signal, and only they import it:
    production neither imports the test framework nor pays for the call."""
    signals = sys.modules.get("django.test.signals")
    if signals is not None and signals.template_rendered.has_listeners():
        signals.template_rendered.send(
            sender=Template, template=Template("", name=name), context=Context(context)
        )
