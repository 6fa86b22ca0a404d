"""Finding a jobseeker, and break-the-glass for one outside the user's scope."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from accounts.requests import signed_in_user
from audit.models import AccessAction
from audit.services import log_request_read
from cases import forms, selectors, services
from cases.views import caseworker_required, jobseeker_url
from core.forms import apply_validation_error


@caseworker_required
@sensitive_post_parameters("q")
@require_http_methods(["GET", "POST"])
def search(request: HttpRequest) -> HttpResponse:
    """Search by name or identity code. POST, so that a searched identity code
    never appears in an address, browser history or server access log."""
    user = signed_in_user(request)
    form = forms.SearchForm(request.POST or None)
    results = None
    offer = ""
    if request.method == "POST" and form.is_valid() and form.cleaned_data["q"]:
        text = form.cleaned_data["q"]
        results = selectors.jobseeker_search(user=user, text=text)
        log_request_read(request, AccessAction.SEARCH, results)
        if not results:
            outside = selectors.jobseeker_outside_scope(text=text)
            if outside is not None:
                offer = services.break_glass_offer(user=user, jobseeker=outside)
    return render(
        request,
        "cases/search.html",
        {"form": form, "results": results, "break_glass_offer": offer},
    )


@caseworker_required
@require_http_methods(["POST"])
def break_glass_open(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = forms.BreakGlassForm(request.POST)
    if form.is_valid():
        try:
            access = services.break_glass_open(
                user=user,
                token=form.cleaned_data["token"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.warning(
                request,
                _(
                    "You opened a record outside your organisations. The access is "
                    "logged and your team lead will review it."
                ),
            )
            return HttpResponseRedirect(jobseeker_url(access.jobseeker_id))
    return render(
        request,
        "cases/search.html",
        {
            "form": forms.SearchForm(),
            "results": [],
            "break_glass_offer": form.data.get("token", ""),
            "break_glass_form": form,
        },
    )
