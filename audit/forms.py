from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cases import rules
from core.forms import AccessibleErrorsMixin


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
