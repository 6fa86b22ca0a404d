"""The booking form: shape only; the service decides what may be booked."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import QuickSelect

from .models import LetterRun, Place
from .rules import HELSINKI

LENGTHS = [
    (30, _("30 minutes")),
    (45, _("45 minutes")),
    (60, _("1 hour")),
    (90, _("1.5 hours")),
]


class BookingForm(forms.Form):
    caseworker = forms.TypedChoiceField(label=_("Caseworker"), coerce=int)
    day = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    time = forms.TimeField(
        label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    length = forms.TypedChoiceField(
        label=_("Length"), choices=LENGTHS, coerce=int, initial=60
    )
    place = forms.ModelChoiceField(label=_("Place"), queryset=Place.objects.none())
    late_reason = forms.CharField(
        label=_("Reason for a time after the due date"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed only when the time is after the statutory due date."),
    )

    def __init__(
        self,
        *args: Any,
        caseworkers: list[tuple[int, str]],
        places: list[Place],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].choices = caseworkers  # type: ignore[attr-defined]
        field = cast("forms.ModelChoiceField[Place]", self.fields["place"])
        field.queryset = Place.objects.filter(pk__in=[p.pk for p in places])
        field.choices = [
            (p.pk, f"{p.name} ({p.get_channel_display()})") for p in places
        ]

    def starts_at(self) -> dt.datetime:
        return dt.datetime.combine(
            self.cleaned_data["day"], self.cleaned_data["time"], tzinfo=HELSINKI
        )


class BulkBookingForm(forms.Form):
    step = forms.TypedMultipleChoiceField(
        label=_("Initial interviews"),
        coerce=int,
        error_messages={
            "required": _("Choose at least one initial interview to book.")
        },
    )
    who = forms.ChoiceField(
        label=_("Book into the free times of"),
        choices=[
            ("assigned", _("each jobseeker's caseworker")),
            ("team", _("the whole team")),
        ],
        initial="assigned",
        # Written in Python: on every team lead's worklist (issue 21).
        widget=QuickSelect,
    )
    length = forms.TypedChoiceField(
        label=_("Length"),
        choices=LENGTHS,
        coerce=int,
        initial=60,
        widget=QuickSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Any step id is accepted here; the run reads only the steps of the
        # organisation and says why the others were not booked.
        values = self.data.getlist("step") if hasattr(self.data, "getlist") else []
        self.fields["step"].choices = [(v, v) for v in values]  # type: ignore[attr-defined]


class AttendanceForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("How did it go?"),
        choices=[
            ("held", _("Held")),
            ("no_show", _("The jobseeker did not come")),
            ("cancelled", _("Cancelled")),
        ],
        widget=forms.RadioSelect,
    )


WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
]


class _PlaceForm(forms.Form):
    place = forms.ModelChoiceField(label=_("Place"), queryset=Place.objects.none())

    def __init__(self, *args: Any, places: list[Place], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast("forms.ModelChoiceField[Place]", self.fields["place"])
        field.queryset = Place.objects.filter(pk__in=[p.pk for p in places])
        field.choices = [
            (p.pk, f"{p.name} ({p.get_channel_display()})") for p in places
        ]


class WeeklyHoursForm(_PlaceForm):
    prefix = "weekly"
    weekday = forms.TypedChoiceField(label=_("Weekday"), choices=WEEKDAYS, coerce=int)
    start_time = forms.TimeField(
        label=_("From"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    end_time = forms.TimeField(
        label=_("Until"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    valid_from = forms.DateField(
        label=_("Valid from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_until = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class ExtraHoursForm(_PlaceForm):
    prefix = "extra"
    day = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    start_time = forms.TimeField(
        label=_("From"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    end_time = forms.TimeField(
        label=_("Until"), widget=forms.TimeInput(attrs={"type": "time"})
    )


class AbsenceForm(forms.Form):
    prefix = "absence"
    starts_on = forms.DateField(
        label=_("First day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"})
    )


class LettersForm(forms.Form):
    """Which day's letters to print, and whose."""

    day = forms.DateField(
        label=_("Day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    who = forms.ChoiceField(
        label=_("Whose clients"), choices=LetterRun.Who.choices, initial="mine"
    )


class AnswerForm(forms.Form):
    """The jobseeker's answer on the public page (no account)."""

    kind = forms.ChoiceField(
        label=_("Your answer"),
        choices=[
            ("confirmed", _("I will come at this time")),
            ("other_time", _("I need another time")),
        ],
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label=_("Message to your caseworker (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
        help_text=_(
            "For example, which days or times suit you. At most 500 characters. "
            "Do not write health information here."
        ),
    )
