"""Quotas: created and revised (services/__init__.py names every service)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from appropriations.models import Quota, QuotaRevision
from core.formats import euros
from core.formats import tenths as format_tenths
from organisations.models import OrganisationKind

if TYPE_CHECKING:
    import datetime as dt

    from accounts.models import User
    from organisations.models import Organisation

HOLDER_KINDS = (OrganisationKind.PILOT, OrganisationKind.EMPLOYMENT_AREA)


# --- Quotas -----------------------------------------------------------------


@transaction.atomic
def quota_create(
    *,
    holder: Organisation,
    appropriation: str,
    starts_on: dt.date,
    ends_on: dt.date,
    amount_cents: int,
    person_month_limit: int | None,
    source_reference: str,
    source_date: dt.date,
    actor: User | None,
) -> Quota:
    if holder.kind not in HOLDER_KINDS:
        raise ValidationError(
            {"holder": _("A quota belongs to a pilot or an employment area.")}
        )
    if ends_on < starts_on:
        # Before full_clean: the overlap check cannot build an inverted range.
        raise ValidationError(
            {"ends_on": _("The end date cannot be before the start date.")}
        )
    quota = Quota(
        holder=holder,
        appropriation=appropriation,
        starts_on=starts_on,
        ends_on=ends_on,
        amount_cents=amount_cents,
        person_month_limit=person_month_limit,
        source_reference=source_reference,
        source_date=source_date,
    )
    quota.full_clean()
    quota.save()
    QuotaRevision.objects.create(
        quota=quota,
        revision=1,
        amount_cents=amount_cents,
        person_month_limit=person_month_limit,
        source_reference=source_reference,
        source_date=source_date,
        reason=_("Quota set"),
        recorded_by=actor,
    )
    return quota


@transaction.atomic
def quota_revise(
    *,
    quota: Quota,
    amount_cents: int,
    person_month_limit: int | None,
    source_reference: str,
    source_date: dt.date,
    reason: str,
    actor: User | None,
) -> Quota:
    """A new size for the quota; never below what is already committed."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the revision.")})
    try:
        with transaction.atomic():
            Quota.objects.filter(pk=quota.pk).update(
                amount_cents=amount_cents,
                person_month_limit=person_month_limit,
                source_reference=source_reference,
                source_date=source_date,
                revision=F("revision") + 1,
            )
    except IntegrityError as exc:
        quota.refresh_from_db()
        raise ValidationError(
            {
                "amount_cents": _(
                    "The quota cannot be smaller than what is already committed: "
                    "%(committed)s, %(months)s person-months."
                )
                % {
                    "committed": euros(quota.committed_cents),
                    "months": format_tenths(quota.committed_tenths),
                }
            }
        ) from exc
    quota.refresh_from_db()
    QuotaRevision.objects.create(
        quota=quota,
        revision=quota.revision,
        amount_cents=amount_cents,
        person_month_limit=person_month_limit,
        source_reference=source_reference,
        source_date=source_date,
        reason=reason,
        recorded_by=actor,
    )
    return quota
