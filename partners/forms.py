from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import AccessibleErrorsMixin, DateInput, PolkuForm, date_field
from organisations.models import Organisation

from .models import (
    AgreementParty,
    DataCategory,
    DataSharingTerm,
    EvaluationTarget,
    MoneyRule,
    PartnershipAgreement,
    Project,
    ProjectParty,
    RecordedFigure,
    Responsibility,
    SteeringGroupMember,
)


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


# --- Agreement content: one ModelForm per section ------------------------------

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]


def _organisations() -> Any:
    return Organisation.objects.order_by("kind", "name")


class ContentForm(AccessibleErrorsMixin, forms.ModelForm):  # type: ignore[type-arg]
    """Date fields accept the picker's and hand-typed Finnish formats; figures
    are shown and typed with the reader's decimal comma (1949,85)."""

    def __init__(self, *args: Any, agreement: PartnershipAgreement, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DateInput()
                field.input_formats = DATE_FORMATS
            if isinstance(field, forms.DecimalField):
                # A number input refuses "1949,85" in the browser.
                field.localize = True
                field.widget = forms.TextInput(attrs={"inputmode": "decimal"})
                field.widget.is_localized = True
            if isinstance(field, forms.ModelChoiceField) and (
                field.queryset is not None and field.queryset.model is Organisation
            ):
                field.queryset = _organisations()


class AgreementForm(AccessibleErrorsMixin, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = PartnershipAgreement
        fields = ["name", "valid_from", "valid_until", "source"]
        widgets = {"valid_from": DateInput(), "valid_until": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("valid_from", "valid_until"):
            field = self.fields[name]
            assert isinstance(field, forms.DateField)  # noqa: S101 - model DateFields
            field.input_formats = DATE_FORMATS


class PartyForm(ContentForm):
    class Meta:
        model = AgreementParty
        fields = ["organisation", "role"]


class SharingTermForm(ContentForm):
    categories = forms.MultipleChoiceField(
        label=_("Data categories"),
        choices=DataCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = DataSharingTerm
        fields = ["organisation_kind", "categories", "max_days"]


class SteeringForm(ContentForm):
    class Meta:
        model = SteeringGroupMember
        fields = ["party", "member", "deputy", "decision"]

    def __init__(self, *args: Any, agreement: PartnershipAgreement, **kwargs: Any):
        super().__init__(*args, agreement=agreement, **kwargs)
        party = self.fields["party"]
        assert isinstance(party, forms.ModelChoiceField)  # noqa: S101 - a ForeignKey
        party.queryset = agreement.parties.select_related("organisation")


class ResponsibilityForm(ContentForm):
    class Meta:
        model = Responsibility
        fields = ["service", "organiser", "producer", "serves", "may_buy_from"]
        widgets = {"serves": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, agreement: PartnershipAgreement, **kwargs: Any):
        super().__init__(*args, agreement=agreement, **kwargs)
        serves = self.fields["serves"]
        assert isinstance(serves, forms.ModelMultipleChoiceField)  # noqa: S101 - M2M
        serves.queryset = Organisation.objects.filter(
            agreement_parties__agreement=agreement, kind="municipality"
        ).order_by("name")
        serves.help_text = _("The agreement's municipal parties.")


class MoneyRuleForm(ContentForm):
    class Meta:
        model = MoneyRule
        fields = ["kind", "percentage", "text"]


class TargetForm(ContentForm):
    class Meta:
        model = EvaluationTarget
        fields = [
            "organisation",
            "indicator",
            "description",
            "baseline",
            "baseline_is_estimate",
            "target",
            "direction",
            "target_on",
            "source",
        ]


class ProjectForm(ContentForm):
    total = forms.DecimalField(
        label=_("Total budget (€)"), max_digits=14, decimal_places=2, min_value=0
    )
    external_percent = forms.DecimalField(
        label=_("External funding (%)"),
        max_digits=6,
        decimal_places=2,
        min_value=0,
        max_value=100,
        # xgettext:no-python-format  # noqa: ERA001 - a directive to xgettext
        help_text=_("For example 80 for 80 % ESF and state funding."),
    )

    class Meta:
        model = Project
        fields = [
            "name",
            "administrator",
            "starts_on",
            "ends_on",
            "funding",
            "split_key",
        ]

    def save(self, commit: bool = True) -> Project:  # noqa: FBT001, FBT002 - Django API
        project: Project = super().save(commit=False)
        project.total_cents = int(self.cleaned_data["total"] * 100)
        project.external_rate = self.cleaned_data["external_percent"] / 100
        if commit:
            project.save()
        return project


class _ProjectChildForm(ContentForm):
    def __init__(self, *args: Any, agreement: PartnershipAgreement, **kwargs: Any):
        super().__init__(*args, agreement=agreement, **kwargs)
        project = self.fields["project"]
        assert isinstance(project, forms.ModelChoiceField)  # noqa: S101 - a ForeignKey
        project.queryset = agreement.projects.all()


class ProjectPartyForm(_ProjectChildForm):
    cap = forms.DecimalField(
        label=_("At most (€)"),
        max_digits=14,
        decimal_places=2,
        min_value=0,
        required=False,
    )

    class Meta:
        model = ProjectParty
        fields = ["project", "organisation", "client_volume"]

    def save(self, commit: bool = True) -> ProjectParty:  # noqa: FBT001, FBT002 - Django API
        party: ProjectParty = super().save(commit=False)
        cap = self.cleaned_data.get("cap")
        party.cap_cents = None if cap is None else int(cap * 100)
        if commit:
            party.save()
        return party


class FigureForm(_ProjectChildForm):
    key = forms.ChoiceField(label=_("Figure"), choices=[])

    class Meta:
        model = RecordedFigure
        fields = ["project", "key", "value", "source"]

    def __init__(self, *args: Any, agreement: PartnershipAgreement, **kwargs: Any):
        from .selectors import FIGURE_LABELS

        super().__init__(*args, agreement=agreement, **kwargs)
        key = self.fields["key"]
        assert isinstance(key, forms.ChoiceField)  # noqa: S101 - declared above
        key.choices = list(FIGURE_LABELS.items())
