"""Organisations, how they nest, and who works in them (the tenancy of Polku).

Every row of personal data carries the id of the organisation responsible for
it; a user's memberships, widened through `OrganisationRelation` (an
employment area or a pilot covers its member municipalities), decide in SQL
which of those rows the user may see.
"""

from __future__ import annotations

import datetime as dt
from typing import Self, TypeVar

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import RangeOperators
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Func, Q
from django.utils.translation import gettext_lazy as _
from stdnum.fi import ytunnus

from core.models import BaseModel, LocalisedNameMixin


class DateRange(Func):
    """daterange(valid_from, valid_until, '[]'); NULL upper bound = open-ended."""

    function = "DATERANGE"
    output_field = models.Field()  # only used inside constraints


def validate_business_id(value: str) -> None:
    """Finnish business ID (Y-tunnus), e.g. 0201256-6, with its check digit."""
    try:
        ytunnus.validate(value)
    except Exception as exc:  # stdnum raises several ValidationError subclasses
        raise ValidationError(
            _(
                "%(value)s is not a valid Finnish business ID (Y-tunnus), "
                "e.g. 1234567-1."
            ),
            params={"value": value},
            code="invalid_business_id",
        ) from exc


def _valid_period_constraint(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(valid_until__isnull=True)
        | Q(valid_until__gte=models.F("valid_from")),
        name=name,
        violation_error_message=_("The end date cannot be before the start date."),
    )


_M = TypeVar("_M", bound=models.Model)


def valid_on(day: dt.date) -> Q:
    """The condition of ValidityQuerySet.active_on, for a query that reads
    valid rows together with others (reporting's dashboard choices)."""
    return Q(valid_from__lte=day) & (
        Q(valid_until__isnull=True) | Q(valid_until__gte=day)
    )


class ValidityQuerySet(models.QuerySet[_M]):
    def active_on(self, day: dt.date) -> Self:
        """Rows whose validity period contains `day` (both ends inclusive)."""
        return self.filter(valid_on(day))


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    EMPLOYMENT_AREA = "employment_area", _("Employment area")
    PILOT = "pilot", _("Municipal employment pilot")
    TE_OFFICE = "te_office", _("TE office")
    ELY_CENTRE = "ely_centre", _("ELY centre")
    VITALITY_CENTRE = "vitality_centre", _("Vitality centre (elinvoimakeskus)")
    REGIONAL_STATE_OFFICE = (
        "regional_state_office",
        _("Regional state administrative agency"),
    )
    WELLBEING_COUNTY = "wellbeing_county", _("Wellbeing services county")
    KELA = "kela", _("Kela")
    THIRD_SECTOR = "third_sector", _("Third-sector organisation")
    EDUCATION_PROVIDER = "education_provider", _("Education provider")


class MembershipRole(models.TextChoices):
    CASEWORKER = "caseworker", _("Caseworker")
    TEAM_LEAD = "team_lead", _("Team lead")
    COORDINATOR = "coordinator", _("Coordinator")
    BOARD_VIEWER = "board_viewer", _("Board viewer")
    PARTNER_WORKER = "partner_worker", _("Partner worker")
    ADMINISTRATOR = "administrator", _("Administrator")
    DATA_PROTECTION_OFFICER = "data_protection_officer", _("Data protection officer")


class Organisation(LocalisedNameMixin, BaseModel):
    Kind = OrganisationKind

    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    name = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    municipality_code = models.CharField(
        _("municipality code"),
        max_length=3,
        null=True,
        blank=True,
        unique=True,
        help_text=_("Statistics Finland's three-digit code, municipalities only."),
    )
    business_id = models.CharField(
        _("business ID"),
        max_length=9,
        null=True,
        blank=True,
        unique=True,
        validators=[validate_business_id],
    )
    region = models.CharField(_("region"), max_length=100, blank=True)
    sub_region = models.CharField(_("sub-region"), max_length=100, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(
        _("population statistics year"), null=True, blank=True
    )
    valid_from = models.DateField(_("valid from"), default=dt.date(1900, 1, 1))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    source = models.TextField(
        _("source"),
        blank=True,
        help_text=_("Where these facts come from (document, decision)."),
    )
    # The auth group that object permissions (django-guardian) are granted to
    # when a case is shared with this organisation; see cases.permissions.
    group = models.OneToOneField(
        "auth.Group",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisation",
        editable=False,
    )

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=OrganisationKind.values),
                name="organisation_kind_valid",
                violation_error_message=_("Unknown organisation kind."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        kind="municipality",
                        municipality_code__isnull=False,
                        municipality_code__regex=r"^[0-9]{3}$",
                    )
                    | (~Q(kind="municipality") & Q(municipality_code__isnull=True))
                ),
                name="organisation_municipality_code_iff_municipality",
                violation_error_message=_(
                    "A municipality needs a three-digit municipality code; "
                    "other organisations have none."
                ),
            ),
            models.CheckConstraint(
                condition=Q(business_id__isnull=True)
                | Q(business_id__regex=r"^[0-9]{7}-[0-9]$"),
                name="organisation_business_id_format",
                violation_error_message=_("A business ID has the form 1234567-1."),
            ),
            _valid_period_constraint("organisation_valid_period"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the active language, falling back to Finnish."""
        return self.localised_name


class OrganisationRelation(BaseModel):
    """A dated link between two organisations.

    MEMBER links (an employment area or a pilot and its municipalities) widen
    access: a membership in the parent covers the children. SERVICE_AREA links
    (a TE office, ELY centre or wellbeing county serving a municipality) only
    describe geography and never grant access.
    """

    class Kind(models.TextChoices):
        MEMBER = "member", _("Member municipality")
        SERVICE_AREA = "service_area", _("Service area")

    parent = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="child_relations",
        verbose_name=_("parent organisation"),
    )
    child = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="parent_relations",
        verbose_name=_("member organisation"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    is_responsible = models.BooleanField(
        _("responsible municipality"),
        default=False,
        help_text=_("The municipality that organises the services for the whole area."),
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    source = models.TextField(_("source"), blank=True)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation relation")
        verbose_name_plural = _("organisation relations")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["member", "service_area"]),
                name="organisation_relation_kind_valid",
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("child")),
                name="organisation_relation_not_self",
                violation_error_message=_("An organisation cannot be its own member."),
            ),
            _valid_period_constraint("organisation_relation_valid_period"),
            # The same link cannot be recorded twice for overlapping periods.
            ExclusionConstraint(
                name="organisation_relation_no_overlap",
                expressions=[
                    ("parent", RangeOperators.EQUAL),
                    ("child", RangeOperators.EQUAL),
                    ("kind", RangeOperators.EQUAL),
                    (
                        DateRange("valid_from", "valid_until", models.Value("[]")),
                        RangeOperators.OVERLAPS,
                    ),
                ],
                violation_error_message=_(
                    "This link already exists for an overlapping period."
                ),
            ),
        ]
        indexes = [
            # Scoping: "which organisations does a membership in X cover today".
            models.Index(
                fields=["parent", "kind", "valid_from"], name="orgrel_parent_kind_idx"
            ),
            models.Index(fields=["child", "kind"], name="orgrel_child_kind_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.parent} → {self.child}"


class Team(BaseModel):
    """A team in an organisation; the team lead's worklist shows its members' work."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="teams",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="team_unique_name_per_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} / {self.name}"


class Membership(BaseModel):
    """A user's role in an organisation for a period; the basis of access checks."""

    Role = MembershipRole

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("team"),
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__name", "role"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=MembershipRole.values),
                name="membership_role_valid",
                violation_error_message=_("Unknown role."),
            ),
            _valid_period_constraint("membership_valid_period"),
            ExclusionConstraint(
                name="membership_no_overlap",
                expressions=[
                    ("user", RangeOperators.EQUAL),
                    ("organisation", RangeOperators.EQUAL),
                    ("role", RangeOperators.EQUAL),
                    (
                        DateRange("valid_from", "valid_until", models.Value("[]")),
                        RangeOperators.OVERLAPS,
                    ),
                ],
                violation_error_message=_(
                    "The user already has this role in this organisation for an "
                    "overlapping period."
                ),
            ),
        ]
        indexes = [
            # Every request: "the current user's memberships today".
            models.Index(fields=["user", "valid_from"], name="membership_user_idx"),
            models.Index(
                fields=["organisation", "role"], name="membership_org_role_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.organisation}"

    def is_active_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (
            self.valid_until is None or self.valid_until >= day
        )
