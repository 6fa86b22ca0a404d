"""Coordinators' pages for pilots, employment areas and target-group rules."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.requests import signed_in_user
from audit.models import AccessAction
from audit.services import log_request_read
from cases import permissions as case_permissions
from cases.views import caseworker_required
from core import runs, tabular
from core.decorators import allowed_if
from core.formats import download_name
from core.forms import apply_validation_error
from core.privacy import suppress_small
from core.tabular import Column

from . import forms, permissions, selectors, services
from .explain import (
    CONDITION_LABELS,
    check_summary,
    clause_text,
    describe_clauses,
    rule_set_age,
)
from .models import EligibilityRuleSet, EvaluationRun
from .rules import CheckReport, Outcome

manager_required = allowed_if(permissions.can_manage_pilots)


def _rows(report: CheckReport) -> list[tuple[Any, str]]:
    return [(c, str(CONDITION_LABELS.get(c.code, c.code))) for c in report.conditions]


def _waivable(report: CheckReport) -> list[tuple[str, str]]:
    """The conditions of this check that may be waived, for the waiver form."""
    return [
        (c.code, str(CONDITION_LABELS.get(c.code, c.code)))
        for c in report.conditions
        if c.waivable
    ]


@manager_required
@require_GET
def pilot_list(request: HttpRequest) -> HttpResponse:
    pilots = [
        (pilot, check_summary(services.pilot_check(pilot)))
        for pilot in selectors.pilot_list()
    ]
    areas = [
        (area, check_summary(services.area_check(area)))
        for area in selectors.area_list()
    ]
    return render(request, "pilots/list.html", {"pilots": pilots, "areas": areas})


@manager_required
@require_http_methods(["GET", "POST"])
def pilot_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = get_object_or_404(selectors.pilot_list(), pk=pk)
    waiver_form = forms.WaiverForm(
        request.POST if "justification" in request.POST else None,
        conditions=_waivable(services.pilot_check(pilot)),
    )
    if waiver_form.is_bound and waiver_form.is_valid():
        try:
            services.waiver_record(
                pilot=pilot, actor=signed_in_user(request), **waiver_form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(waiver_form, error)
        else:
            messages.success(request, _("The justification was recorded."))
            return HttpResponseRedirect(reverse("pilots:detail", args=[pilot.pk]))
    covered = (
        permissions.pilots_covered_by(signed_in_user(request))
        .filter(pk=pilot.pk)
        .exists()
    )
    counts = (
        [
            {
                **row,
                "total": suppress_small(int(row["total"])),  # type: ignore[call-overload]
                "eligible": suppress_small(int(row["eligible"])),  # type: ignore[call-overload]
            }
            for row in selectors.eligibility_counts(pilot=pilot)
        ]
        if covered
        else None
    )
    return render(
        request,
        "pilots/detail.html",
        {
            "pilot": pilot,
            "report": (report := services.pilot_check(pilot)),
            "report_rows": _rows(report),
            "report_summary": check_summary(report),
            "waiver_form": waiver_form,
            "evaluation_form": forms.EvaluationForm(
                initial={"on": min(timezone.localdate(), pilot.ends_on)}
            ),
            "counts": counts,
            "runs": selectors.recent_runs(pilot=pilot),
            "covered": covered,
            "outcomes": Outcome,
        },
    )


@manager_required
@require_POST
def evaluation_start(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = permissions.get_covered_pilot(signed_in_user(request), pk)
    form = forms.EvaluationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a valid day to evaluate for."))
        return HttpResponseRedirect(reverse("pilots:detail", args=[pilot.pk]))
    run = services.evaluation_run_start(
        pilot=pilot, on=form.cleaned_data["on"], actor=signed_in_user(request)
    )
    if runs.runs_not_sent(run):
        messages.warning(request, runs.not_sent_message())
    return HttpResponseRedirect(reverse("pilots:run", args=[run.pk]))


@manager_required
@require_GET
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    covered = permissions.pilots_covered_by(signed_in_user(request)).values("pk")
    run = get_object_or_404(
        EvaluationRun.objects.select_related("pilot__organisation", "rule_set"),
        pk=pk,
        pilot__in=covered,
    )
    return render(request, "pilots/run.html", {"run": run})


@manager_required
@require_http_methods(["GET", "POST"])
def area_detail(request: HttpRequest, pk: int) -> HttpResponse:
    area = get_object_or_404(selectors.area_list(), pk=pk)
    waiver_form = forms.WaiverForm(
        request.POST or None, conditions=_waivable(services.area_check(area))
    )
    if request.method == "POST" and waiver_form.is_valid():
        try:
            services.waiver_record(
                area=area, actor=signed_in_user(request), **waiver_form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(waiver_form, error)
        else:
            messages.success(request, _("The justification was recorded."))
            return HttpResponseRedirect(reverse("pilots:area", args=[area.pk]))
    return render(
        request,
        "pilots/area.html",
        {
            "area": area,
            "report": (report := services.area_check(area)),
            "report_rows": _rows(report),
            "report_summary": check_summary(report),
            "waiver_form": waiver_form,
        },
    )


@manager_required
@require_http_methods(["GET", "POST"])
def rule_list(request: HttpRequest) -> HttpResponse:
    form = forms.RuleDraftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.rule_set_draft(
                name=form.cleaned_data["name"],
                name_sv=form.cleaned_data["name_sv"],
                valid_from=form.cleaned_data["valid_from"],
                clauses=form.clauses(),
                source=form.cleaned_data["source"],
                source_sv=form.cleaned_data["source_sv"],
                actor=signed_in_user(request),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request, _("The draft was saved. Another person reviews it.")
            )
            return HttpResponseRedirect(reverse("pilots:rule", args=[draft.pk]))
    return render(
        request,
        "pilots/rules.html",
        {
            "rule_sets": selectors.rule_set_list(),
            "form": form,
            "in_force": services.rule_set_in_force(on=timezone.localdate()),
        },
    )


@manager_required
@require_http_methods(["GET", "POST"])
def rule_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    rule_set = get_object_or_404(selectors.rule_set_list(), pk=pk)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "review":
                services.rule_set_review(rule_set=rule_set, actor=user)
                messages.success(request, _("The version was reviewed."))
            elif action == "activate":
                services.rule_set_activate(rule_set=rule_set, actor=user)
                messages.success(
                    request, _("The version is in force from its start day.")
                )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return HttpResponseRedirect(reverse("pilots:rule", args=[rule_set.pk]))
    pilots = permissions.pilots_covered_by(user).distinct()
    today = timezone.localdate()
    in_force = services.rule_set_in_force(on=today)
    dry_form = forms.DryRunForm(
        request.GET or None,
        pilots=pilots,
        initial={"on": max(rule_set.valid_from, today)},
    )
    dry_run = None
    if dry_form.is_bound and dry_form.is_valid():
        try:
            dry_run = services.eligibility_dry_run(
                pilot=dry_form.cleaned_data["pilot"],
                draft=rule_set,
                on=dry_form.cleaned_data["on"],
            )
        except ValidationError as error:
            apply_validation_error(dry_form, error)
    return render(
        request,
        "pilots/rule_detail.html",
        {
            "rule_set": rule_set,
            "clauses": describe_clauses(rule_set.clauses),
            "in_force": in_force,
            # The version in force today has nothing to be compared with today;
            # a draft or a version in force later has.
            "can_dry_run": in_force is not None and in_force.pk != rule_set.pk,
            "dry_form": dry_form,
            "dry_run": dry_run,
            "query": request.GET.urlencode(),
        },
    )


@manager_required
@require_GET
def rule_dry_run_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The dry run's people, by internal number and municipality only."""
    user = signed_in_user(request)
    rule_set = get_object_or_404(EligibilityRuleSet, pk=pk)
    form = forms.DryRunForm(
        request.GET, pilots=permissions.pilots_covered_by(user).distinct()
    )
    if not form.is_valid():
        return HttpResponseRedirect(reverse("pilots:rule", args=[rule_set.pk]))
    try:
        dry_run = services.eligibility_dry_run(
            pilot=form.cleaned_data["pilot"],
            draft=rule_set,
            on=form.cleaned_data["on"],
        )
    except ValidationError:
        # The page says why (nothing to compare); the file would be empty.
        return HttpResponseRedirect(
            reverse("pilots:rule", args=[rule_set.pk]) + "?" + request.GET.urlencode()
        )
    names = {m.pk: m.name for m, _e, _l in dry_run.by_municipality}
    age_now = rule_set_age(dry_run.current.clauses if dry_run.current else [])
    age_after = rule_set_age(rule_set.clauses)
    rows = [
        [
            label,
            names.get(row.municipality_id, ""),
            clause_text(row.before, age=age_now),
            clause_text(row.after, age=age_after),
            row.jobseeker_id,
            row.before,
            row.after,
        ]
        for label, people in (
            (_("enters"), dry_run.entering),
            (_("leaves"), dry_run.leaving),
        )
        for row in people
    ]
    return tabular.csv_response(
        [
            Column(_("change")),
            Column(_("municipality")),
            Column(_("clause now")),
            Column(_("clause after")),
            Column(_("jobseeker number"), tabular.INTEGER),
            tabular.code_column(_("clause now")),
            tabular.code_column(_("clause after")),
        ],
        rows,
        filename=download_name(
            pgettext_lazy("file name", "dry run"),
            f"v{rule_set.version}",
            extension="csv",
        ),
    )


@caseworker_required
@require_http_methods(["GET", "POST"])
def transfer(request: HttpRequest, case_id: int) -> HttpResponse:
    """A caseworker moves a case to a pilot municipality or back, with a reason."""
    user = signed_in_user(request)
    case = case_permissions.get_case_for_user(user, case_id)
    if not case_permissions.can_edit_case(user, case):
        raise Http404
    log_request_read(request, AccessAction.EDIT_FORM, [case])
    form = forms.TransferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.pilot_transfer(case=case, actor=user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The case was transferred."))
            return HttpResponseRedirect(reverse("cases:worklist"))
    return render(
        request,
        "cases/form.html",
        {
            "form": form,
            "title": _("Transfer the case"),
            "jobseeker": case.jobseeker,
            "back_url": reverse("cases:jobseeker", args=[case.jobseeker_id]),
        },
    )
