"""Break-the-glass access and its review."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import BreakGlassAccess, Jobseeker

if TYPE_CHECKING:
    from accounts.models import User

# How long one break-the-glass access lasts, and how long the offer made on a
# search result stays valid: short, so the reason given matches the read.
BREAK_GLASS_DURATION = dt.timedelta(minutes=60)
OFFER_MAX_AGE = 10 * 60
MIN_REASON_LENGTH = 20
SALT = "polku.break-glass"


def break_glass_offer(*, user: User, jobseeker: Jobseeker) -> str:
    """A signed, short-lived token that lets `user` ask to open `jobseeker`.

    Only a search by the full identity code produces one, so record ids
    outside one's scope cannot be tried one by one.
    """
    return signing.dumps({"u": user.pk, "j": jobseeker.pk}, salt=SALT)


@transaction.atomic
def break_glass_open(*, user: User, token: str, reason: str) -> BreakGlassAccess:
    """Open a record outside the user's scope for a short time, with a reason."""
    try:
        data = signing.loads(token, salt=SALT, max_age=OFFER_MAX_AGE)
    except signing.BadSignature as exc:
        raise ValidationError(
            _("The offer to open the record has expired. Search again.")
        ) from exc
    if data.get("u") != user.pk:
        raise ValidationError(
            _("The offer to open the record has expired. Search again.")
        )
    reason = reason.strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationError(
            {
                "reason": _(
                    "Explain in at least %(n)d characters why you need the record."
                )
                % {"n": MIN_REASON_LENGTH}
            }
        )
    jobseeker = Jobseeker.objects.get(pk=data["j"])
    now = timezone.now()
    return BreakGlassAccess.objects.create(
        user=user,
        jobseeker=jobseeker,
        organisation_id=jobseeker.organisation_id,
        reason=reason,
        expires_at=now + BREAK_GLASS_DURATION,
    )


@transaction.atomic
def break_glass_review(
    *, access: BreakGlassAccess, reviewer: User, note: str
) -> BreakGlassAccess:
    access = BreakGlassAccess.objects.select_for_update().get(pk=access.pk)
    if access.reviewed_at is not None:
        raise ValidationError(_("This access has already been reviewed."))
    access.reviewed_by = reviewer
    access.reviewed_at = timezone.now()
    access.review_note = note.strip()
    access.save(update_fields=["reviewed_by", "reviewed_at", "review_note"])
    return access
