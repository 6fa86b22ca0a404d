"""Registering and editing a jobseeker, revealing an identity code, and the
team lead's review of break-the-glass reads."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.requests import signed_in_user
from audit.models import AccessAction
from audit.services import log_request_read
from cases import forms, permissions, services
from core.forms import apply_validation_error
from organisations.selectors import PERSONAL_DATA_ROLES, organisation_ids_covered

from .pages import (
    caseworker_required,
    conflict_rows,
    jobseeker_url,
    municipalities_for,
)

if TYPE_CHECKING:
    from accounts.models import User
    from organisations.models import Organisation


@caseworker_required
@require_http_methods(["GET", "POST"])
def break_glass_review(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not permissions.is_team_lead(user):
        raise Http404
    queryset = permissions.break_glass_reviewable_by(user).select_related(
        "user", "jobseeker", "organisation", "reviewed_by"
    )
    if request.method == "POST":
        form = forms.BreakGlassReviewForm(request.POST)
        if form.is_valid():
            try:
                access = queryset.get(pk=form.cleaned_data["access"])
            except Exception as exc:  # DoesNotExist of the scoped queryset
                raise Http404 from exc
            services.break_glass_review(
                access=access, reviewer=user, note=form.cleaned_data["note"]
            )
            messages.success(request, _("The access was marked reviewed."))
            return HttpResponseRedirect(reverse("cases:break_glass_review"))
    pending = list(
        queryset.filter(reviewed_at__isnull=True).order_by("-opened_at")[:100]
    )
    recent = list(
        queryset.filter(reviewed_at__isnull=False).order_by("-reviewed_at")[:20]
    )
    log_request_read(
        request, AccessAction.LIST, [a.jobseeker for a in pending + recent]
    )
    return render(
        request, "cases/break_glass_review.html", {"pending": pending, "recent": recent}
    )


@caseworker_required
@require_http_methods(["POST"])
@never_cache
def jobseeker_identity_code(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the full identity code once; revealing it is a logged action."""
    jobseeker, via_break_glass = permissions.get_jobseeker_access(
        signed_in_user(request), pk
    )
    log_request_read(
        request,
        AccessAction.REVEAL_IDENTITY_CODE,
        [jobseeker],
        purpose="break_glass" if via_break_glass else "case_work",
    )
    return render(request, "cases/identity_code.html", {"jobseeker": jobseeker})


# --- Jobseeker --------------------------------------------------------------


@caseworker_required
@require_http_methods(["GET", "POST"])
def jobseeker_register(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    municipalities = municipalities_for(user).order_by("name")
    form = forms.JobseekerRegisterForm(
        request.POST or None, municipalities=municipalities
    )
    if request.method == "POST" and form.is_valid():
        municipality = form.cleaned_data["home_municipality"]
        responsible = _responsible_organisation(user, municipality)
        try:
            case = services.jobseeker_register(
                organisation=responsible,
                home_municipality=municipality,
                identity_code=form.cleaned_data["identity_code"],
                data=form.jobseeker_data(),
                registered_on=form.cleaned_data["registered_on"],
                status_at_start=form.cleaned_data["status_at_start"],
                caseworker=user,
                actor=user,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request, _("The jobseeker was registered and the case opened.")
            )
            return HttpResponseRedirect(jobseeker_url(case.jobseeker_id))
    return render(
        request,
        "cases/form.html",
        {
            "form": form,
            "title": _("Register a jobseeker"),
            "back_url": reverse("cases:worklist"),
        },
    )


def _responsible_organisation(user: User, municipality: Organisation) -> Organisation:
    """The organisation the user serves that covers the municipality."""
    covered = set(organisation_ids_covered(user=user, roles=PERSONAL_DATA_ROLES))
    if municipality.id in covered:
        return municipality
    raise Http404


@caseworker_required
@require_http_methods(["GET", "POST"])
def jobseeker_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    jobseeker = permissions.get_jobseeker_for_user(user, pk)
    log_request_read(request, AccessAction.EDIT_FORM, [jobseeker])
    municipalities = municipalities_for(user).order_by("name")
    initial = {
        name: getattr(jobseeker, name)
        for name in forms.JobseekerEditForm.base_fields
        if hasattr(jobseeker, name) and name != "home_municipality"
    }
    initial["home_municipality"] = jobseeker.home_municipality_id
    initial["no_home_municipality"] = not jobseeker.home_municipality_registered
    form = forms.JobseekerEditForm(
        request.POST or None, initial=initial, municipalities=municipalities
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.jobseeker_update(
                jobseeker=jobseeker,
                expected_version=form.cleaned_data["version"],
                data=form.jobseeker_data(),
                home_municipality=form.cleaned_data["home_municipality"],
                actor=user,
                on=timezone.localdate(),
            )
        except services.ConflictError as error:
            conflict = conflict_rows(form, error)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The details were saved."))
            return HttpResponseRedirect(jobseeker_url(jobseeker.pk))
    return render(
        request,
        "cases/form.html",
        {
            "form": form,
            "title": _("Edit details: %(name)s") % {"name": jobseeker.full_name},
            "back_url": jobseeker_url(jobseeker.pk),
            "conflict": conflict,
        },
    )
