"""Writes for partnership agreements: versions, approvals and the lifecycle.

The rule that matters most: an agreement comes into force only when every
party has approved its current version (seed 000: each municipality's board
decides for itself). Ending an agreement ends the access it gave at once,
not only at the next nightly run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partners import rules
from partners.models import (
    AgreementParty,
    AgreementStatus,
    AgreementVersion,
    Approval,
    PartnershipAgreement,
)

if TYPE_CHECKING:
    import datetime as dt

    from django.db.models import Model
    from django.forms import ModelForm


def not_a_party_message() -> str:  # shared with the API
    return _("The organisation is not a party to the agreement.")


def _move(agreement: PartnershipAgreement, to: str) -> None:
    if not rules.can_move(agreement.status, to):
        raise ValidationError(
            {
                "status": _("An agreement cannot move from “%(old)s” to “%(new)s”.")
                % {
                    "old": AgreementStatus(agreement.status).label,
                    "new": AgreementStatus(to).label,
                }
            }
        )
    agreement.status = to
    agreement.save(update_fields=["status", "updated_at"])


def current_version(agreement: PartnershipAgreement) -> AgreementVersion | None:
    return agreement.versions.order_by("-number").first()


def missing_parties(agreement: PartnershipAgreement) -> list[AgreementParty]:
    """Parties that have not approved the current version."""
    version = current_version(agreement)
    parties = list(agreement.parties.select_related("organisation").order_by("id"))
    approved = (
        list(version.approvals.values_list("party_id", flat=True)) if version else []
    )
    missing = set(rules.missing_approvals([p.pk for p in parties], approved))
    return [p for p in parties if p.pk in missing]


@transaction.atomic
def version_create(
    *, agreement: PartnershipAgreement, summary: str
) -> AgreementVersion:
    """A new wording: approvals of earlier versions no longer count, so an
    agreement already approved goes back to negotiation."""
    if agreement.status not in (AgreementStatus.DRAFT, AgreementStatus.NEGOTIATION):
        raise ValidationError(
            _("Only a draft or an agreement in negotiation can get a new version.")
        )
    latest = current_version(agreement)
    return AgreementVersion.objects.create(
        agreement=agreement,
        number=(latest.number + 1) if latest else 1,
        summary=summary,
    )


def negotiation_start(*, agreement: PartnershipAgreement) -> None:
    if current_version(agreement) is None:
        raise ValidationError(_("Write the first version before negotiating."))
    _move(agreement, AgreementStatus.NEGOTIATION)


@transaction.atomic
def approval_record(
    *,
    agreement: PartnershipAgreement,
    party: AgreementParty,
    decision_body: str,
    decided_on: dt.date,
    section: str,
) -> Approval:
    """Record one party's decision on the current version; the last approval
    moves the agreement to "approved"."""
    if agreement.status != AgreementStatus.NEGOTIATION:
        raise ValidationError(
            _("Approvals are recorded while the agreement is negotiated.")
        )
    if party.agreement_id != agreement.pk:
        raise ValidationError({"party": not_a_party_message()})
    version = current_version(agreement)
    assert version is not None  # noqa: S101 - negotiation needs a version
    if version.approvals.filter(party=party).exists():
        raise ValidationError(
            {"party": _("This party has already approved this version.")}
        )
    approval = Approval(
        version=version,
        party=party,
        decision_body=decision_body.strip(),
        decided_on=decided_on,
        section=section.strip(),
    )
    approval.full_clean()
    approval.save()
    if not missing_parties(agreement):
        _move(agreement, AgreementStatus.APPROVED)
    return approval


@transaction.atomic
def bring_into_force(*, agreement: PartnershipAgreement) -> None:
    """In force only when every party has approved the current version."""
    missing = missing_parties(agreement)
    if missing or current_version(agreement) is None:
        raise ValidationError(
            _("Not in force yet: approval missing from %(parties)s.")
            % {"parties": ", ".join(str(p.organisation) for p in missing) or "-"}
        )
    _move(agreement, AgreementStatus.IN_FORCE)


@transaction.atomic
def agreement_end(
    *, agreement: PartnershipAgreement, on: dt.date, terminated: bool = False
) -> int:
    """End an agreement after day `on` (inclusive), or terminate it early.

    An ending later than today only sets the last day: the agreement stays in
    force until then and the nightly task closes it. When the agreement is no
    longer in force today, the referrals it carried lose their access now,
    not at the next nightly run. Returns the number of referrals ended.
    """
    if agreement.status != AgreementStatus.IN_FORCE:
        raise ValidationError(_("Only an agreement in force can be ended."))
    if on < agreement.valid_from:
        raise ValidationError(
            {"valid_until": _("The end date cannot be before the start date.")}
        )
    day = timezone.localdate()
    agreement.valid_until = on
    agreement.save(update_fields=["valid_until", "updated_at"])
    if terminated:
        _move(agreement, AgreementStatus.TERMINATED)
    elif on < day:
        _move(agreement, AgreementStatus.ENDED)
    return _revoke_access(day)


@transaction.atomic
def agreements_close(*, on: dt.date) -> int:
    """Nightly: agreements whose last day has passed become "ended", and the
    access they gave ends with them (set-based; idempotent)."""
    closed = PartnershipAgreement.objects.filter(
        status=AgreementStatus.IN_FORCE, valid_until__lt=on
    ).update(status=AgreementStatus.ENDED, updated_at=timezone.now())
    _revoke_access(on)
    return closed


def _revoke_access(on: dt.date) -> int:
    from .referrals import referrals_expire

    return referrals_expire(on=on)


# --- Content of an agreement ------------------------------------------------------

PROJECT_CHILDREN = {"project_parties", "figures"}


def _check_editable(agreement: PartnershipAgreement, section: str) -> None:
    if not rules.content_editable(agreement.status, section):
        raise ValidationError(
            _("This part of the agreement cannot be changed while it is “%(status)s”.")
            % {"status": AgreementStatus(agreement.status).label}
        )


@transaction.atomic
def content_save(
    *, agreement: PartnershipAgreement, section: str, form: ModelForm[Any]
) -> Model:
    """Save a validated section form: checks the status allows the change and
    the database constraints (one term per partner kind, one row per party)."""
    _check_editable(agreement, section)
    instance: Model = form.save(commit=False)
    if section not in PROJECT_CHILDREN:
        instance.agreement = agreement  # type: ignore[attr-defined]
    instance.full_clean()
    instance.save()
    form.save_m2m()
    return instance


@transaction.atomic
def content_remove(
    *, agreement: PartnershipAgreement, section: str, instance: Model
) -> None:
    _check_editable(agreement, section)
    instance.delete()
