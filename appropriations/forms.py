from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core import textlimits
from core.forms import PolkuForm, date_field, preselect_lone_choice
from organisations.models import Organisation

from .models import AppropriationType
from .services import HOLDER_KINDS


def euro_field(label: Any, *, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=14,
        decimal_places=2,
        min_value=Decimal(0),
        localize=True,
    )


def cents(value: Decimal | None) -> int | None:
    return None if value is None else int(value * 100)


def tenths(value: Decimal | None) -> int | None:
    return None if value is None else int(value * 10)


class QuotaFiguresForm(PolkuForm):
    amount = euro_field(_("Quota (€)"))
    person_months = forms.DecimalField(
        label=_("Quota in person-months"),
        required=False,
        max_digits=8,
        decimal_places=1,
        min_value=Decimal(0),
        localize=True,
        help_text=_("Leave empty where the quota is in euros only."),
    )
    source_reference = forms.CharField(
        label=_("Source decision"),
        max_length=200,
        help_text=_("The decision that set the quota, e.g. its diary number."),
    )
    source_date = date_field(_("Date of the source decision"))

    def figures(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "amount_cents": cents(data["amount"]),
            "person_month_limit": tenths(data.get("person_months")),
            "source_reference": data["source_reference"],
            "source_date": data["source_date"],
        }


class QuotaForm(QuotaFiguresForm):
    holder = forms.ModelChoiceField(
        label=_("Pilot or employment area"),
        queryset=Organisation.objects.filter(kind__in=HOLDER_KINDS).order_by("name"),
    )
    appropriation = forms.ChoiceField(
        label=_("Appropriation"), choices=AppropriationType.choices
    )
    starts_on = date_field(_("Period starts"))
    ends_on = date_field(_("Period ends"))

    field_order = ["holder", "appropriation", "starts_on", "ends_on"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        preselect_lone_choice(self, "holder")


class QuotaRevisionForm(QuotaFiguresForm):
    reason = textlimits.text_field(
        _("Reason for the revision"), textlimits.REASON, rows=3
    )


class DecisionForm(PolkuForm):
    appropriation = forms.ChoiceField(
        label=_("Decision"), choices=AppropriationType.choices
    )
    decided_on = date_field(_("Decided on"), initial_today=True)
    starts_on = date_field(_("Starts"))
    ends_on = date_field(_("Ends"))
    amount = euro_field(_("Amount (€)"))
    employer_name = forms.CharField(label=_("Employer"), max_length=200, required=False)
    employer_business_id = forms.CharField(
        label=_("Employer's business ID"),
        max_length=9,
        required=False,
        help_text=_("Pay subsidy only, e.g. 1234567-1."),
    )
    subsidy_percent = forms.TypedChoiceField(
        label=_("Pay subsidy %"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "–"), *((p, f"{p} %") for p in (30, 40, 50, 70, 100))],
        help_text=_("The percentages allowed depend on the start date."),
    )
    municipality_own_post = forms.BooleanField(
        label=_("The municipality's own pay-subsidised post"),
        required=False,
        help_text=_("Recorded, but does not use the state quota."),
    )
    provider = forms.CharField(
        label=_("Provider or place"),
        max_length=200,
        required=False,
        help_text=_("Training, coaching or service voucher: who provides it."),
    )
    override_reason = textlimits.text_field(
        _("Reason for exceeding the quota"),
        textlimits.REASON,
        required=False,
        rows=2,
        help_text=_(
            "Team leads only. Give a reason only when the decision must be made "
            "although the quota does not cover it."
        ),
    )

    def __init__(self, *args: Any, can_override: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not can_override:
            del self.fields["override_reason"]

    def decision_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["amount_cents"] = cents(data.pop("amount"))
        return data


class DecisionCancelForm(PolkuForm):
    cancelled_from = date_field(_("Cancelled from"), initial_today=True)
    reason = textlimits.text_field(_("Reason"), textlimits.REASON, rows=2)


class DecisionShortenForm(PolkuForm):
    ends_on = date_field(_("New last day"))
    reason = textlimits.text_field(_("Reason"), textlimits.REASON, rows=2)
