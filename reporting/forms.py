from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.forms import PolkuForm

EARLIEST = dt.date(2021, 3, 1)  # the pilots' start (Act 1269/2020)


class MonthForm(PolkuForm):
    month = forms.CharField(
        label=_("Month"),
        help_text=_("For example 2025-08 or 8/2025."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    reason = forms.CharField(
        label=_("Reason for a new revision"),
        help_text=_("Needed only when the month is already published."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_month(self) -> dt.date:
        text = self.cleaned_data["month"].strip()
        for pattern in ("%Y-%m", "%m/%Y", "%m.%Y"):
            try:
                month = dt.datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a date
            except ValueError:
                continue
            if month < EARLIEST:
                raise ValidationError(_("Polku has figures from March 2021 onwards."))
            if month > timezone.localdate().replace(day=1):
                raise ValidationError(_("The month has not started yet."))
            return month
        raise ValidationError(_("Give the month as 2025-08 or 8/2025."))
