"""Caseworker forms: they validate shape and pass cleaned data to services."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core import textlimits
from core.formats import short_date
from core.forms import (
    AccessibleErrorsMixin,
    NormalChoices,
    PolkuForm,
    QuickSelect,
    date_field,
)
from organisations.models import Organisation

from . import rules
from .models import Jobseeker, ServiceType
from .models.case import ExitReason, LabourMarketStatus
from .models.process import StepKind
from .models.records import (
    BenefitNoticeKind,
    Channel,
    ContactChannel,
    EducationLevel,
    JobOfferOutcome,
    MeetingKind,
    PlanTask,
    WorkAbility,
)
from .rules import records as record_rules
from .rules.contact import PHONE_INVALID, phone_e164
from .rules.triggers import CONDITIONS_FROM
from .services import JobseekerData

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable


class VersionedForm(PolkuForm):
    """Carries the version the user started editing from (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


# --- Jobseeker --------------------------------------------------------------


class JobseekerDetailsForm(PolkuForm):
    first_names = forms.CharField(label=_("First names"), max_length=200)
    last_name = forms.CharField(label=_("Last name"), max_length=200)
    home_municipality = forms.ModelChoiceField(
        label=_("Home municipality"), queryset=Organisation.objects.none()
    )
    mother_tongue = forms.ChoiceField(
        label=_("Mother tongue"), choices=Jobseeker.MotherTongue.choices
    )
    other_language = forms.CharField(
        label=_("Other mother tongue"),
        required=False,
        max_length=100,
        help_text=_("Required when the mother tongue is other."),
    )
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40)
    address = forms.CharField(label=_("Postal address"), required=False, max_length=300)
    is_immigrant = forms.BooleanField(label=_("Immigrant"), required=False)
    first_residence_on = date_field(
        _("First residence permit or registration"), required=False
    )
    integration_need = forms.BooleanField(
        label=_("Assessed integration need"), required=False
    )
    under_temporary_protection = forms.BooleanField(
        label=_("Under temporary protection"), required=False
    )
    # Asked the other way round: the usual case (a registered home
    # municipality) is the unchecked box, so no form posts it by mistake.
    no_home_municipality = forms.BooleanField(
        label=_("No registered home municipality in Finland yet"),
        required=False,
        help_text=_(
            "For example under temporary protection: the home municipality "
            "above is then where the person lives."
        ),
    )
    benefit_type = forms.ChoiceField(
        label=_("Unemployment benefit"),
        choices=[
            ("earnings_related", _("Earnings-related daily allowance")),
            ("basic_allowance", _("Basic daily allowance")),
            ("labour_market_subsidy", _("Labour market subsidy")),
            ("none", _("No unemployment benefit")),
        ],
        initial="none",
    )
    lms_days_for_unemployment = forms.IntegerField(
        label=_("Labour market subsidy days paid for unemployment"),
        min_value=0,
        initial=0,
    )
    lms_days_last_12_months = forms.IntegerField(
        label=_("Labour market subsidy days in the last 12 months"),
        min_value=0,
        max_value=366,
        initial=0,
    )
    lms_days_after_max_allowance = forms.IntegerField(
        label=_("Labour market subsidy days after the maximum allowance period"),
        min_value=0,
        initial=0,
    )
    max_allowance_period_exhausted = forms.BooleanField(
        label=_("Maximum earnings-related or basic allowance period received"),
        required=False,
    )
    months_main_income_social_assistance = forms.IntegerField(
        label=_("Months with social assistance as main income"),
        min_value=0,
        max_value=240,
        initial=0,
    )
    benefit_days_as_of = date_field(_("Benefit days as of"), required=False)

    def __init__(self, *args: Any, municipalities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["home_municipality"].queryset = municipalities  # type: ignore[attr-defined]

    def clean_phone(self) -> str:
        raw: str = self.cleaned_data["phone"].strip()
        if not raw:
            return ""
        number = phone_e164(raw)
        if number is None:
            raise ValidationError(PHONE_INVALID)
        return number

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("mother_tongue") == "other" and not data.get("other_language"):
            self.add_error("other_language", _("Name the mother tongue."))
        if data.get("is_immigrant") and data.get("first_residence_on") is None:
            self.add_error(
                "first_residence_on",
                _("Give the date of the first residence permit or registration."),
            )
        return data

    def jobseeker_data(self) -> JobseekerData:
        data = self.cleaned_data
        return JobseekerData(
            **{
                name: data[name]
                for name in JobseekerData.__dataclass_fields__
                if name != "extra" and name in data
            },
            home_municipality_registered=not data.get("no_home_municipality"),
        )


class JobseekerRegisterForm(JobseekerDetailsForm):
    identity_code = forms.CharField(
        label=_("Personal identity code"),
        max_length=11,
        help_text=_("For example 010190-123A. Also the new century signs (Y, B …)."),
    )
    registered_on = date_field(_("Registered as a jobseeker on"), initial_today=True)
    status_at_start = forms.ChoiceField(
        label=_("Labour market status"), choices=LabourMarketStatus.choices
    )
    field_order = ["identity_code", "first_names", "last_name", "registered_on"]

    def clean_identity_code(self) -> str:
        value = str(self.cleaned_data["identity_code"]).strip().upper()
        try:
            parsed = rules.parse_identity_code(
                value, allow_temporary=settings.POLKU_ALLOW_TEMPORARY_IDENTITY_CODES
            )
        except rules.InvalidIdentityCodeError:
            raise ValidationError(
                _(
                    "This is not a valid Finnish personal identity code. Check the "
                    "date, the century sign, the individual number and the check "
                    "character."
                ),
                code="invalid_identity_code",
            ) from None
        return parsed.value

    def clean_registered_on(self) -> dt.date:
        value: dt.date = self.cleaned_data["registered_on"]
        if value > timezone.localdate():
            raise ValidationError(_("Registration cannot be in the future."))
        return value


class JobseekerEditForm(VersionedForm, JobseekerDetailsForm):
    pass


# --- Meetings, assessment ---------------------------------------------------


class MeetingForm(PolkuForm):
    kind = forms.ChoiceField(label=_("Meeting"), choices=MeetingKind.choices)
    held_on = date_field(_("Held on"), initial_today=True)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    summary = textlimits.text_field(
        _("Summary"), textlimits.NOTE, required=False, rows=5
    )

    def clean_held_on(self) -> dt.date:
        value: dt.date = self.cleaned_data["held_on"]
        if value > timezone.localdate():
            raise ValidationError(_("A meeting cannot be recorded before it is held."))
        return value


class AssessmentForm(PolkuForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    assessed_on = date_field(_("Assessed on"), initial_today=True)
    education_level = forms.ChoiceField(
        label=_("Education"), choices=EducationLevel.choices
    )
    skills = textlimits.text_field(
        _("Skills and work experience"), textlimits.TEXT, required=False
    )
    training_need = forms.BooleanField(label=_("Training need"), required=False)
    training_need_notes = textlimits.text_field(
        _("Training need, details"), textlimits.TEXT, required=False, rows=3
    )
    work_ability = forms.ChoiceField(
        label=_("Work ability"), choices=WorkAbility.choices
    )
    work_ability_notes = textlimits.text_field(
        _("Work ability, details"),
        textlimits.TEXT,
        required=False,
        rows=3,
        help_text=_("Health information: shown to partners only with consent."),
    )
    social_services_need = forms.BooleanField(
        label=_("Need for social services"), required=False
    )
    health_services_need = forms.BooleanField(
        label=_("Need for health services"), required=False
    )
    rehabilitation_need = forms.BooleanField(
        label=_("Need for rehabilitation"), required=False
    )
    kela_coordination = forms.BooleanField(
        label=_("Coordinated with Kela's rehabilitation"), required=False
    )
    language_skills = forms.CharField(
        label=_("Language skills"), required=False, max_length=300
    )
    notes = textlimits.text_field(_("Notes"), textlimits.TEXT, required=False)


# --- Plans ------------------------------------------------------------------


class PlanVersionForm(VersionedForm):
    agreed_on = date_field(_("Agreed on"), initial_today=True)
    valid_until = date_field(_("Valid until"), required=False)
    goal = textlimits.text_field(_("Goal"), textlimits.TEXT)
    services = textlimits.text_field(
        _("Agreed services"), textlimits.TEXT, required=False, rows=3
    )
    applications_per_month = forms.IntegerField(
        label=_("Job applications per month"),
        min_value=0,
        max_value=4,
        initial=4,
        help_text=_("As a rule 4 per month; 0–3 needs a reason."),
    )
    obligation_reason = forms.CharField(
        label=_("Reason for fewer applications"), required=False, max_length=300
    )
    contact_channel = forms.ChoiceField(
        label=_("Agreed contact channel"), choices=ContactChannel.choices
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        count = data.get("applications_per_month")
        if count is not None and count < 4 and not data.get("obligation_reason"):
            self.add_error(
                "obligation_reason",
                _(
                    "Give the reason when fewer than 4 applications a month "
                    "are required."
                ),
            )
        agreed, until = data.get("agreed_on"), data.get("valid_until")
        if agreed and until and until < agreed:
            self.add_error("valid_until", _("The plan cannot end before it is agreed."))
        return data


class PlanTaskForm(PolkuForm):
    description = forms.CharField(label=_("Task"), max_length=500, required=False)
    responsible = forms.ChoiceField(
        label=_("Responsible"), choices=PlanTask.Responsible.choices
    )
    due_on = date_field(_("Due on"), required=False)
    is_done = forms.BooleanField(label=_("Done"), required=False)


class BasePlanTaskFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    """The tasks of a new plan version; their due dates are checked against
    the version's dates (cases.rules.records.task_due_problem), which the
    view gives once the version form itself is valid."""

    def __init__(
        self,
        *args: Any,
        plan_dates: Callable[[], record_rules.PlanDates | None] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.plan_dates = plan_dates

    def clean(self) -> None:
        super().clean()
        dates = self.plan_dates() if self.plan_dates is not None else None
        if dates is None:
            return
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data.get("description"):
                continue
            problem = record_rules.task_due_problem(
                due_on=data.get("due_on"),
                is_done=bool(data.get("is_done")),
                dates=dates,
            )
            if problem:
                form.add_error("due_on", problem)


PlanTaskFormSet = cast(
    "type[BasePlanTaskFormSet]",
    forms.formset_factory(
        PlanTaskForm,
        formset=BasePlanTaskFormSet,
        extra=2,
        max_num=30,
        validate_max=True,
    ),
)


# --- Services, job offers, benefit notices, notes ---------------------------


class ServiceStartForm(PolkuForm):
    service_type = forms.ModelChoiceField(
        label=_("Service"), queryset=ServiceType.objects.order_by("category", "name")
    )
    started_on = date_field(_("Started on"), initial_today=True)
    planned_end_on = date_field(_("Planned end"), required=False)
    provider = forms.CharField(label=_("Provider"), required=False, max_length=200)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("started_on"), data.get("planned_end_on")
        if start and end and end < start:
            self.add_error(
                "planned_end_on", _("The planned end cannot be before the start.")
            )
        return data


class ServiceEndForm(PolkuForm):
    ended_on = date_field(_("Ended on"), initial_today=True)
    end_reason = forms.CharField(
        label=_("How it ended"), required=False, max_length=300
    )


class JobOfferForm(PolkuForm):
    offered_on = date_field(_("Offered on"), initial_today=True)
    employer = forms.CharField(label=_("Employer"), max_length=200)
    job_title = forms.CharField(label=_("Job"), max_length=200)
    vacancy_reference = forms.CharField(
        label=_("Vacancy reference"), required=False, max_length=100
    )
    apply_by = date_field(_("Apply by"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        problem = record_rules.apply_by_problem(
            offered_on=data.get("offered_on"), apply_by=data.get("apply_by")
        )
        if problem:
            self.add_error("apply_by", problem)
        return data


class JobOfferOutcomeForm(PolkuForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=JobOfferOutcome.choices)
    outcome_on = date_field(_("Outcome recorded on"), initial_today=True)


class BenefitNoticeForm(PolkuForm):
    kind = forms.ChoiceField(label=_("Matter"), choices=BenefitNoticeKind.choices)
    sent_on = date_field(_("Sent on"), initial_today=True)
    recipient = forms.ModelChoiceField(
        label=_("Recipient"),
        queryset=Organisation.objects.filter(
            kind__in=[
                Organisation.Kind.TE_OFFICE,
                Organisation.Kind.KELA,
                Organisation.Kind.EMPLOYMENT_AREA,
                Organisation.Kind.MUNICIPALITY,
            ]
        ).order_by("kind", "name"),
    )
    description = textlimits.text_field(_("Description"), textlimits.NOTE)


class NoteForm(PolkuForm):
    text = textlimits.text_field(_("Note"), textlimits.NOTE, rows=6)
    is_health_related = forms.BooleanField(
        label=_("Contains health information"), required=False
    )


# --- Case status, assignment and deadlines ----------------------------------


class CaseTransitionForm(VersionedForm):
    to_status = forms.ChoiceField(label=_("New status"))
    on = date_field(_("Date"), initial_today=True)
    exit_reason = forms.ChoiceField(
        label=_("Exit reason"),
        required=False,
        choices=[("", "—"), *ExitReason.choices],
        help_text=_("Required when closing the case."),
    )

    def __init__(
        self, *args: Any, allowed: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = allowed  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("to_status") == "closed" and not data.get("exit_reason"):
            self.add_error("exit_reason", _("Choose why the case is closed."))
        return data


class CaseAssignForm(PolkuForm):
    caseworker: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Responsible caseworker"), queryset=User.objects.none()
    )

    def __init__(self, *args: Any, caseworkers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].queryset = caseworkers  # type: ignore[attr-defined]


class StepPauseForm(PolkuForm):
    paused_on = date_field(_("Paused from"), initial_today=True)
    reason = forms.CharField(label=_("Reason"), max_length=300)


class StepResumeForm(PolkuForm):
    resumed_on = date_field(_("Resumed on"), initial_today=True)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


# --- Conditions on a chosen day ------------------------------------------------


class ConditionsDayForm(PolkuForm):
    on = date_field(_("Conditions on"))

    def clean_on(self) -> dt.date:
        value: dt.date = self.cleaned_data["on"]
        if value < CONDITIONS_FROM:
            raise ValidationError(
                _(
                    "No rule of these conditions was in force before %(date)s; "
                    "choose a later day."
                )
                % {"date": short_date(CONDITIONS_FROM)}
            )
        return value


# --- Worklist and search ----------------------------------------------------


class WorklistFilterForm(AccessibleErrorsMixin, forms.Form):
    """The worklist's filters; always bound, with the user's defaults filled
    in (casework.views.worklist), so that what the selects show is what the
    list shows."""

    scope = forms.ChoiceField(
        label=_("Whose steps"),
        required=False,
        widget=QuickSelect,
    )
    bucket = forms.ChoiceField(
        label=_("When"),
        required=False,
        choices=[
            ("due", _("Overdue and due within 7 days")),
            ("overdue", _("Overdue")),
            ("today", _("Due today")),
            ("week", _("Due within 7 days")),
            ("later", _("Later")),
        ],
        widget=QuickSelect,
    )
    kind = forms.ChoiceField(
        label=_("Step"),
        required=False,
        choices=[("", _("All steps")), *StepKind.choices],
        widget=QuickSelect,
    )
    organisation = forms.TypedChoiceField(
        label=_("Organisation"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=QuickSelect,
    )
    caseworker = forms.TypedChoiceField(
        label=_("Caseworker"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=QuickSelect,
    )

    def __init__(
        self,
        *args: Any,
        scopes: list[tuple[str, str]],
        organisations: list[tuple[int, str]],
        caseworkers: list[tuple[int, str]] | None,
        find_caseworker: Callable[[str], int | None],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # NormalChoices: the pairs are already in Django's normal form, and
        # normalising a caseworker list of a few hundred names option by
        # option was a tenth of the filter form's cost (issue 21).
        self.fields["scope"].choices = NormalChoices(scopes)  # type: ignore[attr-defined]
        if len(organisations) == 1:
            # A lone choice is the choice: no "All" that means the same.
            self.fields["organisation"].choices = NormalChoices(organisations)  # type: ignore[attr-defined]
        else:
            self.fields["organisation"].choices = NormalChoices(  # type: ignore[attr-defined]
                [("", _("All")), *organisations]
            )
        self.find_caseworker = find_caseworker
        if caseworkers is not None:
            # (id, name) pairs from cases.selectors.worklist_caseworkers, not
            # a queryset: no User objects for hundreds of options.
            self.fields["caseworker"].choices = NormalChoices(  # type: ignore[attr-defined]
                [("", _("All")), *caseworkers]
            )
        else:
            # Too many to list (an organisation without teams, thousands of
            # caseworkers): a username instead of an unusable list.
            self.fields["caseworker"] = forms.CharField(
                label=_("Caseworker"),
                required=False,
                max_length=150,
                help_text=_("Username; there are too many caseworkers to list."),
            )

    def clean_caseworker(self) -> int | None:
        value = self.cleaned_data.get("caseworker")
        if not isinstance(value, str):
            return value
        if not value.strip():
            return None
        found = self.find_caseworker(value.strip())
        if found is None:
            raise forms.ValidationError(
                _("No caseworker in your organisations has this username.")
            )
        return found


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name or personal identity code"),
        max_length=100,
        required=False,
    )


class BreakGlassForm(PolkuForm):
    token = forms.CharField(widget=forms.HiddenInput)
    reason = textlimits.text_field(
        _("Why do you need this record?"),
        textlimits.REASON,
        rows=3,
        help_text=_("Your team lead reviews every such access."),
    )


class BreakGlassReviewForm(forms.Form):
    access = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Review note"), required=False, max_length=500)
