"""What the outbox tells the apps above it (STYLE.md 2.15, layers).

messaging knows no jobseeker record and sits beside audit, so it neither
writes the timeline nor the access log itself: the app that queued the
message subscribes in its AppConfig.ready() and does both.
"""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside the transaction that records a batch of messages sent or
# failed for good (after their last try). Arguments: messages:
# list[messaging.models.Message] (status, channel, idempotency_key,
# jobseeker_id, organisation_id as recorded). Receivers write in the same
# transaction, set-based (one statement per batch, not per message): the
# timeline events commit together with the statuses they describe.
messages_outcome = Signal()

# Sent when a page shows message contents to a signed-in user. Arguments:
# request: HttpRequest, messages: list[messaging.models.Message]. Receivers
# log the read in the access log (a message names its recipient).
messages_read = Signal()
