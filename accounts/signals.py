"""Increment users' access version when what they may do changes.

What a session keeps of the user's access (core.memo.per_session: roles,
organisations, led teams, the second-factor state) is stamped with
User.access_version. Every write that can change it increments the
version of the users concerned in the same transaction, so the next
request computes it afresh: an ended membership stops access at once.
Signals because the writes live in several apps (organisations, the admin,
django-otp's device views) that sit beside or below accounts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import F

from organisations.models import Membership, OrganisationRelation, Team

from .models import User

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.db.models import QuerySet


def access_version_bump(*, user_ids: Iterable[int] | QuerySet[User, int]) -> None:
    """Make the users' session-kept access stale (one UPDATE)."""
    User.objects.filter(id__in=user_ids).update(access_version=F("access_version") + 1)


def membership_changed(instance: object, **_kwargs: object) -> None:
    """A membership saved or deleted: its user's roles or teams changed."""
    user_id = getattr(instance, "user_id", None)
    if user_id is not None:
        access_version_bump(user_ids=[user_id])


def team_changed(instance: Team, **_kwargs: object) -> None:
    """A team renamed, moved or deleted: its members' and leads' teams changed."""
    access_version_bump(
        user_ids=Membership.objects.filter(team=instance).values_list(
            "user_id", flat=True
        )
    )


def relation_changed(instance: OrganisationRelation, **_kwargs: object) -> None:
    """An area's member link changed: the area's members cover other
    municipalities (and members of the municipality act in another area)."""
    access_version_bump(
        user_ids=Membership.objects.filter(
            organisation_id__in=[instance.parent_id, instance.child_id]
        ).values_list("user_id", flat=True)
    )


def device_changed(instance: object, **_kwargs: object) -> None:
    """A second-factor device added, confirmed or removed."""
    user_id = getattr(instance, "user_id", None)
    if user_id is not None:
        access_version_bump(user_ids=[user_id])


def connect() -> None:
    from django.db.models.signals import post_delete, post_save
    from django_otp.plugins.otp_totp.models import TOTPDevice

    for model, receiver in (
        (Membership, membership_changed),
        (Team, team_changed),
        (OrganisationRelation, relation_changed),
        (TOTPDevice, device_changed),
    ):
        for name, signal in (("save", post_save), ("delete", post_delete)):
            signal.connect(
                receiver,
                sender=model,
                dispatch_uid=f"polku_access_version_{model.__name__}_{name}",
            )
