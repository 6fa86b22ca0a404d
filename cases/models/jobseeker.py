"""The jobseeker: identity, language, integration and benefit facts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from cases import rules
from core import crypto
from core.models import BaseModel
from organisations.models import Organisation

if TYPE_CHECKING:
    import datetime as dt


class BenefitType(models.TextChoices):
    EARNINGS_RELATED = "earnings_related", _("Earnings-related daily allowance")
    BASIC_ALLOWANCE = "basic_allowance", _("Basic daily allowance")
    LABOUR_MARKET_SUBSIDY = "labour_market_subsidy", _("Labour market subsidy")
    NONE = "none", _("No unemployment benefit")


class JobseekerQuerySet(models.QuerySet["Jobseeker"]):
    def for_organisations(
        self, organisation_ids: models.QuerySet[Organisation, int] | list[int]
    ) -> JobseekerQuerySet:
        """Jobseekers whose responsible organisation is in `organisation_ids` (SQL)."""
        return self.filter(organisation_id__in=organisation_ids)

    def with_identity_code(self, identity_code: str) -> JobseekerQuerySet:
        """Exact match through the blind index; no plaintext is ever compared."""
        return self.filter(identity_code_index=crypto.blind_index(identity_code))

    def matching_name(self, text: str) -> JobseekerQuerySet:
        """Every word of `text` begins or occurs in the first or last names."""
        queryset = self
        for word in text.split()[:4]:
            queryset = queryset.filter(
                Q(last_name__icontains=word) | Q(first_names__icontains=word)
            )
        return queryset


class Jobseeker(BaseModel):
    class MotherTongue(models.TextChoices):
        FINNISH = "fi", _("Finnish")
        SWEDISH = "sv", _("Swedish")
        SAMI = "se", _("Sámi")
        OTHER = "other", _("Other (foreign-language speaker)")

    # No single-column index: jobseeker_org_id_idx leads with it.
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="jobseekers",
        verbose_name=_("responsible organisation"),
        help_text=_("The organisation whose staff serve this jobseeker (tenancy)."),
        db_index=False,
    )
    home_municipality = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="resident_jobseekers",
        verbose_name=_("home municipality"),
        limit_choices_to={"kind": "municipality"},
    )
    identity_code_encrypted = models.BinaryField(_("identity code (encrypted)"))
    # Unique by the Meta constraint: unique=True would add a varchar_pattern_ops
    # twin for LIKE, and nothing searches a keyed hash by prefix.
    identity_code_index = models.CharField(
        _("identity code search key"), max_length=64, editable=False
    )
    first_names = models.CharField(_("first names"), max_length=200)
    last_name = models.CharField(_("last name"), max_length=200)
    birth_date = models.DateField(_("date of birth"))
    mother_tongue = models.CharField(
        _("mother tongue"),
        max_length=8,
        choices=MotherTongue.choices,
        default=MotherTongue.FINNISH,
    )
    other_language = models.CharField(
        _("other mother tongue"),
        max_length=100,
        blank=True,
        help_text=_(
            "The language, when the mother tongue is other than Finnish, "
            "Swedish or Sámi."
        ),
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.CharField(_("postal address"), max_length=300, blank=True)

    # Integration (Act 681/2023; 1386/2010 before 2025).
    is_immigrant = models.BooleanField(_("immigrant"), default=False)
    first_residence_on = models.DateField(
        _("first residence permit or registration"),
        null=True,
        blank=True,
        help_text=_("Starts the three-year window for a first integration plan."),
    )
    integration_need = models.BooleanField(
        _("assessed integration need"), default=False
    )
    under_temporary_protection = models.BooleanField(
        _("under temporary protection"), default=False
    )
    # False for people (e.g. under temporary protection) who have no Finnish
    # home municipality yet; home_municipality is then where they live.
    home_municipality_registered = models.BooleanField(
        _("has a home municipality"), default=True
    )

    # Benefit facts behind the activation and multi-sectoral triggers and the
    # municipal financing share; imported from Kela or the benefit fund.
    benefit_type = models.CharField(
        _("unemployment benefit"),
        max_length=32,
        choices=BenefitType.choices,
        default=BenefitType.NONE,
    )
    lms_days_for_unemployment = models.PositiveIntegerField(
        _("labour market subsidy days paid for unemployment"), default=0
    )
    lms_days_last_12_months = models.PositiveIntegerField(
        _("labour market subsidy days in the last 12 months"), default=0
    )
    lms_days_after_max_allowance = models.PositiveIntegerField(
        _("labour market subsidy days after the maximum allowance period"), default=0
    )
    max_allowance_period_exhausted = models.BooleanField(
        _("maximum earnings-related or basic allowance period received"), default=False
    )
    months_main_income_social_assistance = models.PositiveSmallIntegerField(
        _("months with social assistance as main income"), default=0
    )
    benefit_days_as_of = models.DateField(
        _("benefit days as of"), null=True, blank=True
    )

    # Set when the retention run removed the person's identifying data.
    anonymised_on = models.DateField(_("anonymised on"), null=True, blank=True)

    # Optimistic locking: a save must name the version it was edited from.
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = JobseekerQuerySet.as_manager()

    class Meta:
        verbose_name = _("jobseeker")
        verbose_name_plural = _("jobseekers")
        constraints = [
            models.CheckConstraint(
                condition=Q(mother_tongue__in=["fi", "sv", "se", "other"]),
                name="jobseeker_mother_tongue_valid",
                violation_error_message=_("Unknown mother tongue."),
            ),
            models.CheckConstraint(
                condition=Q(benefit_type__in=BenefitType.values),
                name="jobseeker_benefit_type_valid",
                violation_error_message=_("Unknown benefit type."),
            ),
            models.CheckConstraint(
                condition=Q(lms_days_last_12_months__lte=366),
                name="jobseeker_lms_12_months_at_most_a_year",
                violation_error_message=_(
                    "A year has at most 366 days of labour market subsidy."
                ),
            ),
            # The name PostgreSQL gave the former unique=True column's constraint.
            models.UniqueConstraint(
                fields=["identity_code_index"],
                name="cases_jobseeker_identity_code_index_key",
            ),
        ]
        indexes = [
            # Caseworker lists: an organisation's jobseekers by name, keyset-paged.
            models.Index(
                fields=["organisation", "last_name", "first_names", "id"],
                name="jobseeker_org_name_idx",
            ),
            # API lists: an organisation's jobseekers cursor-paged by -id; the
            # primary key alone had to skip other organisations' rows.
            models.Index(fields=["organisation", "id"], name="jobseeker_org_id_idx"),
            # Name search (icontains = UPPER(col) LIKE UPPER('%x%')) via trigrams.
            GinIndex(
                OpClass(Upper("last_name"), name="gin_trgm_ops"),
                name="jobseeker_last_name_trgm",
            ),
            GinIndex(
                OpClass(Upper("first_names"), name="gin_trgm_ops"),
                name="jobseeker_first_names_trgm",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.last_name}, {self.first_names}"

    @property
    def full_name(self) -> str:
        return f"{self.first_names} {self.last_name}"

    @property
    def is_foreign_language_speaker(self) -> bool:
        return self.mother_tongue == self.MotherTongue.OTHER

    @property
    def document_language(self) -> str:
        """The language of documents for this jobseeker: Swedish or else Finnish."""
        return "sv" if self.mother_tongue == self.MotherTongue.SWEDISH else "fi"

    def age_on(self, day: dt.date) -> int:
        return rules.age_on(self.birth_date, day)

    def set_identity_code(self, identity_code: str) -> None:
        """Validate, encrypt and index the code; derive the birth date from it."""
        parsed = rules.parse_identity_code(
            identity_code,
            allow_temporary=settings.POLKU_ALLOW_TEMPORARY_IDENTITY_CODES,
        )
        self.identity_code_encrypted = crypto.encrypt(parsed.value)
        self.identity_code_index = crypto.blind_index(parsed.value)
        self.birth_date = parsed.birth_date

    @property
    def identity_code(self) -> str:
        """The decrypted code. Callers that show it must log the reveal."""
        return crypto.decrypt(bytes(self.identity_code_encrypted))

    @property
    def masked_identity_code(self) -> str:
        return rules.mask_identity_code(self.identity_code)
