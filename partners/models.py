"""Partnership agreements (kumppanuussopimus) between municipalities, the TE
office or employment authority, the ELY centre, wellbeing services counties and
third-sector organisations (seeds 000-002).

This module holds what access control needs: who the parties are, when the
agreement is in force, and which kinds of partner may see which categories of
a referred jobseeker's data for how long. The lifecycle of approvals, the
service matrix and the money come with the partners issue.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel
from organisations.models import Organisation, OrganisationKind

if TYPE_CHECKING:
    import datetime as dt


class DataCategory(models.TextChoices):
    """What a partner may see of a referred jobseeker beyond name and municipality."""

    CONTACT = "contact", _("Contact details")
    IDENTITY_CODE = "identity_code", _("Personal identity code")
    ASSESSMENT = "assessment", _("Service needs assessment")
    HEALTH = "health", _("Health and work-ability information")
    PLANS = "plans", _("Plans")
    SERVICES = "services", _("Services and job offers")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    NEGOTIATION = "negotiation", _("In negotiation")
    IN_FORCE = "in_force", _("In force")
    ENDED = "ended", _("Ended")
    TERMINATED = "terminated", _("Terminated")


class AgreementQuerySet(models.QuerySet["PartnershipAgreement"]):
    def in_force(self, *, on: dt.date) -> Self:
        """Agreements in force on `on`: approved by all and within their period."""
        return self.filter(
            Q(status=AgreementStatus.IN_FORCE, valid_from__lte=on)
            & (Q(valid_until__isnull=True) | Q(valid_until__gte=on))
        )


class PartnershipAgreement(BaseModel):
    Status = AgreementStatus

    name = models.CharField(_("name"), max_length=300)
    status = models.CharField(
        _("status"), max_length=16, choices=AgreementStatus.choices, default="draft"
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    source = models.TextField(_("source"), blank=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("partnership agreement")
        verbose_name_plural = _("partnership agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=AgreementStatus.values),
                name="agreement_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="agreement_valid_period",
                violation_error_message=_(
                    "The end date cannot be before the start date."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_in_force_on(self, day: dt.date) -> bool:
        return (
            self.status == AgreementStatus.IN_FORCE
            and self.valid_from <= day
            and (self.valid_until is None or self.valid_until >= day)
        )


class PartyRole(models.TextChoices):
    RESPONSIBLE_MUNICIPALITY = "responsible_municipality", _("Responsible municipality")
    AREA_RESPONSIBLE_MUNICIPALITY = (
        "area_responsible_municipality",
        _("Area-responsible municipality"),
    )
    MEMBER_MUNICIPALITY = "member_municipality", _("Member municipality")
    EMPLOYMENT_AUTHORITY = (
        "employment_authority",
        _("TE office or employment authority"),
    )
    ELY_CENTRE = "ely_centre", _("ELY centre")
    WELLBEING_COUNTY = "wellbeing_county", _("Wellbeing services county")
    THIRD_SECTOR = "third_sector", _("Third-sector organisation")
    EDUCATION_PROVIDER = "education_provider", _("Education provider")


class AgreementParty(BaseModel):
    agreement = models.ForeignKey(
        PartnershipAgreement,
        on_delete=models.CASCADE,
        related_name="parties",
        verbose_name=_("agreement"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="agreement_parties",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=32, choices=PartyRole.choices)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organisation"], name="agreement_party_once"
            ),
            models.CheckConstraint(
                condition=Q(role__in=PartyRole.values),
                name="agreement_party_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"


class DataSharingTerm(BaseModel):
    """Which kind of partner may see which data of a referred jobseeker, how long."""

    agreement = models.ForeignKey(
        PartnershipAgreement,
        on_delete=models.CASCADE,
        related_name="sharing_terms",
        verbose_name=_("agreement"),
    )
    organisation_kind = models.CharField(
        _("kind of partner"), max_length=32, choices=OrganisationKind.choices
    )
    categories = ArrayField(
        models.CharField(max_length=32, choices=DataCategory.choices),
        verbose_name=_("data categories"),
        default=list,
        blank=True,
    )
    max_days = models.PositiveIntegerField(
        _("longest referral (days)"),
        help_text=_("How long one referral may give access."),
        default=365,
    )

    class Meta:
        verbose_name = _("data sharing term")
        verbose_name_plural = _("data sharing terms")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organisation_kind"],
                name="sharing_term_once_per_kind",
            ),
            models.CheckConstraint(
                condition=Q(categories__contained_by=DataCategory.values),
                name="sharing_term_categories_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement}: {self.get_organisation_kind_display()}"
