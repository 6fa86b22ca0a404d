"""Coordinators' follow-up pages: months computed, a month's figures per
organisation, the definitions, computing on demand and publishing."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.decorators import allowed_if, signed_in_user
from core.forms import apply_validation_error
from core.privacy import suppress_small

from . import forms, permissions, selectors, services, tasks
from .models import IndicatorDefinition, IndicatorRun

viewer_required = allowed_if(permissions.can_view_reports)


@viewer_required
@require_http_methods(["GET", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    can_run = permissions.can_run_reports(signed_in_user(request))
    form = forms.MonthForm(request.POST or None)
    if request.method == "POST":
        if not can_run:
            raise Http404
        if form.is_valid():
            try:
                run = services.run_start(
                    month=form.cleaned_data["month"], reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                transaction.on_commit(lambda: tasks.run_execute_task.delay(run.pk))
                messages.success(request, _("The computation has started."))
                return HttpResponseRedirect(reverse("reporting:month", args=[run.pk]))
    runs = IndicatorRun.objects.order_by("-month", "-revision")[:36]
    return render(
        request,
        "reporting/index.html",
        {"runs": runs, "form": form, "can_run": can_run},
        status=400 if form.errors else 200,
    )


@viewer_required
@require_GET
def month(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(IndicatorRun.objects.all(), pk=pk)
    table = selectors.month_table(
        run, organisation_ids=permissions.organisations_visible(signed_in_user(request))
    )
    return render(
        request,
        "reporting/month.html",
        {
            "run": run,
            "table": table,
            "can_run": permissions.can_run_reports(signed_in_user(request)),
        },
    )


@viewer_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions.can_run_reports(signed_in_user(request)):
        raise Http404
    run = get_object_or_404(IndicatorRun.objects.all(), pk=pk)
    try:
        services.run_publish(run=run)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The month is published and frozen."))
    return HttpResponseRedirect(reverse("reporting:month", args=[pk]))


@viewer_required
@require_GET
def definitions(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "reporting/definitions.html",
        {"definitions": IndicatorDefinition.objects.order_by("code", "-version")},
    )


@viewer_required
@require_GET
def month_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The month's figures for the covered organisations, suppressed as on the page."""
    run = get_object_or_404(IndicatorRun.objects.all(), pk=pk)
    table = selectors.month_table(
        run, organisation_ids=permissions.organisations_visible(signed_in_user(request))
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="indicators-{run.month:%Y-%m}-r{run.revision}.csv"'
    )
    response.write("\ufeff")  # Excel reads UTF-8 only with the byte-order mark
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            _("Organisation"),
            _("Indicator"),
            _("Version"),
            _("Numerator"),
            _("Denominator"),
            _("Value"),
            _("Computed at"),
        ]
    )
    for name, cells in table.rows:
        for definition, cell in zip(table.definitions, cells, strict=True):
            if cell is None:
                continue
            writer.writerow(
                [
                    name,
                    definition.code,
                    definition.version,
                    suppress_small(cell.numerator),
                    ""
                    if cell.denominator is None
                    else suppress_small(cell.denominator),
                    cell.shown,
                    f"{run.computed_at:%Y-%m-%d %H:%M}" if run.computed_at else "",
                ]
            )
    return response
