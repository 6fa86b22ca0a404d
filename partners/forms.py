from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.forms import PolkuForm, date_field

from .models import AgreementParty, PartnershipAgreement


class VersionForm(PolkuForm):
    summary = forms.CharField(
        label=_("Content of the new version"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ApprovalForm(PolkuForm):
    party = forms.ModelChoiceField(
        label=_("Party"), queryset=AgreementParty.objects.none()
    )
    decision_body = forms.CharField(
        label=_("Decision body"),
        max_length=40,
        help_text=_("As the minutes abbreviate it, for example KHALL or KV."),
    )
    decided_on = date_field(_("Decided on"))
    section = forms.CharField(
        label=_("Section"), max_length=20, help_text=_("For example § 228.")
    )

    def __init__(
        self, *args: Any, agreement: PartnershipAgreement, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        party = self.fields["party"]
        assert isinstance(party, forms.ModelChoiceField)  # noqa: S101 - declared above
        party.queryset = agreement.parties.select_related("organisation").order_by(
            "organisation__name"
        )


class EndForm(PolkuForm):
    last_day = date_field(_("Last day in force"))
    terminated = forms.BooleanField(
        label=_("Terminated before the agreed end"), required=False
    )
