from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import textlimits
from core.forms import PolkuForm, date_field, preselect_lone_choice
from organisations.models import Organisation

from .models import Pilot, TransferReason
from .rules import Clause

if TYPE_CHECKING:
    import datetime as dt

CONDITION_CHOICES = [
    ("population", _("Combined population at least 30,000")),
    (
        "te_client_share",
        # xgettext:no-python-format  # noqa: ERA001 - a directive to xgettext
        _("At most about 40 % of the TE office's jobseeker clients"),
    ),
    (
        "own_resourcing",
        # xgettext:no-python-format  # noqa: ERA001 - a directive to xgettext
        _("Own resourcing at least 15 % of 2018 labour market subsidy"),
    ),
    ("labour_force", _("Labour force at least 20,000")),
]


class WaiverForm(PolkuForm):
    condition = forms.ChoiceField(label=_("Condition"), choices=CONDITION_CHOICES)
    justification = textlimits.text_field(_("Justification"), textlimits.REASON)

    def __init__(
        self, *args: Any, conditions: list[tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if conditions is not None:
            # Only this check's waivable conditions: a pilot has no
            # labour-force condition to waive, an area no population one.
            self.fields["condition"].choices = conditions  # type: ignore[attr-defined]


class EvaluationForm(PolkuForm):
    on = date_field(_("Evaluate for the day"))


class RuleDraftForm(PolkuForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    name_sv = forms.CharField(
        label=_("Name in Swedish"), max_length=200, required=False
    )
    valid_from = date_field(_("In force from"))
    not_earnings_related = forms.BooleanField(
        label=_("Not entitled to earnings-related allowance"),
        required=False,
        initial=True,
    )
    under_age = forms.IntegerField(
        label=_("Under this age (empty: no age clause)"),
        required=False,
        min_value=16,
        max_value=70,
        initial=30,
    )
    immigrant_or_foreign_language = forms.BooleanField(
        label=_("Immigrant or foreign-language speaker"), required=False, initial=True
    )
    temporary_protection = forms.BooleanField(
        label=_("Under temporary protection without a home municipality"),
        required=False,
        initial=True,
    )
    source = forms.CharField(
        label=_("Source (law, decision)"), widget=forms.Textarea(attrs={"rows": 2})
    )
    source_sv = forms.CharField(
        label=_("Source in Swedish"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clauses(self) -> list[dict[str, Any]]:
        """The clause data in the order they are tried."""
        data = self.cleaned_data
        clauses: list[dict[str, Any]] = []
        if data.get("not_earnings_related"):
            clauses.append({"clause": Clause.NOT_EARNINGS_RELATED.value})
        if data.get("under_age"):
            clauses.append({"clause": Clause.UNDER_AGE.value, "age": data["under_age"]})
        if data.get("immigrant_or_foreign_language"):
            clauses.append({"clause": Clause.IMMIGRANT_OR_FOREIGN_LANGUAGE.value})
        if data.get("temporary_protection"):
            clauses.append({"clause": Clause.TEMPORARY_PROTECTION.value})
        return clauses

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.clauses():
            raise ValidationError(_("Choose at least one clause."))
        return data


class DryRunForm(PolkuForm):
    pilot: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Pilot"), queryset=Pilot.objects.none()
    )
    on = date_field(_("Day"))

    def __init__(self, *args: Any, pilots: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pilot"].queryset = pilots  # type: ignore[attr-defined]
        preselect_lone_choice(self, "pilot")


class TransferForm(PolkuForm):
    to_organisation = forms.ModelChoiceField(
        label=_("To"), queryset=Organisation.objects.filter(kind="municipality")
    )
    on = date_field(_("Transferred on"), initial_today=True)
    reason = forms.ChoiceField(label=_("Reason"), choices=TransferReason.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def clean_on(self) -> dt.date:
        value: dt.date = self.cleaned_data["on"]
        if value > timezone.localdate():
            raise ValidationError(_("A transfer cannot be recorded in advance."))
        return value
