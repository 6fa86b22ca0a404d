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

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from core.formats import recorded, short_date
from core.models import BaseModel, LocalisedNameMixin
from organisations.models import Organisation, OrganisationKind

if TYPE_CHECKING:
    import datetime as dt
    from decimal import Decimal


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
    APPROVED = "approved", _("Approved by every party")
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
        categories = ", ".join(self.category_labels) or "-"
        return f"{self.get_organisation_kind_display()}: {categories} ({self.max_days})"

    @property
    def category_labels(self) -> list[str]:
        return [str(DataCategory(c).label) for c in self.categories]


class AgreementVersion(BaseModel):
    """One wording of the agreement; parties approve a version, not a moving text."""

    agreement = models.ForeignKey(
        PartnershipAgreement,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("agreement"),
    )
    number = models.PositiveIntegerField(_("version"))
    summary = models.TextField(_("content"))

    class Meta:
        verbose_name = _("agreement version")
        verbose_name_plural = _("agreement versions")
        ordering = ["agreement", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"], name="agreement_version_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} v{self.number}"


class Approval(BaseModel):
    """A party's decision approving a version, as the minutes cite it:
    decision body, date and section ("KHALL 17.12.2019 § 228")."""

    version = models.ForeignKey(
        AgreementVersion,
        on_delete=models.CASCADE,
        related_name="approvals",
        verbose_name=_("version"),
    )
    party = models.ForeignKey(
        AgreementParty,
        on_delete=models.CASCADE,
        related_name="approvals",
        verbose_name=_("party"),
    )
    decision_body = models.CharField(
        _("decision body"), max_length=40, help_text=_("For example KHALL or KV.")
    )
    decided_on = models.DateField(_("decided on"))
    section = models.CharField(
        _("section"), max_length=20, help_text=_("For example § 228.")
    )

    class Meta:
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "party"], name="approval_once_per_party"
            ),
        ]

    def __str__(self) -> str:
        return self.citation

    @property
    def citation(self) -> str:
        return (
            f"{self.decision_body} {short_date(self.decided_on)} {self.section}".strip()
        )


class SteeringGroupMember(BaseModel):
    """Each party's member and deputy by title (seed 000, 23.2.2021 § 40)."""

    agreement = models.ForeignKey(
        PartnershipAgreement,
        on_delete=models.CASCADE,
        related_name="steering_group",
        verbose_name=_("agreement"),
    )
    party = models.ForeignKey(
        AgreementParty,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("party"),
    )
    member = models.CharField(_("member"), max_length=200)
    deputy = models.CharField(_("deputy"), max_length=200, blank=True)
    decision = models.CharField(_("appointed by"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("steering group member")
        verbose_name_plural = _("steering group")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "party"], name="steering_member_once_per_party"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party}: {self.member}"


class EvaluationTarget(BaseModel):
    """An indicator and target the partners agreed (seed 003: activation rate ≈25 %
    → over 40 %; municipal share of labour market subsidy down 30 %)."""

    class Direction(models.TextChoices):
        INCREASE = "increase", _("Increase")
        DECREASE = "decrease", _("Decrease")

    agreement = models.ForeignKey(
        PartnershipAgreement,
        on_delete=models.CASCADE,
        related_name="targets",
        verbose_name=_("agreement"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    indicator = models.CharField(
        _("indicator"),
        max_length=64,
        help_text=_("Indicator code of the reporting app."),
    )
    description = models.CharField(_("description"), max_length=300)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2)
    # Seed 003 gives its baselines as the applicant's estimates ("noin 25 %",
    # "jopa 30 % ... yli 500 000 €/v"): readers see "estimate" beside them.
    baseline_is_estimate = models.BooleanField(
        _("baseline is an estimate"),
        default=False,
        help_text=_(
            "The source gives the baseline only approximately, or it is worked "
            "out from the source's figures."
        ),
    )
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    direction = models.CharField(
        _("direction"), max_length=16, choices=Direction.choices
    )
    target_on = models.DateField(_("by"))
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        verbose_name = _("evaluation target")
        verbose_name_plural = _("evaluation plan")
        constraints = [
            models.CheckConstraint(
                condition=Q(direction__in=["increase", "decrease"]),
                name="evaluation_target_direction_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.description


class ServiceTier(models.TextChoices):
    """Seed 002's division of the services."""

    CENTRALISED = "centralised", _("Centralised in the responsible municipality")
    DELEGATED = "delegated", _("Delegated local statutory service")
    MUNICIPAL = "municipal", _("Municipality's own voluntary service")
    STATE = "state", _("Left to the state")


class CatalogueService(LocalisedNameMixin, BaseModel):
    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    tier = models.CharField(_("tier"), max_length=16, choices=ServiceTier.choices)
    statutory = models.BooleanField(_("statutory"), default=True)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("catalogue service")
        verbose_name_plural = _("service catalogue")
        ordering = ["tier", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(tier__in=ServiceTier.values),
                name="catalogue_service_tier_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.localised_name


class Responsibility(BaseModel):
    """One row of the service responsibility matrix of an agreement."""

    agreement = models.ForeignKey(
        PartnershipAgreement,
        on_delete=models.CASCADE,
        related_name="responsibilities",
        verbose_name=_("agreement"),
    )
    service = models.ForeignKey(
        CatalogueService,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("service"),
    )
    organiser = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organises"),
    )
    producer = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("produces"),
    )
    serves = models.ManyToManyField(
        Organisation, related_name="+", verbose_name=_("for municipalities"), blank=True
    )
    may_buy_from = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("may be bought from"),
    )

    class Meta:
        verbose_name = _("responsibility")
        verbose_name_plural = _("service responsibility matrix")

    def __str__(self) -> str:
        return f"{self.service}: {self.producer or '-'}"


class MoneyRule(BaseModel):
    """The regional model's money terms recorded with the agreement (seed 002)."""

    class Kind(models.TextChoices):
        STATE_SHARE = (
            "state_share",
            _("Part of the state contribution to the responsible municipality"),
        )
        EQUALISATION = "equalisation", _("Equalisation within a sub-region")
        SANCTION = "sanction", _("Sanction when a service does not work")

    agreement = models.ForeignKey(
        PartnershipAgreement,
        on_delete=models.CASCADE,
        related_name="money_rules",
        verbose_name=_("agreement"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    percentage = models.DecimalField(
        _("percentage"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    text = models.TextField(_("terms"))

    class Meta:
        verbose_name = _("money rule")
        verbose_name_plural = _("money rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["state_share", "equalisation", "sanction"]),
                name="money_rule_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class SplitKey(models.TextChoices):
    EQUAL = "equal", _("Equal shares")
    POPULATION = "population", _("By population")
    CLIENT_VOLUME = "client_volume", _("By client volume")


class Project(BaseModel):
    """A joint project with a budget, external funding and the parties' shares."""

    name = models.CharField(_("name"), max_length=300)
    agreement = models.ForeignKey(
        PartnershipAgreement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("agreement"),
    )
    administrator = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("administrator"),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    funding = models.CharField(_("funding programme"), max_length=300, blank=True)
    total_cents = models.BigIntegerField(_("total budget (cents)"))
    external_rate = models.DecimalField(
        _("external funding rate"),
        max_digits=5,
        decimal_places=4,
        # xgettext:no-python-format  # noqa: ERA001 - a directive to xgettext
        help_text=_("For example 0.8 for 80 % ESF and state funding."),
    )
    split_key = models.CharField(
        _("split key"), max_length=16, choices=SplitKey.choices, default="equal"
    )

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(total_cents__gte=0), name="project_total_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(external_rate__gte=0, external_rate__lte=1),
                name="project_external_rate_0_1",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="project_valid_period",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def external_rate_percent(self) -> Decimal:
        return (self.external_rate * 100).normalize()


class ProjectParty(BaseModel):
    project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        related_name="parties",
        verbose_name=_("project"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    client_volume = models.PositiveIntegerField(
        _("client volume"), null=True, blank=True
    )
    cap_cents = models.BigIntegerField(_("at most (cents)"), null=True, blank=True)

    class Meta:
        verbose_name = _("project party")
        verbose_name_plural = _("project parties")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation"], name="project_party_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project}: {self.organisation}"


class FigureKey(models.TextChoices):
    """The project figures that sources state and Polku can check."""

    TOTAL_COST = "total_cost", _("Total cost")
    EXTERNAL_FUNDING = "external_funding", _("External funding")
    MUNICIPAL_SHARE_TOTAL = "municipal_share_total", _("Municipalities' share")
    MUNICIPAL_SHARE_PER_MUNICIPALITY = (
        "municipal_share_per_municipality",
        _("Share per municipality"),
    )
    OTHER_EXTERNAL_FUNDING = "other_external_funding", _("Other external funding")


class RecordedFigure(BaseModel):
    """A figure as a source states it; disagreeing sources become warnings."""

    project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        related_name="figures",
        verbose_name=_("project"),
    )
    key = models.CharField(_("figure"), max_length=64, choices=FigureKey.choices)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2)
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        verbose_name = _("recorded figure")
        verbose_name_plural = _("recorded figures")
        constraints = [
            models.CheckConstraint(
                condition=Q(key__in=FigureKey.values),
                name="recorded_figure_key_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_key_display()}: {recorded(self.value)} ({self.source})"


# --- Referrals: a case shared with a partner -----------------------------------
# A case shared with a partner organisation under the jobseeker's consent and
# a partnership agreement; the django-guardian grants behind the sharing are
# cases' own (cases.models.access).


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


def referral_purpose_label(kind: str, purpose: str) -> str:
    """ "Kuntouttava työtoiminta – puutyöpaja": the purpose in the reader's
    language, then the details as written; "Other" alone says nothing."""
    if kind == ReferralPurpose.OTHER and purpose:
        return purpose
    label = str(dict(ReferralPurpose.choices).get(kind, kind))
    return f"{label} – {purpose}" if purpose else label


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
        # The table of the cases app, where referrals began: the model moved
        # here (it refers to agreements) without moving its rows
        # (migrations partners 0004, cases 0016).
        db_table = "cases_referral"
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
        return referral_purpose_label(self.purpose_kind, self.purpose)

    @property
    def consent_scope_labels(self) -> list[str]:
        labels = dict(DataCategory.choices)
        return [str(labels[item]) for item in self.consent_scope if item in labels]
