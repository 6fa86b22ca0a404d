"""Access to cases beyond the organisation's own: break-the-glass (reading a
record outside one's own organisations, with a written reason, for a short
time, reviewed afterwards by a team lead) and the django-guardian grants on
cases that partners.referrals give."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from core import textlimits
from core.formats import local_datetime
from organisations.models import Organisation

from .case import Case
from .jobseeker import Jobseeker


class BreakGlassAccess(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="break_glass_accesses",
        verbose_name=_("user"),
    )
    jobseeker = models.ForeignKey(
        Jobseeker,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("jobseeker"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation responsible for the data"),
    )
    reason = models.TextField(
        _("reason"), validators=textlimits.validators(textlimits.REASON)
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(
        _("review note"),
        blank=True,
        validators=textlimits.validators(textlimits.REASON),
    )

    class Meta:
        verbose_name = _("break-the-glass access")
        verbose_name_plural = _("break-the-glass accesses")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("opened_at")),
                name="break_glass_expires_after_opening",
            ),
            models.CheckConstraint(
                condition=Q(reviewed_at__isnull=True) | Q(reviewed_by__isnull=False),
                name="break_glass_review_has_reviewer",
            ),
            textlimits.length_constraint(
                "reason", textlimits.REASON, name="break_glass_reason_length"
            ),
            textlimits.length_constraint(
                "review_note", textlimits.REASON, name="break_glass_review_note_length"
            ),
        ]
        indexes = [
            # "May this user read this jobseeker now?"
            models.Index(
                fields=["user", "jobseeker", "expires_at"], name="break_glass_grant_idx"
            ),
            # Team lead's review queue.
            models.Index(
                fields=["opened_at"],
                condition=Q(reviewed_at__isnull=True),
                name="break_glass_unreviewed_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.jobseeker_id} {local_datetime(self.opened_at)}"


class CaseUserObjectPermission(UserObjectPermissionBase):
    """django-guardian grant of a permission on one case to one user (direct FK)."""

    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        abstract = False


class CaseGroupObjectPermission(GroupObjectPermissionBase):
    """django-guardian grant on one case to a group; Polku's groups stand for
    partner organisations, so one grant serves all of a partner's workers."""

    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        abstract = False
