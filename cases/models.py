"""The jobseeker and their case records."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core import crypto
from core.models import BaseModel
from organisations.models import Organisation

from . import rules

if TYPE_CHECKING:
    import datetime as dt


class JobseekerQuerySet(models.QuerySet["Jobseeker"]):
    def for_organisations(
        self, organisation_ids: models.QuerySet[Organisation, int] | list[int]
    ) -> JobseekerQuerySet:
        """Jobseekers whose responsible organisation is in `organisation_ids` (SQL)."""
        return self.filter(organisation_id__in=organisation_ids)

    def with_identity_code(self, identity_code: str) -> JobseekerQuerySet:
        """Exact match through the blind index; no plaintext is ever compared."""
        return self.filter(identity_code_index=crypto.blind_index(identity_code))


class Jobseeker(BaseModel):
    class MotherTongue(models.TextChoices):
        FINNISH = "fi", _("Finnish")
        SWEDISH = "sv", _("Swedish")
        SAMI = "se", _("Sámi")
        OTHER = "other", _("Other (foreign-language speaker)")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="jobseekers",
        verbose_name=_("responsible organisation"),
        help_text=_("The organisation whose staff serve this jobseeker (tenancy)."),
    )
    home_municipality = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="resident_jobseekers",
        verbose_name=_("home municipality"),
        limit_choices_to={"kind": "municipality"},
    )
    identity_code_encrypted = models.BinaryField(_("identity code (encrypted)"))
    identity_code_index = models.CharField(
        _("identity code search key"), max_length=64, unique=True, editable=False
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

    objects: ClassVar[JobseekerQuerySet] = JobseekerQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("jobseeker")
        verbose_name_plural = _("jobseekers")
        constraints = [
            models.CheckConstraint(
                condition=Q(mother_tongue__in=["fi", "sv", "se", "other"]),
                name="jobseeker_mother_tongue_valid",
                violation_error_message=_("Unknown mother tongue."),
            ),
        ]
        indexes = [
            # Caseworker lists: an organisation's jobseekers by name, keyset-paged.
            models.Index(
                fields=["organisation", "last_name", "first_names", "id"],
                name="jobseeker_org_name_idx",
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

    def age_on(self, day: dt.date) -> int:
        return rules.age_on(self.birth_date, day)

    def set_identity_code(self, identity_code: str) -> None:
        """Validate, encrypt and index the code; derive the birth date from it."""
        parsed = rules.parse_identity_code(
            identity_code, allow_temporary=settings.POLKU_ALLOW_TEMPORARY_IDENTITY_CODES
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
