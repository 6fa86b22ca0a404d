from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import textlimits
from core.formats import month_label
from core.forms import NormalChoices, PolkuForm, QuickSelect, limit_choices
from organisations.models import Organisation

from .models import BoardReport
from .services import months_between

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django.http import QueryDict

EARLIEST = dt.date(2021, 3, 1)  # the pilots' start (Act 1269/2020)


# A backfill computes each month as its own task; three years is the longest
# history a board report compares against.
MAX_MONTHS_AT_ONCE = 36


def _parse_month(text: str) -> dt.date:
    for pattern in ("%Y-%m", "%m/%Y", "%m.%Y"):
        try:
            month = dt.datetime.strptime(text.strip(), pattern).date()  # noqa: DTZ007 - a date
        except ValueError:
            continue
        if month < EARLIEST:
            raise ValidationError(_("Polku has figures from March 2021 onwards."))
        if month > timezone.localdate().replace(day=1):
            raise ValidationError(_("The month has not started yet."))
        return month
    raise ValidationError(_("Give the month as 2025-08 or 8/2025."))


class MonthForm(PolkuForm):
    month = forms.CharField(
        label=_("Month"),
        help_text=_("For example 2025-08 or 8/2025."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    last_month = forms.CharField(
        label=_("Up to month (optional)"),
        help_text=_(
            "To compute several months, the last one; they are computed in "
            "parallel, at most 36 at a time."
        ),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    reason = forms.CharField(
        label=_("Reason for a new revision"),
        help_text=_("Needed only when the month is already published."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_month(self) -> dt.date:
        return _parse_month(self.cleaned_data["month"])

    def clean_last_month(self) -> dt.date | None:
        text = self.cleaned_data["last_month"].strip()
        return _parse_month(text) if text else None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, last = cleaned.get("month"), cleaned.get("last_month")
        if first is not None and last is not None:
            if last < first:
                self.add_error(
                    "last_month", _("The last month cannot be before the first.")
                )
            elif len(months_between(first, last)) > MAX_MONTHS_AT_ONCE:
                self.add_error(
                    "last_month",
                    _("Compute at most %(count)d months at a time.")
                    % {"count": MAX_MONTHS_AT_ONCE},
                )
        return cleaned

    def months(self) -> list[dt.date]:
        """The months asked for, oldest first."""
        first = self.cleaned_data["month"]
        return months_between(first, self.cleaned_data.get("last_month") or first)


MONTH_CHOICES = [(12, _("12 months")), (24, _("24 months"))]


class DashboardForm(PolkuForm):
    """The dashboard's choices, submitted with GET so that every view of it
    has its own address (bookmarks, links from the PDF, no JavaScript)."""

    # QuickSelect: the peer choices are every employment area and
    # municipality (some 340), which Django's option templates wrote in a
    # third of the page's CPU.
    organisation = forms.TypedChoiceField(
        label=_("Organisation"),
        coerce=int,
        empty_value=None,
        required=False,
        widget=QuickSelect,
    )
    indicator = forms.ChoiceField(label=_("Indicator"), widget=QuickSelect)
    months = forms.TypedChoiceField(
        label=_("Period"),
        coerce=int,
        choices=MONTH_CHOICES,
        initial=24,
        widget=QuickSelect,
    )
    # Issue 23 item 4: a peer beside the whole country. Kept in the address
    # like the other choices; users have no stored preferences to keep it in.
    peer = forms.TypedChoiceField(
        label=_("Compare with"),
        coerce=int,
        empty_value=None,
        required=False,
        widget=QuickSelect,
        help_text=_(
            "An employment area or municipality. Its figures are aggregates, "
            "hidden for fewer than five people as your own are."
        ),
    )

    def __init__(
        self,
        *args: Any,
        organisations: list[tuple[int, str]],
        indicators: list[tuple[str, str]],
        peers: list[tuple[str, list[tuple[int, str]]]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        organisation = self.fields["organisation"]
        indicator = self.fields["indicator"]
        peer = self.fields["peer"]
        assert isinstance(organisation, forms.ChoiceField)  # noqa: S101 - declared above
        assert isinstance(indicator, forms.ChoiceField)  # noqa: S101 - declared above
        assert isinstance(peer, forms.ChoiceField)  # noqa: S101 - declared above
        organisation.choices = NormalChoices([("", _("Whole country")), *organisations])
        indicator.choices = NormalChoices(indicators)
        peer.choices = NormalChoices(
            [("", _("No peer, the whole country only")), *peers]
        )


class OrganisationChoiceField(forms.ModelChoiceField[Organisation]):
    def label_from_instance(self, obj: Organisation) -> str:
        return f"{obj.display_name} ({obj.get_kind_display()})"


class BoardReportForm(PolkuForm):
    organisation = OrganisationChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    month = forms.TypedChoiceField(
        label=_("Month"),
        coerce=dt.date.fromisoformat,
        help_text=_("Months with computed figures."),
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=BoardReport.Language.choices
    )

    def __init__(
        self,
        data: QueryDict | None = None,
        *,
        organisations: QuerySet[Organisation],
        months: list[dt.date],
        language: str = "fi",
    ) -> None:
        super().__init__(data, initial={"language": language})
        limit_choices(self, "organisation", organisations)
        month_field = self.fields["month"]
        assert isinstance(month_field, forms.ChoiceField)  # noqa: S101 - declared above
        month_field.choices = [(m.isoformat(), month_label(m)) for m in months]


# --- The client survey (issue 23 item 3) --------------------------------------


class SurveyAnswerForm(PolkuForm):
    """The one question, on the page behind the survey link."""

    score = forms.TypedChoiceField(
        label=_("How satisfied were you with your meeting with employment services?"),
        choices=[
            (5, _("5 – Very satisfied")),
            (4, _("4 – Satisfied")),
            (3, _("3 – Neither satisfied nor dissatisfied")),
            (2, _("2 – Dissatisfied")),
            (1, _("1 – Very dissatisfied")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a number from 1 to 5.")},
    )
    comment = textlimits.text_field(
        _("Comment (optional)"),
        textlimits.REASON,
        required=False,
        help_text=_(
            "Do not write your name, your identity code or anything about "
            "your health: the answer is anonymous."
        ),
    )


class SurveyOrganisationForm(PolkuForm):
    """Whose survey the coordinator looks at."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )

    def __init__(
        self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "organisation", organisations)


class SurveySettingForm(SurveyOrganisationForm):
    """Switch the survey on or off for one organisation."""

    is_on = forms.BooleanField(
        label=_("Send the survey after meetings held"), required=False
    )
