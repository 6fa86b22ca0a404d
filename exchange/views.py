"""Import pages: upload, check, confirm and follow a batch; no JavaScript.

Access is decided in exchange.permissions: caseworkers and team leads, for
batches of their own organisations (a forbidden batch is a 404).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.requests import signed_in_user
from audit.models import AccessAction
from audit.services import Reader, access_log_write
from core.decorators import allowed_if
from core.forms import apply_validation_error

from . import forms, permissions, selectors, services

importer_required = allowed_if(permissions.can_import)


def _batch_url(pk: int) -> str:
    return reverse("exchange:batch", args=[pk])


@importer_required
@require_GET
def batch_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    return render(
        request,
        "exchange/list.html",
        {"batches": selectors.batch_list_for_user(user=user)},
    )


@importer_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = forms.ImportUploadForm(
        request.POST or None,
        request.FILES or None,
        organisations=permissions.importing_organisations(user=user),
    )
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        try:
            batch = services.import_upload(
                organisation=form.cleaned_data["organisation"],
                kind=form.cleaned_data["kind"],
                file_name=file.name or "",
                data=file.read(),
                uploaded_by=user,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return HttpResponseRedirect(_batch_url(batch.pk))
    return render(
        request,
        "exchange/upload.html",
        {"form": form, "columns": selectors.column_help()},
    )


@importer_required
@require_GET
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    batch = permissions.get_batch_for_user(user, pk)
    preview = selectors.batch_preview(batch=batch)
    if preview is not None and preview.targets:
        access_log_write(
            reader=Reader.from_request(request),
            action=AccessAction.LIST,
            targets=preview.targets,
        )
    return render(
        request,
        "exchange/batch.html",
        {
            "batch": batch,
            "preview": preview,
            "problems": selectors.batch_problems(batch=batch),
            "identical": selectors.identical_import(batch=batch),
            "outcomes": selectors.outcome_ranges(batch=batch),
        },
    )


@importer_required
@require_http_methods(["POST"])
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    batch = permissions.get_batch_for_user(user, pk)
    try:
        batch = services.import_confirm(batch=batch, actor=user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if batch.status == batch.Status.DONE:
            messages.success(request, _("The import is done."))
        elif batch.status == batch.Status.FAILED:
            messages.error(request, batch.error)
        else:
            messages.info(
                request, _("The import runs in the background; this page follows it.")
            )
    return HttpResponseRedirect(_batch_url(batch.pk))


@allowed_if(permissions.can_view_unmatched)
@require_GET
def unmatched(request: HttpRequest) -> HttpResponse:
    """Invoice lines whose person Polku does not know, without identity codes."""
    user = signed_in_user(request)
    cursor = request.GET.get("after", "")
    found = selectors.unmatched_invoice_lines(
        organisation_ids=permissions.unmatched_organisations(user),
        after=selectors.parse_cursor(cursor) if cursor else None,
    )
    access_log_write(
        reader=Reader.from_request(request),
        action=AccessAction.LIST,
        targets=[line.access_target for line in found.lines],
    )
    return render(request, "exchange/unmatched.html", {"found": found})
