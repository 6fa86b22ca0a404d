"""Decisions: recorded against a quota, cancelled, shortened.

The guard against overspending is the database's: a commitment is one
UPDATE of the quota's running totals, checked by the constraints
quota_money_not_overspent and quota_person_months_not_overspent. Two
concurrent decisions serialise on the quota row; the second sees the
first's total and fails the check instead of overspending. An override
raises the quota's allowance by exactly the excess, in the same statement.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case as SqlCase
from django.db.models import F, Q, Sum, Value, When
from django.db.models.functions import Greatest, Least
from django.utils.translation import gettext as _

from appropriations import rules
from appropriations.models import (
    AppropriationType,
    Decision,
    DecisionStatus,
    Quota,
    QuotaEntry,
)
from appropriations.permissions import OVERRIDE_ROLES
from cases.models.case import EventKind
from cases.services.process import event_record
from core.formats import euros, number, short_date
from core.formats import tenths as format_tenths
from organisations.models import OrganisationRelation
from organisations.selectors import roles_in_organisation
from partners.rules import split_cents

from .quotas import HOLDER_KINDS

if TYPE_CHECKING:
    from accounts.models import User
    from cases.models import Case

NEEDS_PROVIDER = (
    AppropriationType.LABOUR_MARKET_TRAINING,
    AppropriationType.COACHING,
    AppropriationType.SERVICE_VOUCHER,
)


# --- Decisions --------------------------------------------------------------


def closed_case_message() -> str:
    return _("Decisions are recorded on an open case by its caseworkers.")


def quotas_for(
    *, organisation_id: int, appropriation: str, starts_on: dt.date, ends_on: dt.date
) -> list[Quota]:
    """The quotas of the pilot or area that the municipality belonged to when
    the decision starts and that overlap the decision's period. Where a
    municipality is in two holders with quotas of the same type (a pilot and
    an area at once), the holder covering more of the period is used."""
    holders = OrganisationRelation.objects.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=starts_on),
        child_id=organisation_id,
        kind=OrganisationRelation.Kind.MEMBER,
        valid_from__lte=starts_on,
        parent__kind__in=HOLDER_KINDS,
    ).values("parent_id")
    quotas = list(
        Quota.objects.filter(
            holder_id__in=holders,
            appropriation=appropriation,
            starts_on__lte=ends_on,
            ends_on__gte=starts_on,
        )
        .select_related("holder")
        .order_by("holder_id", "starts_on")
    )
    by_holder: dict[int, list[Quota]] = {}
    for quota in quotas:
        by_holder.setdefault(quota.holder_id, []).append(quota)
    if not by_holder:
        return []

    def covered(items: list[Quota]) -> int:
        return sum(
            rules.overlap_days(starts_on, ends_on, q.starts_on, q.ends_on)
            for q in items
        )

    best = max(by_holder, key=lambda holder: (covered(by_holder[holder]), -holder))
    return by_holder[best]


def _validate(data: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    appropriation = data["appropriation"]
    if data["ends_on"] < data["starts_on"]:
        errors["ends_on"] = _("The end date cannot be before the start date.")
    if data["amount_cents"] <= 0:
        errors["amount_cents"] = _("The amount must be more than zero.")
    if appropriation == AppropriationType.PAY_SUBSIDY:
        if not data.get("employer_business_id"):
            errors["employer_business_id"] = _(
                "A pay subsidy names the employer's business ID."
            )
        if not data.get("employer_name"):
            errors["employer_name"] = _("A pay subsidy names the employer.")
        rule = rules.pay_subsidy_rule(data["starts_on"])
        percent = data.get("subsidy_percent")
        if rule is None:
            errors["starts_on"] = _("Polku has no pay subsidy rules for this date.")
        elif percent not in rule.percents:
            errors["subsidy_percent"] = _(
                "On %(date)s the pay subsidy is %(allowed)s %% of the pay costs "
                "(%(source)s)."
            ) % {
                "date": short_date(data["starts_on"]),
                "allowed": ", ".join(number(p) for p in rule.percents),
                "source": rule.source,
            }
    else:
        if data.get("municipality_own_post"):
            errors["municipality_own_post"] = _(
                "Only a pay subsidy can be for the municipality's own post."
            )
        if data.get("subsidy_percent") is not None:
            errors["subsidy_percent"] = _("Only a pay subsidy has a percentage.")
    if appropriation in NEEDS_PROVIDER and not data.get("provider", "").strip():
        errors["provider"] = _("Name the provider or the place.")
    if errors:
        raise ValidationError(errors)


def _book(
    *,
    quota: Quota,
    decision: Decision,
    cents: int,
    tenths: int,
    on: dt.date,
    override: bool,
) -> bool:
    """Add to the quota's totals in one statement; False if the constraint
    refused it. With `override`, the allowance grows by the excess."""
    values: dict[str, Any] = {
        "committed_cents": F("committed_cents") + cents,
        "committed_tenths": F("committed_tenths") + tenths,
    }
    if cents < 0 or tenths < 0:
        # A release first uses up the override: the allowance never exceeds
        # the overspend that remains.
        values["overridden_cents"] = Greatest(
            Value(0),
            Least(
                F("overridden_cents"),
                F("committed_cents") + cents - F("amount_cents"),
            ),
        )
        values["overridden_tenths"] = SqlCase(
            When(person_month_limit__isnull=True, then=Value(0)),
            default=Greatest(
                Value(0),
                Least(
                    F("overridden_tenths"),
                    F("committed_tenths") + tenths - F("person_month_limit"),
                ),
            ),
        )
    elif override:
        values["overridden_cents"] = Greatest(
            F("overridden_cents"),
            F("committed_cents") + cents - F("amount_cents"),
        )
        values["overridden_tenths"] = SqlCase(
            When(person_month_limit__isnull=True, then=Value(0)),
            default=Greatest(
                F("overridden_tenths"),
                F("committed_tenths") + tenths - F("person_month_limit"),
            ),
        )
    try:
        with transaction.atomic():
            Quota.objects.filter(pk=quota.pk).update(**values)
    except IntegrityError:
        return False
    QuotaEntry.objects.create(
        quota=quota,
        decision=decision,
        kind=(
            QuotaEntry.Kind.RELEASE
            if cents < 0 or tenths < 0
            else QuotaEntry.Kind.COMMIT
        ),
        booked_on=on,
        cents=cents,
        tenths=tenths,
        overridden=override,
    )
    return True


def _refusal(quota: Quota, share: rules.Share) -> ValidationError:
    quota.refresh_from_db()
    return ValidationError(
        {
            "amount_cents": _(
                "The decision would exceed the quota %(quota)s: it needs "
                "%(needed)s (%(needed_months)s person-months) and %(remaining)s "
                "(%(remaining_months)s person-months) remains."
            )
            % {
                "quota": str(quota),
                "needed": euros(share.cents),
                "needed_months": format_tenths(share.tenths),
                "remaining": euros(quota.remaining_cents),
                "remaining_months": format_tenths(quota.remaining_tenths),
            }
        }
    )


def can_override(user: User, organisation_id: int) -> bool:
    return bool(
        roles_in_organisation(user=user, organisation_id=organisation_id)
        & OVERRIDE_ROLES
    )


@transaction.atomic
def decision_record(
    *,
    case: Case,
    actor: User,
    appropriation: str,
    decided_on: dt.date,
    starts_on: dt.date,
    ends_on: dt.date,
    amount_cents: int,
    employer_name: str = "",
    employer_business_id: str = "",
    subsidy_percent: int | None = None,
    municipality_own_post: bool = False,
    provider: str = "",
    override_reason: str = "",
) -> Decision:
    """Record a decision and commit its money against the quota(s) of its period.

    Refused with the quota and what remains when it does not fit, unless a
    team lead gives a reason to exceed the quota.
    """
    if not case.is_open:
        raise ValidationError(closed_case_message())
    data = {
        "appropriation": appropriation,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "amount_cents": amount_cents,
        "employer_name": employer_name,
        "employer_business_id": employer_business_id,
        "subsidy_percent": subsidy_percent,
        "municipality_own_post": municipality_own_post,
        "provider": provider,
    }
    _validate(data)
    override_reason = override_reason.strip()
    if override_reason and not can_override(actor, case.organisation_id):
        raise ValidationError(
            {"override_reason": _("Only a team lead can exceed a quota.")}
        )
    tenths = rules.person_month_tenths(starts_on, ends_on)
    decision = Decision(
        organisation_id=case.organisation_id,
        case=case,
        jobseeker_id=case.jobseeker_id,
        decided_on=decided_on,
        original_amount_cents=amount_cents,
        original_ends_on=ends_on,
        person_month_tenths=tenths,
        decided_by=actor,
        override_reason=override_reason,
        **data,
    )
    decision.full_clean(exclude=["case", "jobseeker", "organisation", "decided_by"])
    decision.save()

    overridden = False
    if decision.uses_quota:
        quotas = quotas_for(
            organisation_id=case.organisation_id,
            appropriation=appropriation,
            starts_on=starts_on,
            ends_on=ends_on,
        )
        try:
            shares = rules.allocate(
                starts_on=starts_on,
                ends_on=ends_on,
                cents=amount_cents,
                tenths=tenths,
                quotas=[(q.pk, q.starts_on, q.ends_on) for q in quotas],
            )
        except rules.UncoveredPeriodError as gap:
            raise ValidationError(
                {
                    "starts_on": _(
                        "No %(type)s quota covers %(first)s–%(last)s for this "
                        "municipality. A coordinator sets the quotas."
                    )
                    % {
                        "type": AppropriationType(appropriation).label.lower(),
                        "first": short_date(gap.first),
                        "last": short_date(gap.last),
                    }
                }
            ) from gap
        by_id = {q.pk: q for q in quotas}
        for share in shares:
            quota = by_id[share.quota_id]
            booked: dict[str, Any] = {
                "quota": quota,
                "decision": decision,
                "cents": share.cents,
                "tenths": share.tenths,
            }
            if _book(**booked, on=decided_on, override=False):
                continue
            if not override_reason:
                raise _refusal(quota, share)
            _book(**booked, on=decided_on, override=True)
            overridden = True
    if not overridden and override_reason:
        # Nothing was exceeded: no override to record.
        Decision.objects.filter(pk=decision.pk).update(override_reason="")
        decision.override_reason = ""
    event_record(
        case=case,
        jobseeker=case.jobseeker,
        kind=EventKind.DECISION_MADE,
        occurred_on=decided_on,
        actor=actor,
        target=decision,
        appropriation=appropriation,
        overridden=overridden,
    )
    return decision


def _release(
    decision: Decision,
    *,
    ends_on: dt.date | None,
    keep_cents: int,
    keep_tenths: int,
    on: dt.date,
) -> None:
    """Give back to the quotas what the decision no longer uses.

    `ends_on` None cancels: everything returns. A shortened decision keeps
    its share in quotas whose days it still covers fully; the quotas at the
    cut-off end keep the rest by days, so the parts still add up exactly.
    """
    if not decision.uses_quota:
        return
    held = {row["quota_id"]: row for row in _held_by_quota(decision)}
    quotas = Quota.objects.in_bulk(list(held))
    keep = dict.fromkeys(held, (0, 0))
    if ends_on is not None:

        def days(quota: Quota, end: dt.date) -> int:
            return rules.overlap_days(
                decision.starts_on, end, quota.starts_on, quota.ends_on
            )

        unchanged = {
            q: (held[q]["cents"], held[q]["tenths"])
            for q, quota in quotas.items()
            if days(quota, ends_on) == days(quota, decision.ends_on)
        }
        weights = {
            q: days(quota, ends_on)
            for q, quota in quotas.items()
            if q not in unchanged and days(quota, ends_on)
        }
        rest_cents = max(0, keep_cents - sum(c for c, _t in unchanged.values()))
        rest_tenths = max(0, keep_tenths - sum(t for _c, t in unchanged.values()))
        money = split_cents(rest_cents, weights) if weights else {}
        months = split_cents(rest_tenths, weights) if weights else {}
        keep.update(unchanged)
        keep.update({q: (money[q], months[q]) for q in weights})
    for quota_id, row in held.items():
        cents = min(0, keep[quota_id][0] - row["cents"])
        tenths = min(0, keep[quota_id][1] - row["tenths"])
        if cents or tenths:
            _book(
                quota=quotas[quota_id],
                decision=decision,
                cents=cents,
                tenths=tenths,
                on=on,
                override=False,
            )


def _held_by_quota(decision: Decision) -> list[dict[str, int]]:
    return list(
        QuotaEntry.objects.filter(decision=decision)
        .values("quota_id")
        .annotate(cents=Sum("cents"), tenths=Sum("tenths"))
        .filter(Q(cents__gt=0) | Q(tenths__gt=0))
        .order_by("quota_id")
    )


def _locked(decision: Decision) -> Decision:
    current = Decision.objects.select_for_update().get(pk=decision.pk)
    if current.status == DecisionStatus.CANCELLED:
        raise ValidationError(_("The decision has already been cancelled."))
    return current


@transaction.atomic
def decision_cancel(
    *, decision: Decision, actor: User, on: dt.date, reason: str
) -> Decision:
    """Cancel a decision from `on`: the days before it stay used, the rest
    (everything, if it had not started) returns to the quotas."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the cancellation.")})
    decision = _locked(decision)
    last_day = on - dt.timedelta(days=1)
    if last_day < decision.starts_on:
        _release(decision, ends_on=None, keep_cents=0, keep_tenths=0, on=on)
        decision.amount_cents = 0
        decision.person_month_tenths = 0
    elif last_day < decision.ends_on:
        cents = rules.shortened_amount(
            decision.amount_cents, decision.starts_on, decision.ends_on, last_day
        )
        tenths = rules.person_month_tenths(decision.starts_on, last_day)
        _release(
            decision, ends_on=last_day, keep_cents=cents, keep_tenths=tenths, on=on
        )
        decision.amount_cents = cents
        decision.person_month_tenths = tenths
        decision.ends_on = last_day
    decision.status = DecisionStatus.CANCELLED
    decision.cancelled_on = on
    decision.change_reason = reason
    decision.save(
        update_fields=[
            "status",
            "cancelled_on",
            "amount_cents",
            "person_month_tenths",
            "ends_on",
            "change_reason",
            "updated_at",
        ]
    )
    event_record(
        case=decision.case,
        jobseeker=decision.jobseeker,
        kind=EventKind.DECISION_CANCELLED,
        occurred_on=on,
        actor=actor,
        target=decision,
        appropriation=decision.appropriation,
    )
    return decision


@transaction.atomic
def decision_shorten(
    *, decision: Decision, actor: User, ends_on: dt.date, on: dt.date, reason: str
) -> Decision:
    """End a decision earlier; the money and person-months of the days
    dropped, pro rata, return to the quotas."""
    decision = _locked(decision)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the change.")})
    if not decision.starts_on <= ends_on < decision.ends_on:
        raise ValidationError(
            {
                "ends_on": _(
                    "The new end date must be on or after %(start)s and before %(end)s."
                )
                % {
                    "start": short_date(decision.starts_on),
                    "end": short_date(decision.ends_on),
                }
            }
        )
    cents = rules.shortened_amount(
        decision.amount_cents, decision.starts_on, decision.ends_on, ends_on
    )
    tenths = rules.person_month_tenths(decision.starts_on, ends_on)
    _release(decision, ends_on=ends_on, keep_cents=cents, keep_tenths=tenths, on=on)
    decision.amount_cents = cents
    decision.person_month_tenths = tenths
    decision.ends_on = ends_on
    decision.change_reason = reason
    decision.save(
        update_fields=[
            "amount_cents",
            "person_month_tenths",
            "ends_on",
            "change_reason",
            "updated_at",
        ]
    )
    event_record(
        case=decision.case,
        jobseeker=decision.jobseeker,
        kind=EventKind.DECISION_CHANGED,
        occurred_on=on,
        actor=actor,
        target=decision,
        appropriation=decision.appropriation,
        ends_on=ends_on.isoformat(),
    )
    return decision
