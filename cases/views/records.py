"""The case record forms: meetings, the assessment, plans, services, job
offers, benefit notices, notes, status, assignment and deadlines."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import User
from accounts.requests import signed_in_user
from audit.models import AccessAction
from audit.services import log_request_read
from cases import forms, permissions, selectors, services
from cases.models import JobOffer, Plan, ServiceNeedsAssessment, ServicePeriod
from cases.models.records import MeetingKind, PlanKind
from core.formats import download_name
from core.pdf import pdf_language, render_pdf
from organisations.selectors import PERSONAL_DATA_ROLES

from .pages import (
    caseworker_required,
    editable_case,
    record_form_page,
    scoped_record,
)

# --- Case records -----------------------------------------------------------


def _prefill(
    request: HttpRequest, initial: dict[str, Any], *names: str
) -> dict[str, Any]:
    """`initial` with the kind, channel and the named fields given in the
    query string (a form another page opens prefilled)."""
    for name in ("kind", "channel", *names):
        value = request.GET.get(name)
        if value:
            initial[name] = value[:2000]
    return initial


@caseworker_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, case_id: int) -> HttpResponse:
    case = editable_case(request, case_id)
    # Marking an appointment held opens this form with its date and channel
    # (appointments.views.attendance); the form still checks what it gets.
    initial = {"kind": MeetingKind.INITIAL_INTERVIEW, "channel": "office"}
    form = forms.MeetingForm(
        request.POST or None, initial=_prefill(request, initial, "held_on")
    )
    return record_form_page(
        request,
        form=form,
        case=case,
        jobseeker=case.jobseeker,
        title=_("Record a meeting"),
        save=lambda: services.meeting_record(
            case=case, actor=signed_in_user(request), **form.cleaned_data
        ),
        success=_("The meeting was recorded and the deadlines updated."),
    )


@caseworker_required
@require_http_methods(["GET", "POST"])
def assessment_edit(request: HttpRequest, case_id: int) -> HttpResponse:
    case = editable_case(request, case_id)
    current = ServiceNeedsAssessment.objects.filter(case=case).first()
    initial: dict[str, Any] = {}
    if current is not None:
        initial = {name: getattr(current, name) for name in services.ASSESSMENT_FIELDS}
        initial["version"] = current.version
    form = forms.AssessmentForm(request.POST or None, initial=initial)

    def save() -> None:
        values = dict(form.cleaned_data)
        expected = values.pop("version", None)
        services.assessment_save(
            case=case,
            values=values,
            expected_version=expected,
            actor=signed_in_user(request),
        )

    return record_form_page(
        request,
        form=form,
        case=case,
        jobseeker=case.jobseeker,
        title=_("Service needs assessment"),
        save=save,
        success=_("The assessment was saved."),
    )


@caseworker_required
@require_http_methods(["GET", "POST"])
def plan_version_create(request: HttpRequest, case_id: int, kind: str) -> HttpResponse:
    case = editable_case(request, case_id)
    if kind not in PlanKind.values:
        raise Http404
    plan = Plan.objects.filter(case=case, kind=kind).first()
    latest = (
        plan.versions.prefetch_related("tasks").order_by("-number").first()
        if plan
        else None
    )
    initial: dict[str, Any] = {"version": plan.version if plan else 0}
    task_initial: list[dict[str, Any]] = []
    if latest is not None:
        initial.update(
            goal=latest.goal,
            services=latest.services,
            applications_per_month=latest.applications_per_month,
            obligation_reason=latest.obligation_reason,
            contact_channel=latest.contact_channel,
            valid_until=latest.valid_until,
        )
        task_initial = [
            {
                "description": t.description,
                "responsible": t.responsible,
                "due_on": t.due_on,
                "is_done": t.is_done,
            }
            for t in latest.tasks.all()
        ]
    form = forms.PlanVersionForm(request.POST or None, initial=initial)
    formset = forms.PlanTaskFormSet(
        request.POST or None,
        initial=task_initial,
        prefix="tasks",
        plan_dates=lambda: (
            services.plan_dates(
                plan,
                agreed_on=form.cleaned_data["agreed_on"],
                valid_until=form.cleaned_data.get("valid_until"),
            )
            if form.is_valid()
            else None
        ),
    )

    def save() -> None:
        data = form.cleaned_data
        services.plan_version_create(
            case=case,
            kind=kind,
            expected_version=data["version"],
            agreed_on=data["agreed_on"],
            goal=data["goal"],
            services=data["services"],
            applications_per_month=data["applications_per_month"],
            obligation_reason=data["obligation_reason"],
            contact_channel=data["contact_channel"],
            valid_until=data["valid_until"],
            tasks=[
                services.TaskData(
                    description=row.get("description", ""),
                    responsible=row.get("responsible") or "jobseeker",
                    due_on=row.get("due_on"),
                    is_done=bool(row.get("is_done")),
                )
                for row in formset.cleaned_data
                if row and row.get("description")
            ],
            actor=signed_in_user(request),
        )

    return record_form_page(
        request,
        form=form,
        case=case,
        jobseeker=case.jobseeker,
        title=_("New version: %(plan)s") % {"plan": PlanKind(kind).label},
        save=save,
        success=_("The plan version was saved."),
        extra={"formset": formset},
        template="cases/plan_form.html",
    )


@caseworker_required
@require_GET
def plan_version_pdf(request: HttpRequest, pk: int, version_id: int) -> HttpResponse:
    user = signed_in_user(request)
    jobseeker = permissions.get_jobseeker_for_user(user, pk)
    try:
        version = selectors.plan_version_for_pdf(
            version_id=version_id, jobseeker=jobseeker
        )
    except Exception as exc:  # DoesNotExist of a scoped lookup: same as forbidden
        raise Http404 from exc
    log_request_read(request, AccessAction.PDF, [version.plan])
    language = pdf_language(request, default=jobseeker.document_language)
    pdf = render_pdf(
        "cases/pdf/plan.html",
        {
            "version": version,
            "plan": version.plan,
            "case": version.plan.case,
            "jobseeker": jobseeker,
            "tasks": list(version.tasks.all()),
        },
        language=language,
    )
    name = download_name(
        PlanKind(version.plan.kind).label,
        f"v{version.number}",
        extension="pdf",
        language=language,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@caseworker_required
@require_http_methods(["GET", "POST"])
def service_create(request: HttpRequest, case_id: int) -> HttpResponse:
    case = editable_case(request, case_id)
    form = forms.ServiceStartForm(request.POST or None)
    return record_form_page(
        request,
        form=form,
        case=case,
        jobseeker=case.jobseeker,
        title=_("Start a service"),
        save=lambda: services.service_start(
            case=case, actor=signed_in_user(request), **form.cleaned_data
        ),
        success=_("The service was recorded."),
    )


@caseworker_required
@require_http_methods(["GET", "POST"])
def service_end(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    period = scoped_record(ServicePeriod, user, pk)
    case = editable_case(request, period.case_id)
    form = forms.ServiceEndForm(request.POST or None)
    return record_form_page(
        request,
        form=form,
        case=case,
        jobseeker=case.jobseeker,
        title=_("End the service: %(service)s") % {"service": period.service_type},
        save=lambda: services.service_end(
            period=period, actor=user, **form.cleaned_data
        ),
        success=_("The end of the service was recorded."),
    )


@caseworker_required
@require_http_methods(["GET", "POST"])
def job_offer_create(request: HttpRequest, case_id: int) -> HttpResponse:
    case = editable_case(request, case_id)
    form = forms.JobOfferForm(request.POST or None)
    return record_form_page(
        request,
        form=form,
        case=case,
        jobseeker=case.jobseeker,
        title=_("Make a job offer"),
        save=lambda: services.job_offer_create(
            case=case, actor=signed_in_user(request), **form.cleaned_data
        ),
        success=_("The job offer was recorded."),
    )


@caseworker_required
@require_http_methods(["GET", "POST"])
def job_offer_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    offer = scoped_record(JobOffer, user, pk)
    case = editable_case(request, offer.case_id)
    form = forms.JobOfferOutcomeForm(
        request.POST or None, initial={"outcome": offer.outcome}
    )
    return record_form_page(
        request,
        form=form,
        case=case,
        jobseeker=case.jobseeker,
        title=_("Outcome of the job offer: %(job)s") % {"job": offer},
        save=lambda: services.job_offer_outcome_record(
            offer=offer, actor=user, **form.cleaned_data
        ),
        success=_("The outcome was recorded."),
    )


@caseworker_required
@require_http_methods(["GET", "POST"])
def benefit_notice_create(request: HttpRequest, case_id: int) -> HttpResponse:
    case = editable_case(request, case_id)
    # A missed appointment offers this form with the matter and what happened.
    form = forms.BenefitNoticeForm(
        request.POST or None,
        initial=_prefill(request, {}, "description"),
    )
    return record_form_page(
        request,
        form=form,
        case=case,
        jobseeker=case.jobseeker,
        title=_("Information for a benefit decision"),
        save=lambda: services.benefit_notice_create(
            case=case, actor=signed_in_user(request), **form.cleaned_data
        ),
        success=_("The information was recorded as sent."),
    )


@caseworker_required
@require_http_methods(["GET", "POST"])
def note_create(request: HttpRequest, case_id: int) -> HttpResponse:
    case = editable_case(request, case_id)
    form = forms.NoteForm(request.POST or None)
    return record_form_page(
        request,
        form=form,
        case=case,
        jobseeker=case.jobseeker,
        title=_("Add a note"),
        save=lambda: services.note_add(
            case=case,
            actor=signed_in_user(request),
            on=timezone.localdate(),
            **form.cleaned_data,
        ),
        success=_("The note was added."),
    )


@caseworker_required
@require_http_methods(["GET", "POST"])
def case_transition(request: HttpRequest, case_id: int) -> HttpResponse:
    user = signed_in_user(request)
    case = permissions.get_case_for_user(user, case_id)
    allowed = permissions.allowed_transitions(user, case)
    if not allowed:
        raise Http404
    log_request_read(request, AccessAction.EDIT_FORM, [case])
    labels = dict(case.Status.choices)
    form = forms.CaseTransitionForm(
        request.POST or None,
        initial={"version": case.version, "to_status": request.GET.get("to")},
        allowed=[(status, str(labels[status])) for status in allowed],
    )
    return record_form_page(
        request,
        form=form,
        case=case,
        jobseeker=case.jobseeker,
        title=_("Change the status of the case"),
        save=lambda: services.case_transition(
            case=case,
            to_status=form.cleaned_data["to_status"],
            roles=permissions.case_roles(user, case),
            expected_version=form.cleaned_data["version"],
            on=form.cleaned_data["on"],
            exit_reason=form.cleaned_data.get("exit_reason") or "",
            actor=user,
        ),
        success=_("The status of the case was changed."),
    )


@caseworker_required
@require_http_methods(["GET", "POST"])
def case_assign(request: HttpRequest, case_id: int) -> HttpResponse:
    user = signed_in_user(request)
    case = permissions.get_case_for_user(user, case_id)
    if not permissions.can_assign_case(user, case):
        raise Http404
    log_request_read(request, AccessAction.EDIT_FORM, [case])
    caseworkers = (
        User.objects.filter(
            memberships__organisation_id=case.organisation_id,
            memberships__role__in=PERSONAL_DATA_ROLES,
        )
        .distinct()
        .order_by("last_name", "first_name")
    )
    form = forms.CaseAssignForm(
        request.POST or None,
        initial={"caseworker": case.caseworker_id or user.pk},
        caseworkers=caseworkers,
    )
    return record_form_page(
        request,
        form=form,
        case=case,
        jobseeker=case.jobseeker,
        title=_("Responsible caseworker"),
        save=lambda: services.case_assign(
            case=case,
            caseworker=form.cleaned_data["caseworker"],
            actor=user,
            on=timezone.localdate(),
        ),
        success=_("The responsible caseworker was changed."),
    )


@caseworker_required
@require_http_methods(["GET", "POST"])
def step_pause(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    step = permissions.get_step_for_user(user, pk)
    case = editable_case(request, step.case_id)
    form = forms.StepPauseForm(request.POST or None)
    return record_form_page(
        request,
        form=form,
        case=case,
        jobseeker=case.jobseeker,
        title=_("Pause the deadline: %(step)s") % {"step": step.get_kind_display()},
        save=lambda: services.step_pause(step=step, actor=user, **form.cleaned_data),
        success=_("The deadline was paused."),
    )


@caseworker_required
@require_http_methods(["GET", "POST"])
def step_resume(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    step = permissions.get_step_for_user(user, pk)
    case = editable_case(request, step.case_id)
    form = forms.StepResumeForm(request.POST or None)
    return record_form_page(
        request,
        form=form,
        case=case,
        jobseeker=case.jobseeker,
        title=_("Resume the deadline: %(step)s") % {"step": step.get_kind_display()},
        save=lambda: services.step_resume(step=step, actor=user, **form.cleaned_data),
        success=_("The deadline was resumed and its due date moved."),
    )
