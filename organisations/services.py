"""Writes about organisations."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import transaction

from .models import Organisation


@transaction.atomic
def organisation_group(organisation: Organisation) -> Group:
    """The organisation's auth group, created on first use.

    Object permissions for partners are granted to this group; whether a user
    acts for the organisation is decided by their memberships, in SQL, so the
    group needs no members and an ended membership ends access at once.
    """
    if organisation.group_id is not None:
        return organisation.group  # type: ignore[return-value]
    locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if locked.group_id is None:
        locked.group = Group.objects.create(name=f"organisation:{organisation.pk}")
        locked.save(update_fields=["group", "updated_at"])
    organisation.group = locked.group
    return locked.group  # type: ignore[return-value]
