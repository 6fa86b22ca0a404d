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

from organisations.models import (
    Membership,
    MembershipRole,
    OrganisationRelation,
    Team,
)

from .models import User

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.db.models import QuerySet


def access_version_bump(*, user_ids: Iterable[int] | QuerySet[User, int]) -> None:
    """Make the users' session-kept access stale (one UPDATE)."""
    User.objects.filter(id__in=user_ids).update(access_version=F("access_version") + 1)


def membership_team_remember(instance: Membership, **_kwargs: object) -> None:
    """Before a membership is saved, note the team it was in: leaving a team
    changes that team's leads' member lists too (membership_changed)."""
    instance._polku_team_before = (  # type: ignore[attr-defined]
        Membership.objects.filter(pk=instance.pk)
        .values_list("team_id", flat=True)
        .first()
        if instance.pk is not None
        else None
    )


def membership_changed(instance: Membership, **_kwargs: object) -> None:
    """A membership saved or deleted: its user's roles or teams changed, and
    so did the member lists of the leads of the teams it joined or left
    (organisations.selectors.led_team_member_ids)."""
    teams = {instance.team_id, getattr(instance, "_polku_team_before", None)}
    teams.discard(None)
    leads = Membership.objects.filter(
        team_id__in=teams, role=MembershipRole.TEAM_LEAD
    ).values_list("user_id", flat=True)
    access_version_bump(user_ids=[instance.user_id, *leads])


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
    from django.db.models.signals import post_delete, post_save, pre_save
    from django_otp.plugins.otp_totp.models import TOTPDevice

    pre_save.connect(
        membership_team_remember,
        sender=Membership,
        dispatch_uid="polku_access_version_Membership_team",
    )
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
