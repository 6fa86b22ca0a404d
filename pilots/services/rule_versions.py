"""Versions of the target-group rules: drafting, four-eyes review, and putting
one in force from its start date."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pilots import rules
from pilots.models import EligibilityRuleSet

if TYPE_CHECKING:
    import datetime as dt

    from accounts.models import User


def rule_set_in_force(*, on: dt.date) -> EligibilityRuleSet | None:
    """The active version with the latest start on or before `on`."""
    return (
        EligibilityRuleSet.objects.filter(status="active", valid_from__lte=on)
        .order_by("-valid_from")
        .first()
    )


@transaction.atomic
def rule_set_draft(
    *,
    name: str,
    valid_from: dt.date,
    clauses: list[dict[str, Any]],
    source: str,
    actor: User,
    name_sv: str = "",
    source_sv: str = "",
) -> EligibilityRuleSet:
    """A new draft version; its clauses are checked against the known clause codes.

    Name and source are in Finnish, optionally also in Swedish."""
    try:
        rules.clauses_from_data(clauses)
    except (ValueError, KeyError) as exc:
        raise ValidationError({"clauses": _("Unknown or incomplete clause.")}) from exc
    if not clauses:
        raise ValidationError({"clauses": _("Choose at least one clause.")})
    latest = EligibilityRuleSet.objects.select_for_update().order_by("-version").first()
    return EligibilityRuleSet.objects.create(
        version=(latest.version if latest else 0) + 1,
        name=name.strip(),
        name_sv=name_sv.strip(),
        valid_from=valid_from,
        clauses=clauses,
        source=source.strip(),
        source_sv=source_sv.strip(),
        created_by=actor,
        status=EligibilityRuleSet.Status.DRAFT,
    )


@transaction.atomic
def rule_set_review(*, rule_set: EligibilityRuleSet, actor: User) -> EligibilityRuleSet:
    """Four eyes: someone other than the drafter confirms the draft."""
    rule_set = EligibilityRuleSet.objects.select_for_update().get(pk=rule_set.pk)
    if rule_set.status != EligibilityRuleSet.Status.DRAFT:
        raise ValidationError(_("Only a draft can be reviewed."))
    if rule_set.created_by_id == actor.pk:
        raise ValidationError(_("Another person must review the draft."))
    rule_set.status = EligibilityRuleSet.Status.REVIEWED
    rule_set.reviewed_by = actor
    rule_set.save(update_fields=["status", "reviewed_by", "updated_at"])
    return rule_set


@transaction.atomic
def rule_set_activate(
    *, rule_set: EligibilityRuleSet, actor: User
) -> EligibilityRuleSet:
    """Put a reviewed version in force from its start date."""
    rule_set = EligibilityRuleSet.objects.select_for_update().get(pk=rule_set.pk)
    if rule_set.status != EligibilityRuleSet.Status.REVIEWED:
        raise ValidationError(_("Only a reviewed version can be activated."))
    if EligibilityRuleSet.objects.filter(
        status="active", valid_from=rule_set.valid_from
    ).exists():
        raise ValidationError(
            {"valid_from": _("Another active version already starts on that day.")}
        )
    rule_set.status = EligibilityRuleSet.Status.ACTIVE
    rule_set.activated_by = actor
    rule_set.activated_at = timezone.now()
    rule_set.save(
        update_fields=["status", "activated_by", "activated_at", "updated_at"]
    )
    return rule_set
