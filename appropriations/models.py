"""Appropriation quotas and the decisions on jobseekers' cases that consume them.

A quota's running totals live on its row and a CHECK constraint keeps the
committed money and person-months within the quota plus any recorded
overrides. A decision commits with one UPDATE that adds to those totals, so
two concurrent decisions serialise on the row lock and the second one fails
the constraint instead of overspending (tests/test_concurrency.py).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import RangeOperators
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cases.models import Case, Jobseeker
from core import textlimits
from core.formats import short_date
from core.models import BaseModel
from organisations.models import DateRange, Organisation, validate_business_id


class AppropriationType(models.TextChoices):
    PAY_SUBSIDY = "pay_subsidy", _("Pay subsidy")
    START_UP_GRANT = "start_up_grant", _("Start-up grant")
    LABOUR_MARKET_TRAINING = "training", _("Labour market training")
    COACHING = "coaching", _("Coaching")
    SERVICE_VOUCHER = "service_voucher", _("Service voucher")


class Quota(BaseModel):
    holder = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="quotas",
        verbose_name=_("pilot or employment area"),
    )
    appropriation = models.CharField(
        _("appropriation"), max_length=24, choices=AppropriationType.choices
    )
    starts_on = models.DateField(_("period starts"))
    ends_on = models.DateField(_("period ends"))
    amount_cents = models.BigIntegerField(_("quota (cents)"))
    person_month_limit = models.PositiveIntegerField(
        _("quota in person-months (tenths)"), null=True, blank=True
    )
    source_reference = models.CharField(_("source decision"), max_length=200)
    source_date = models.DateField(_("date of the source decision"))
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    # Running totals, kept by appropriations.services in the same statement
    # that books a ledger entry.
    committed_cents = models.BigIntegerField(default=0)
    committed_tenths = models.IntegerField(default=0)
    # How far recorded overrides let the totals exceed the quota right now.
    overridden_cents = models.BigIntegerField(default=0)
    overridden_tenths = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("appropriation quota")
        verbose_name_plural = _("appropriation quotas")
        ordering = ["holder_id", "appropriation", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="quota_period_valid",
                violation_error_message=_(
                    "The end date cannot be before the start date."
                ),
            ),
            models.CheckConstraint(
                condition=Q(amount_cents__gte=0), name="quota_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(
                    committed_cents__lte=F("amount_cents") + F("overridden_cents")
                ),
                name="quota_money_not_overspent",
            ),
            models.CheckConstraint(
                condition=Q(person_month_limit__isnull=True)
                | Q(
                    committed_tenths__lte=F("person_month_limit")
                    + F("overridden_tenths")
                ),
                name="quota_person_months_not_overspent",
            ),
            ExclusionConstraint(
                name="quota_no_overlap",
                expressions=[
                    ("holder", RangeOperators.EQUAL),
                    ("appropriation", RangeOperators.EQUAL),
                    (
                        DateRange("starts_on", "ends_on", models.Value("[]")),
                        RangeOperators.OVERLAPS,
                    ),
                ],
                violation_error_message=_(
                    "This pilot or area already has a quota of this type for an "
                    "overlapping period."
                ),
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.holder.display_name}: {self.get_appropriation_display()} "
            f"{short_date(self.starts_on)}–{short_date(self.ends_on)}"
        )

    @property
    def remaining_cents(self) -> int:
        return self.amount_cents - self.committed_cents

    @property
    def remaining_tenths(self) -> int | None:
        if self.person_month_limit is None:
            return None
        return self.person_month_limit - self.committed_tenths


class QuotaRevision(models.Model):
    """Every version of a quota's size and the decision behind it."""

    quota = models.ForeignKey(Quota, on_delete=models.CASCADE, related_name="revisions")
    revision = models.PositiveSmallIntegerField(_("revision"))
    amount_cents = models.BigIntegerField(_("quota (cents)"))
    person_month_limit = models.PositiveIntegerField(null=True, blank=True)
    source_reference = models.CharField(_("source decision"), max_length=200)
    source_date = models.DateField(_("date of the source decision"))
    reason = models.TextField(
        _("reason"), blank=True, validators=textlimits.validators(textlimits.REASON)
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("quota revision")
        verbose_name_plural = _("quota revisions")
        ordering = ["quota_id", "revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["quota", "revision"], name="quota_revision_unique"
            ),
            textlimits.length_constraint(
                "reason", textlimits.REASON, name="quota_revision_reason_length"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quota_id} r{self.revision}"


class DecisionStatus(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    CANCELLED = "cancelled", _("Cancelled")


class Decision(BaseModel):
    """A decision on a jobseeker's case that commits appropriation money."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("case")
    )
    jobseeker = models.ForeignKey(
        Jobseeker,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("jobseeker"),
    )
    appropriation = models.CharField(
        _("decision"), max_length=24, choices=AppropriationType.choices
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=DecisionStatus.choices,
        default=DecisionStatus.IN_FORCE,
    )
    decided_on = models.DateField(_("decided on"))
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    amount_cents = models.BigIntegerField(_("amount (cents)"))
    original_amount_cents = models.BigIntegerField(_("amount decided (cents)"))
    original_ends_on = models.DateField(_("end decided"))
    person_month_tenths = models.IntegerField(_("person-months (tenths)"))
    employer_name = models.CharField(_("employer"), max_length=200, blank=True)
    employer_business_id = models.CharField(
        _("employer's business ID"),
        max_length=9,
        blank=True,
        validators=[validate_business_id],
    )
    subsidy_percent = models.PositiveSmallIntegerField(
        _("pay subsidy %"), null=True, blank=True
    )
    municipality_own_post = models.BooleanField(
        _("the municipality's own pay-subsidised post"),
        default=False,
        # Seed 004: quotas exclude "kunnan omat palkkatukipaikat".
        help_text=_("Recorded, but does not use the state quota."),
    )
    provider = models.CharField(
        _("provider or place"),
        max_length=200,
        blank=True,
        help_text=_("The training, coaching or service voucher provider."),
    )
    override_reason = models.TextField(
        _("reason for exceeding the quota"),
        blank=True,
        validators=textlimits.validators(textlimits.REASON),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True)
    change_reason = models.TextField(
        _("reason for the change"),
        blank=True,
        validators=textlimits.validators(textlimits.REASON),
    )

    class Meta:
        verbose_name = _("appropriation decision")
        verbose_name_plural = _("appropriation decisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="decision_period_valid",
                violation_error_message=_(
                    "The end date cannot be before the start date."
                ),
            ),
            models.CheckConstraint(
                condition=Q(amount_cents__gte=0)
                & Q(amount_cents__lte=F("original_amount_cents")),
                name="decision_amount_valid",
            ),
            models.CheckConstraint(
                condition=~Q(appropriation="pay_subsidy")
                | (~Q(employer_business_id="") & Q(subsidy_percent__isnull=False)),
                name="decision_pay_subsidy_has_employer",
                violation_error_message=_(
                    "A pay subsidy names the employer and the subsidy percentage."
                ),
            ),
            models.CheckConstraint(
                condition=Q(municipality_own_post=False)
                | Q(appropriation="pay_subsidy"),
                name="decision_own_post_only_pay_subsidy",
            ),
            models.CheckConstraint(
                condition=Q(status="cancelled", cancelled_on__isnull=False)
                | Q(status="in_force", cancelled_on__isnull=True),
                name="decision_cancelled_has_date",
            ),
            textlimits.length_constraint(
                "override_reason",
                textlimits.REASON,
                name="decision_override_reason_length",
            ),
            textlimits.length_constraint(
                "change_reason", textlimits.REASON, name="decision_change_reason_length"
            ),
        ]
        indexes = [
            # The jobseeker page: their decisions, newest first.
            models.Index(
                fields=["jobseeker", "-decided_on"], name="decision_jobseeker_idx"
            ),
            # Reporting: decisions of an organisation by type and period.
            models.Index(
                fields=["organisation", "appropriation", "starts_on"],
                name="decision_org_type_idx",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_appropriation_display()} "
            f"{short_date(self.starts_on)}–{short_date(self.ends_on)}"
        )

    @property
    def uses_quota(self) -> bool:
        return not self.municipality_own_post


class QuotaEntry(models.Model):
    """The append-only ledger of a quota: a commitment, a release or an override.

    The quota's running totals equal the sum of its entries; the follow-up
    reads committed money at any past date from here.
    """

    class Kind(models.TextChoices):
        COMMIT = "commit", _("Committed")
        RELEASE = "release", _("Released")

    quota = models.ForeignKey(Quota, on_delete=models.PROTECT, related_name="entries")
    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, related_name="entries"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    booked_on = models.DateField(_("booked on"))
    cents = models.BigIntegerField()
    tenths = models.IntegerField()
    overridden = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("quota entry")
        verbose_name_plural = _("quota entries")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="commit", cents__gte=0, tenths__gte=0)
                | Q(kind="release", cents__lte=0, tenths__lte=0),
                name="quota_entry_sign",
            ),
        ]
        indexes = [
            # Follow-up: a quota's entries by date.
            models.Index(fields=["quota", "booked_on"], name="quota_entry_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.cents}"
