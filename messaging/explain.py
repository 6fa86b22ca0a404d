"""The outbox in words for caseworkers: why a message failed."""

from __future__ import annotations

from django.utils.translation import gettext as _

from . import rules


def failure_reason(last_error: str) -> str:
    """The reason of a failed message in the reader's language, from the
    provider's last answer (the raw answer stays in the admin)."""
    return {
        rules.RECIPIENT_REFUSED: _(
            "The e-mail address or phone number was refused. Check the "
            "jobseeker's contact details, then send again or print a letter."
        ),
        rules.PROVIDER_UNREACHABLE: _(
            "The message service could not be reached. Send again later, or "
            "print a letter."
        ),
        rules.PROVIDER_REFUSED: _(
            "The message service did not accept the message. Send again, or "
            "print a letter."
        ),
    }[rules.failure_kind(last_error)]
