"""Coordinators' quota pages and the caseworkers' decision forms."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.requests import signed_in_user
from cases.views import (
    caseworker_required,
    editable_case,
    record_form_page,
    scoped_record,
)
from core.decorators import allowed_if
from core.forms import apply_validation_error

from . import charts, forms, permissions, selectors, services
from .models import Decision, Quota

if TYPE_CHECKING:
    from collections.abc import Callable

    from django import forms as django_forms

manager_required = allowed_if(permissions.can_manage_quotas)
follow_up_required = allowed_if(permissions.can_follow_quotas)

# The services name money in cents; the forms ask for euros.
FORM_FIELDS = {"amount_cents": "amount", "person_month_limit": "person_months"}


def _for_form(error: ValidationError) -> ValidationError:
    """A service's error with its field names as the forms know them."""
    if hasattr(error, "error_dict"):
        return ValidationError(
            {FORM_FIELDS.get(k, k): v for k, v in error.error_dict.items()}
        )
    return error


def _remapped(save: Callable[[], Any]) -> Callable[[], Any]:
    def call() -> Any:
        try:
            return save()
        except ValidationError as error:
            raise _for_form(error) from error

    return call


def _show_errors(form: django_forms.BaseForm, error: ValidationError) -> None:
    apply_validation_error(form, _for_form(error))


@follow_up_required
@require_GET
def quota_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    quotas = list(selectors.quota_list())
    return render(
        request,
        "appropriations/list.html",
        {
            "rows": selectors.quota_rows(quotas, on=today),
            "today": today,
            "can_manage": permissions.can_manage_quotas(signed_in_user(request)),
        },
    )


@manager_required
@require_http_methods(["GET", "POST"])
def quota_create(request: HttpRequest) -> HttpResponse:
    form = forms.QuotaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            quota = services.quota_create(
                holder=data["holder"],
                appropriation=data["appropriation"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                actor=signed_in_user(request),
                **form.figures(),
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The quota was saved."))
            return HttpResponseRedirect(
                reverse("appropriations:detail", args=[quota.pk])
            )
    return render(
        request,
        "appropriations/form.html",
        {"form": form, "title": _("New appropriation quota")},
        status=400 if form.errors else 200,
    )


def _detail(
    request: HttpRequest, quota: Quota, *, revision_form: Any = None, status: int = 200
) -> HttpResponse:
    today = timezone.localdate()
    months = selectors.quota_months(quota, until=today)
    row = selectors.quota_rows([quota], on=today)[0]
    can_manage = permissions.can_manage_quotas(signed_in_user(request))
    if revision_form is None and can_manage:
        revision_form = forms.QuotaRevisionForm(
            initial={
                "amount": quota.amount_cents / 100,
                "person_months": (
                    quota.person_month_limit / 10
                    if quota.person_month_limit is not None
                    else None
                ),
                "source_reference": quota.source_reference,
            }
        )
    return render(
        request,
        "appropriations/detail.html",
        {
            "quota": quota,
            "row": row,
            "months": months,
            "chart": charts.quota_chart(quota, months, forecast=row.forecast_cents),
            "revisions": selectors.quota_revisions(quota),
            "can_manage": can_manage,
            "revision_form": revision_form,
        },
        status=status,
    )


@follow_up_required
@require_GET
def quota_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, get_object_or_404(selectors.quota_list(), pk=pk))


@manager_required
@require_http_methods(["POST"])
def quota_revise(request: HttpRequest, pk: int) -> HttpResponse:
    quota = get_object_or_404(selectors.quota_list(), pk=pk)
    form = forms.QuotaRevisionForm(request.POST)
    if form.is_valid():
        try:
            services.quota_revise(
                quota=quota,
                reason=form.cleaned_data["reason"],
                actor=signed_in_user(request),
                **form.figures(),
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The quota was revised."))
            return HttpResponseRedirect(reverse("appropriations:detail", args=[pk]))
    return _detail(request, quota, revision_form=form, status=400)


# --- Decisions on a case ------------------------------------------------------


def _case_decision(request: HttpRequest, pk: int) -> tuple[Decision, Any]:
    decision = scoped_record(Decision, signed_in_user(request), pk)
    return decision, editable_case(request, decision.case_id)


@caseworker_required
@require_http_methods(["GET", "POST"])
def decision_create(request: HttpRequest, case_id: int) -> HttpResponse:
    user = signed_in_user(request)
    case = editable_case(request, case_id)
    form = forms.DecisionForm(
        request.POST or None,
        can_override=services.can_override(user, case.organisation_id),
    )
    return record_form_page(
        request,
        form=form,
        case=case,
        jobseeker=case.jobseeker,
        title=_("Record an appropriation decision"),
        save=_remapped(
            lambda: services.decision_record(
                case=case, actor=user, **form.decision_data()
            )
        ),
        success=_("The decision was recorded and its money committed."),
    )


@caseworker_required
@require_http_methods(["GET", "POST"])
def decision_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    decision, case = _case_decision(request, pk)
    form = forms.DecisionCancelForm(request.POST or None)
    return record_form_page(
        request,
        form=form,
        case=case,
        jobseeker=case.jobseeker,
        title=_("Cancel the decision: %(decision)s") % {"decision": decision},
        save=lambda: services.decision_cancel(
            decision=decision,
            actor=signed_in_user(request),
            on=form.cleaned_data["cancelled_from"],
            reason=form.cleaned_data["reason"],
        ),
        success=_("The decision was cancelled and the rest of its money released."),
    )


@caseworker_required
@require_http_methods(["GET", "POST"])
def decision_shorten(request: HttpRequest, pk: int) -> HttpResponse:
    decision, case = _case_decision(request, pk)
    form = forms.DecisionShortenForm(request.POST or None)
    return record_form_page(
        request,
        form=form,
        case=case,
        jobseeker=case.jobseeker,
        title=_("Shorten the decision: %(decision)s") % {"decision": decision},
        save=lambda: services.decision_shorten(
            decision=decision,
            actor=signed_in_user(request),
            ends_on=form.cleaned_data["ends_on"],
            on=timezone.localdate(),
            reason=form.cleaned_data["reason"],
        ),
        success=_("The decision was shortened and the days dropped released."),
    )
