"""Who may read the outbox: the staff of the sending organisation who may
read its clients' personal data (a message names its recipient)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from organisations.selectors import PERSONAL_DATA_ROLES, organisation_ids_covered

from .backends import is_development_sms

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from accounts.models import User

    from .models import Message


def can_read_development_messages(user: User) -> bool:
    """The development page exists only with the development SMS backend,
    for users who serve clients of some organisation."""
    return (
        is_development_sms()
        and organisation_ids_covered(user=user, roles=PERSONAL_DATA_ROLES).exists()
    )


def messages_visible_to(user: User) -> QuerySet[Message]:
    from .models import Message

    return Message.objects.filter(
        organisation_id__in=organisation_ids_covered(
            user=user, roles=PERSONAL_DATA_ROLES
        )
    )
