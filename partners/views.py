"""Coordinators' pages for partnership agreements: the agreement with its
parties, approvals, service matrix, money and evaluation plan, its lifecycle
actions and its PDF."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.decorators import allowed_if
from core.formats import download_name
from core.forms import apply_validation_error
from core.pdf import pdf_language, render_pdf

from . import forms, permissions, rules, selectors, services
from .models import AgreementStatus, PartnershipAgreement, ProjectParty, RecordedFigure

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.db.models import QuerySet

manager_required = allowed_if(permissions.can_manage_agreements)


@manager_required
@require_GET
def agreement_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "partners/list.html",
        {"agreements": selectors.agreement_list().prefetch_related("parties")},
    )


def _detail(
    request: HttpRequest,
    agreement: PartnershipAgreement,
    *,
    bound: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    context = selectors.agreement_overview(agreement, on=timezone.localdate())
    context.update(
        version_form=forms.VersionForm(),
        approval_form=forms.ApprovalForm(agreement=agreement),
        end_form=forms.EndForm(),
        Status=AgreementStatus,
        sections=[(name, spec.title) for name, spec in SECTIONS.items()],
    )
    context.update(bound or {})
    return render(request, "partners/detail.html", context, status=status)


def _get(pk: int) -> PartnershipAgreement:
    return get_object_or_404(selectors.agreement_detail_queryset(), pk=pk)


@manager_required
@require_GET
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _get(pk))


ACTIONS = {"version", "negotiate", "approve", "in-force", "end"}


@manager_required
@require_POST
def agreement_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One lifecycle step; on an error the page comes back with the message
    next to the form and nothing typed is lost."""
    if action not in ACTIONS:
        raise Http404
    agreement = _get(pk)
    form: Any = None
    key = ""
    try:
        if action == "version":
            form, key = forms.VersionForm(request.POST), "version_form"
            if form.is_valid():
                services.version_create(
                    agreement=agreement, summary=form.cleaned_data["summary"]
                )
        elif action == "negotiate":
            services.negotiation_start(agreement=agreement)
        elif action == "approve":
            form = forms.ApprovalForm(request.POST, agreement=agreement)
            key = "approval_form"
            if form.is_valid():
                services.approval_record(agreement=agreement, **form.cleaned_data)
        elif action == "in-force":
            services.bring_into_force(agreement=agreement)
        else:
            form, key = forms.EndForm(request.POST), "end_form"
            if form.is_valid():
                services.agreement_end(
                    agreement=agreement,
                    on=form.cleaned_data["last_day"],
                    terminated=form.cleaned_data["terminated"],
                )
    except ValidationError as error:
        if form is None:
            for message in error.messages:
                messages.error(request, message)
            return _detail(request, _get(pk), status=400)
        apply_validation_error(form, error)
    if form is not None and form.errors:
        return _detail(request, _get(pk), bound={key: form}, status=400)
    messages.success(request, _("Saved."))
    return HttpResponseRedirect(reverse("partners:detail", args=[pk]))


@manager_required
@require_GET
def agreement_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The agreement for the boards, in Finnish or Swedish (or English)."""
    agreement = _get(pk)
    language = pdf_language(request)
    pdf = render_pdf(
        "partners/pdf/agreement.html",
        # Warnings and findings are written when computed: in the PDF's language.
        lambda: selectors.agreement_overview(agreement, on=timezone.localdate()),
        language=language,
    )
    name = download_name(
        pgettext_lazy("file name", "agreement"),
        agreement.pk,
        extension="pdf",
        language=language,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- Creating an agreement and editing its content -------------------------------


@dataclass(frozen=True)
class Section:
    title: Any  # lazy translation
    form: type[forms.ContentForm]
    items: Callable[[PartnershipAgreement], QuerySet[Any]]


SECTIONS: dict[str, Section] = {
    "parties": Section(
        gettext_lazy("Parties"),
        forms.PartyForm,
        lambda a: a.parties.select_related("organisation"),
    ),
    "sharing": Section(
        gettext_lazy("Data sharing"),
        forms.SharingTermForm,
        lambda a: a.sharing_terms.all(),
    ),
    "steering": Section(
        gettext_lazy("Steering group"),
        forms.SteeringForm,
        lambda a: a.steering_group.select_related("party__organisation"),
    ),
    "matrix": Section(
        gettext_lazy("Service responsibility matrix"),
        forms.ResponsibilityForm,
        lambda a: a.responsibilities.select_related("service", "producer"),
    ),
    "money_rules": Section(
        gettext_lazy("Money terms"), forms.MoneyRuleForm, lambda a: a.money_rules.all()
    ),
    "targets": Section(
        gettext_lazy("Evaluation plan"), forms.TargetForm, lambda a: a.targets.all()
    ),
    "projects": Section(
        gettext_lazy("Projects"), forms.ProjectForm, lambda a: a.projects.all()
    ),
    "project_parties": Section(
        gettext_lazy("Project parties and caps"),
        forms.ProjectPartyForm,
        lambda a: ProjectParty.objects.filter(project__agreement=a).select_related(
            "project", "organisation"
        ),
    ),
    "figures": Section(
        gettext_lazy("Recorded figures"),
        forms.FigureForm,
        lambda a: RecordedFigure.objects.filter(project__agreement=a).select_related(
            "project"
        ),
    ),
}


def _section(name: str) -> Section:
    try:
        return SECTIONS[name]
    except KeyError as exc:
        raise Http404 from exc


@manager_required
@require_http_methods(["GET", "POST"])
def agreement_create(request: HttpRequest) -> HttpResponse:
    form = forms.AgreementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        agreement = form.save()
        messages.success(request, _("Saved."))
        return HttpResponseRedirect(reverse("partners:detail", args=[agreement.pk]))
    status = 400 if form.errors else 200
    return render(request, "partners/create.html", {"form": form}, status=status)


@manager_required
@require_http_methods(["GET", "POST"])
def content_edit(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    """One part of the agreement: what it has, and a form to add to it."""
    spec = _section(section)
    agreement = get_object_or_404(PartnershipAgreement.objects.all(), pk=pk)
    form = spec.form(request.POST or None, agreement=agreement)
    if request.method == "POST" and form.is_valid():
        try:
            services.content_save(agreement=agreement, section=section, form=form)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return HttpResponseRedirect(request.path)
    return render(
        request,
        "partners/edit.html",
        {
            "agreement": agreement,
            "section": section,
            "title": spec.title,
            "items": list(spec.items(agreement)),
            "form": form,
            "editable": rules.content_editable(agreement.status, section),
            "sections": [(name, s.title) for name, s in SECTIONS.items()],
        },
        status=400 if form.errors else 200,
    )


@manager_required
@require_POST
def content_remove(
    request: HttpRequest, pk: int, section: str, item: int
) -> HttpResponse:
    spec = _section(section)
    agreement = get_object_or_404(PartnershipAgreement.objects.all(), pk=pk)
    instance = get_object_or_404(spec.items(agreement), pk=item)
    try:
        services.content_remove(agreement=agreement, section=section, instance=instance)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Removed."))
    return HttpResponseRedirect(reverse("partners:edit", args=[pk, section]))
