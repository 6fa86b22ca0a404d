from __future__ import annotations

import pytest

from core.pdf import LocalOnlyURLFetcher, NetworkRefusedError


def test_the_pdf_fetcher_serves_local_static_files() -> None:
    response = LocalOnlyURLFetcher().fetch("polku-static:css/pdf.css")

    assert b"@page" in response.read()
    assert response.content_type == "text/css"


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/font.woff",
        "http://127.0.0.1:8000/static/css/pdf.css",
        "file:///etc/passwd",
        "polku-static:../../config/settings/base.py",
    ],
)
def test_the_pdf_fetcher_refuses_everything_else(url: str) -> None:
    with pytest.raises(NetworkRefusedError):
        LocalOnlyURLFetcher().fetch(url)
