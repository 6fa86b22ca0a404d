from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.test import RequestFactory

from core.redaction import (
    PolkuExceptionReporterFilter,
    RedactIdentityCodesFilter,
    redact,
)

if TYPE_CHECKING:
    import pytest

CODE = "010594Y9032"


def test_identity_codes_are_removed_from_text() -> None:
    assert CODE not in redact(f"search q={CODE} failed")
    assert redact("no codes here 12345") == "no codes here 12345"


def test_log_records_lose_identity_codes(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("polku.test")
    logger.addFilter(RedactIdentityCodesFilter())
    try:
        with caplog.at_level(logging.INFO, logger="polku.test"):
            logger.info("lookup %s", CODE)
    finally:
        logger.filters.clear()

    assert CODE not in caplog.text


def test_error_reports_lose_identity_codes() -> None:
    request = RequestFactory().post("/work/search/", {"q": CODE})

    params = PolkuExceptionReporterFilter().get_post_parameters(request)

    assert CODE not in str(params)


def test_a_debug_404_page_renders_with_the_filter(
    settings: object, client: object
) -> None:
    """Django's technical 404 page cleanses every setting through the filter."""
    from django.utils.functional import lazy

    filter_ = PolkuExceptionReporterFilter()
    lazy_text = lazy(lambda: f"code {CODE}", str)()

    assert CODE not in filter_.cleanse_setting("SOME_SETTING", lazy_text)
    assert filter_.get_safe_settings()
