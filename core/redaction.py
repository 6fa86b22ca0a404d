"""Keep identity codes out of logs and error reports.

Any text shaped like a Finnish personal identity code (DDMMYYCZZZQ) is
replaced before a log record is written or an error report is built, so a
code typed into a form, a URL or an exception message never reaches a log
file, an e-mail to the administrators or an error tracker.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from django.http import QueryDict
from django.utils.functional import Promise
from django.views.debug import SafeExceptionReporterFilter

IDENTITY_CODE_LIKE = re.compile(r"\b\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]\b", re.IGNORECASE)
REDACTED = "[henkilötunnus poistettu]"


def redact(text: str) -> str:
    return IDENTITY_CODE_LIKE.sub(REDACTED, text)


def _redact_value(value: Any) -> Any:
    if isinstance(value, str | Promise):
        # str() resolves lazy strings, which re cannot search as they are.
        return redact(str(value))
    return value


class RedactIdentityCodesFilter(logging.Filter):
    """A logging filter that rewrites the record's message without identity codes."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg = cleaned
            record.args = None
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


class PolkuExceptionReporterFilter(SafeExceptionReporterFilter):
    """Django's error reports, with identity codes removed from every value."""

    def is_active(self, request: Any) -> bool:
        # Also when DEBUG is on: demo and test data must stay clean too.
        return True

    def get_post_parameters(self, request: Any) -> Any:
        params = super().get_post_parameters(request)
        if isinstance(params, QueryDict):
            cleaned = params.copy()
            for key in list(cleaned.keys()):
                cleaned.setlist(key, [_redact_value(v) for v in cleaned.getlist(key)])
            return cleaned
        return {key: _redact_value(value) for key, value in params.items()}

    def cleanse_setting(self, key: Any, value: Any) -> Any:
        return _redact_value(super().cleanse_setting(key, value))

    def get_traceback_frame_variables(self, request: Any, tb_frame: Any) -> Any:
        return [
            (name, _redact_value(value) if isinstance(value, str) else value)
            for name, value in super().get_traceback_frame_variables(request, tb_frame)
        ]

    def get_safe_request_meta(self, request: Any) -> Any:
        return {
            k: _redact_value(v)
            for k, v in super().get_safe_request_meta(request).items()
        }
