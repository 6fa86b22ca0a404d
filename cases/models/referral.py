"""Referrals: a case shared with a partner organisation under the jobseeker's
consent and a partnership agreement, and the django-guardian grants behind it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from core.models import BaseModel
from organisations.models import Organisation
from partners.models import DataCategory, PartnershipAgreement

from .case import Case

if TYPE_CHECKING:
    import datetime as dt


class ReferralEndReason(models.TextChoices):
    ENDED = "ended", _("Ended by the caseworker")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent withdrawn")
    AGREEMENT_ENDED = "agreement_ended", _("Partnership agreement no longer in force")
    EXPIRED = "expired", _("Referral period ended")
    CASE_CLOSED = "case_closed", _("Case closed")


class ReferralPurpose(models.TextChoices):
    """What a partner is asked to do: the common purposes as translated
    choices, so that a Swedish-speaking partner reads them in Swedish."""

    REHABILITATIVE_WORK = "rehabilitative_work", _("Rehabilitative work activity")
    WORK_TRIAL = "work_trial", _("Work try-out")
    COACHING = "coaching", _("Coaching")
    MULTISECTORAL_SERVICE = "multisectoral_service", _("Multi-sectoral service")
    WORK_ABILITY_ASSESSMENT = (
        "work_ability_assessment",
        _("Health and work ability assessment"),
    )
    OTHER = "other", _("Other")


class ReferralQuerySet(models.QuerySet["Referral"]):
    def active(self, *, on: dt.date) -> Self:
        """Referrals giving access on `on`: not ended, consent in force, in period."""
        return self.filter(
            ended_on__isnull=True,
            consent_withdrawn_on__isnull=True,
            valid_from__lte=on,
            valid_until__gte=on,
        )


class Referral(BaseModel):
    EndReason = ReferralEndReason
    Purpose = ReferralPurpose

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("case")
    )
    partner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="referrals_received",
        verbose_name=_("partner organisation"),
    )
    agreement = models.ForeignKey(
        PartnershipAgreement,
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("partnership agreement"),
    )
    purpose_kind = models.CharField(
        _("purpose"),
        max_length=32,
        choices=ReferralPurpose.choices,
        default=ReferralPurpose.OTHER,
    )
    # Free text, in the language it was written in: details of the purpose,
    # or the purpose itself when none of the choices fits.
    purpose = models.CharField(_("details of the purpose"), max_length=300, blank=True)
    consent_given_on = models.DateField(_("consent given on"))
    consent_scope = ArrayField(
        models.CharField(max_length=32, choices=DataCategory.choices),
        verbose_name=_("consent covers"),
        default=list,
        blank=True,
    )
    consent_withdrawn_on = models.DateField(
        _("consent withdrawn on"), null=True, blank=True
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(
        _("reason for ending"),
        max_length=32,
        choices=ReferralEndReason.choices,
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("referred by"),
    )

    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("valid_from")),
                name="referral_valid_period",
                violation_error_message=_(
                    "The end date cannot be before the start date."
                ),
            ),
            models.CheckConstraint(
                condition=Q(consent_scope__contained_by=DataCategory.values),
                name="referral_consent_scope_valid",
            ),
            models.CheckConstraint(
                condition=Q(end_reason="") | Q(end_reason__in=ReferralEndReason.values),
                name="referral_end_reason_valid",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | ~Q(end_reason=""),
                name="referral_ended_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(purpose_kind__in=ReferralPurpose.values),
                name="referral_purpose_kind_valid",
            ),
            models.CheckConstraint(
                condition=~Q(purpose_kind=ReferralPurpose.OTHER) | ~Q(purpose=""),
                name="referral_other_purpose_described",
                violation_error_message=_("Describe the purpose."),
            ),
        ]
        indexes = [
            # Partner worker's list: active referrals to their organisation.
            models.Index(
                fields=["partner", "valid_until"],
                condition=Q(ended_on__isnull=True, consent_withdrawn_on__isnull=True),
                name="referral_partner_active_idx",
            ),
            models.Index(fields=["case"], name="referral_case_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case} → {self.partner}"

    @property
    def purpose_label(self) -> str:
        """ "Kuntouttava työtoiminta – puutyöpaja": the purpose in the reader's
        language, then the details as written; "Other" alone says nothing."""
        if self.purpose_kind == ReferralPurpose.OTHER and self.purpose:
            return self.purpose
        label = str(self.get_purpose_kind_display())
        return f"{label} – {self.purpose}" if self.purpose else label

    @property
    def consent_scope_labels(self) -> list[str]:
        labels = dict(DataCategory.choices)
        return [str(labels[item]) for item in self.consent_scope if item in labels]


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
