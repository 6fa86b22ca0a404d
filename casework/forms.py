"""Forms of the pages that combine the apps."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cases import rules
from core.forms import AccessibleErrorsMixin, PolkuForm, date_field
from organisations.models import Organisation
from partners.models import DataCategory, PartnershipAgreement, Referral


class SubjectReportForm(AccessibleErrorsMixin, forms.Form):
    identity_code = forms.CharField(label=_("Personal identity code"), max_length=11)
    language = forms.ChoiceField(
        label=_("Language of the report"),
        choices=[("fi", _("Finnish")), ("sv", _("Swedish"))],
    )

    def __init__(self, *args: Any, language: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The report in the language the reader is using, unless they choose
        # otherwise: a Swedish page offers the Swedish report first.
        self.fields["language"].initial = "sv" if language == "sv" else "fi"

    def clean_identity_code(self) -> Any:
        try:
            return rules.parse_identity_code(
                str(self.cleaned_data["identity_code"]).strip().upper(),
                allow_temporary=settings.POLKU_ALLOW_TEMPORARY_IDENTITY_CODES,
            ).value
        except rules.InvalidIdentityCodeError:
            raise ValidationError(
                _("This is not a valid Finnish personal identity code."),
                code="invalid_identity_code",
            ) from None


class ReferralForm(PolkuForm):
    partner = forms.ModelChoiceField(
        label=_("Partner organisation"), queryset=Organisation.objects.none()
    )
    agreement = forms.ModelChoiceField(
        label=_("Partnership agreement"), queryset=PartnershipAgreement.objects.none()
    )
    purpose_kind = forms.ChoiceField(
        label=_("Purpose of the referral"),
        choices=Referral.Purpose.choices,
        widget=forms.RadioSelect,
    )
    purpose = forms.CharField(
        label=_("Details of the purpose"),
        max_length=300,
        required=False,
        help_text=_("Required when the purpose is “Other”."),
    )
    consent_given_on = date_field(_("Consent given on"), initial_today=True)
    consent_scope = forms.MultipleChoiceField(
        label=_("The jobseeker consents to sharing"),
        choices=DataCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Name, age and home municipality are always shared."),
    )
    valid_from = date_field(_("Access from"), initial_today=True)
    valid_until = date_field(_("Access until"))

    def __init__(
        self, *args: Any, agreements: Any, partners: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = agreements  # type: ignore[attr-defined]
        self.fields["partner"].queryset = partners  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("purpose_kind") == Referral.Purpose.OTHER
            and not (data.get("purpose") or "").strip()
        ):
            self.add_error("purpose", _("Describe the purpose."))
        return data


class ReferralEndForm(PolkuForm):
    action = forms.ChoiceField(
        label=_("What happened"),
        choices=[
            ("end", _("The referral ends")),
            ("withdraw", _("The jobseeker withdrew consent")),
        ],
        widget=forms.RadioSelect,
    )
    on = date_field(_("Date"), initial_today=True)
