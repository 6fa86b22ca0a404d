"""HTML → PDF with WeasyPrint, using only local files.

Templates in, bytes out (STYLE.md 2.8). The URL fetcher serves the project's
own static files and refuses everything else, so a rendered document can
never make a network request (WeasyPrint warns that untrusted HTML can
otherwise fetch arbitrary URLs).
"""

from __future__ import annotations

import base64
import mimetypes
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint.urls import URLFetcher, URLFetcherResponse

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from django.http import HttpRequest, HttpResponse

STATIC_PREFIX = "polku-static:"
# The languages Polku's documents are translated into.
PDF_LANGUAGES = ("fi", "sv", "en")


class NetworkRefusedError(ValueError):
    """A document asked for a resource outside the project's static files."""


class LocalOnlyURLFetcher(URLFetcher):
    """Serve `polku-static:css/pdf.css` from static files; refuse every other URL."""

    def fetch(
        self, url: str, headers: dict[str, str] | None = None
    ) -> URLFetcherResponse:
        if not url.startswith(STATIC_PREFIX):
            raise NetworkRefusedError(url)
        relative = url.removeprefix(STATIC_PREFIX).lstrip("/")
        if ".." in Path(relative).parts:
            raise NetworkRefusedError(url)
        found = finders.find(relative)
        if not found:
            raise NetworkRefusedError(url)
        path = Path(found if isinstance(found, str) else found[0])
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})


Context = dict[str, Any]


def render_pdf(
    template: str, context: Context | Callable[[], Context], *, language: str
) -> bytes:
    """Render `template` in `language` and return tagged PDF (PDF/UA-1) bytes.

    Everything the document says is produced in `language`, whatever the
    reader's page is in: give the context as a function when building it
    translates or formats anything (labels from selectors, warnings, model
    names, numbers), so that it runs inside the language too. A context
    built beforehand carries the page's language into the document, which is
    how the Swedish subject access report came out with Finnish labels."""
    import weasyprint

    with translation.override(language):
        values = context() if callable(context) else context
        html = render_to_string(template, {**values, "LANGUAGE_CODE": language})
    document = weasyprint.HTML(
        string=html, url_fetcher=LocalOnlyURLFetcher(), base_url=str(settings.BASE_DIR)
    )
    return bytes(document.write_pdf(pdf_variant="pdf/ua-1"))


def render_pdf_in_parts(
    template: str,
    parts: Sequence[Context],
    *,
    language: str,
    progress: Callable[[int], None],
) -> bytes:
    """One PDF from `template` rendered once per context in `parts`, the
    pages in order: each part is laid out on its own and `progress` is
    called with the number of parts done, so that a long document (a
    day's letters) shows progress and a heartbeat while it is made. The
    pages are joined by WeasyPrint (Document.copy) into one document."""
    import weasyprint

    pages = []
    first = None
    for done, context in enumerate(parts, start=1):
        with translation.override(language):
            html = render_to_string(template, {**context, "LANGUAGE_CODE": language})
        document = weasyprint.HTML(
            string=html,
            url_fetcher=LocalOnlyURLFetcher(),
            base_url=str(settings.BASE_DIR),
        ).render(pdf_variant="pdf/ua-1")
        first = first or document
        pages.extend(document.pages)
        progress(done)
    if first is None:
        raise ValueError("A PDF needs at least one part.")
    return bytes(first.copy(pages).write_pdf(pdf_variant="pdf/ua-1"))


def pdf_language(request: HttpRequest, *, default: str = "fi") -> str:
    """The document language asked for with `?lang=`, or `default`."""
    language = request.GET.get("lang", "")
    return language if language in PDF_LANGUAGES else default


def stored_pdf_response(content: bytes, *, filename: str, sha256: str) -> HttpResponse:
    """A stored PDF as an attachment, with its digest (RFC 9530) so that a
    reader can check the copy against the one listed in Polku."""
    from django.http import HttpResponse

    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    digest = base64.b64encode(bytes.fromhex(sha256)).decode()
    response["Repr-Digest"] = f"sha-256=:{digest}:"
    return response
