"""Caseworker pages. Each view parses input, calls one service or selector and
renders; access is decided in cases.permissions (a forbidden object is a 404)."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import User
from appropriations.selectors import decisions_for_jobseeker
from audit.models import AccessAction
from audit.services import log_request_read
from core.decorators import signed_in_user
from core.formats import download_name, short_date
from core.forms import apply_validation_error
from core.links import reverse_fast
from core.pdf import pdf_language, render_pdf
from organisations.models import Organisation
from organisations.selectors import PERSONAL_DATA_ROLES, organisation_ids_covered
from partners.models import PartnershipAgreement
from pilots.explain import explain_eligibility
from pilots.selectors import eligibility_for_current_job_search, jobseeker_conditions

from . import explain, forms, permissions, selectors, services
from .models import JobOffer, Plan, Referral, ServiceNeedsAssessment, ServicePeriod
from .models.process import StepKind
from .models.records import MeetingKind, PlanKind

if TYPE_CHECKING:
    from django.db.models import Model, QuerySet

    from .models import Case, Jobseeker, ProcessStep

F = TypeVar("F", bound=Callable[..., HttpResponse])
PAGE_SIZE = 50


def caseworker_required(view: F) -> F:
    """Signed in and holding a caseworker or team lead role; others get a 404."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not permissions.can_use_caseworker_pages(request.user):  # type: ignore[arg-type]
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


def _encode_cursor(values: list[Any] | None) -> str:
    if values is None:
        return ""
    return base64.urlsafe_b64encode(json.dumps(values, default=str).encode()).decode()


def _decode_cursor(raw: str | None) -> list[Any] | None:
    if not raw:
        return None
    try:
        value = json.loads(base64.urlsafe_b64decode(raw.encode()))
    except (ValueError, binascii.Error):
        return None
    return value if isinstance(value, list) and len(value) == 2 else None


def _municipalities_for(user: User) -> QuerySet[Organisation]:
    """Municipalities whose residents the user serves (directly or via an area)."""
    covered = organisation_ids_covered(user=user, roles=PERSONAL_DATA_ROLES)
    return Organisation.objects.filter(
        kind=Organisation.Kind.MUNICIPALITY, id__in=covered
    )


def _jobseeker_url(jobseeker_id: int) -> str:
    return reverse_fast("cases:jobseeker", jobseeker_id)


# --- Worklist and search ----------------------------------------------------


def _names(names: list[str]) -> str:
    if len(names) <= 3:
        return ", ".join(names)
    return ngettext(
        "%(first)s and %(n)d other", "%(first)s and %(n)d others", len(names) - 1
    ) % {"first": names[0], "n": len(names) - 1}


def _worklist_scopes(
    user: User, *, is_lead: bool, organisations: list[tuple[int, str]]
) -> tuple[list[tuple[str, str]], str]:
    """The "whose steps" choices, each saying whose steps it lists, and the
    user's default: a team lead's team (or, leading none, the whole
    organisation), a caseworker's own."""
    teams = [name for _pk, name in selectors.led_teams(user)]
    scopes = [("mine", _("Assigned to me"))]
    if teams:
        scopes.append(
            (
                "team",
                _("My team's and unassigned: %(teams)s") % {"teams": _names(teams)},
            )
        )
    scopes.append(
        (
            "organisation",
            _("Everyone's in %(organisations)s")
            % {"organisations": _names([name for _pk, name in organisations])},
        )
    )
    if not is_lead:
        return scopes, "mine"
    return scopes, "team" if teams else "organisation"


@caseworker_required
@require_GET
def worklist(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    is_lead = permissions.is_team_lead(user)
    covered = permissions.personal_data_organisation_ids(user)
    organisations = [
        (o.id, o.display_name)
        for o in Organisation.objects.filter(id__in=covered).order_by("name")
    ]
    scopes, default_scope = _worklist_scopes(
        user, is_lead=is_lead, organisations=organisations
    )
    # Always bound, with the defaults filled in, so that the selects show the
    # filters the list is shown with (a lead's unbound form said "Mine").
    query = request.GET.copy()
    if query.get("scope") == "team" and all(v != "team" for v, _l in scopes):
        # "team" without a team to lead was the organisation (older links).
        query["scope"] = "organisation"
    defaults = {"scope": default_scope, "bucket": "due"}
    if len(organisations) == 1:
        defaults["organisation"] = str(organisations[0][0])
    for key, value in defaults.items():
        if not query.get(key):
            query[key] = value
    form = forms.WorklistFilterForm(
        query,
        scopes=scopes,
        organisations=organisations,
        caseworkers=selectors.worklist_caseworkers(user=user, organisation_ids=covered),
        find_caseworker=lambda username: selectors.caseworker_by_username(
            username=username, organisation_ids=covered
        ),
    )
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.WorklistFilter(
        scope=data.get("scope") or default_scope,
        bucket=data.get("bucket") or "due",
        kind=data.get("kind") or "",
        organisation_id=data.get("organisation"),
        assignee_id=data.get("caseworker"),
    )
    today = timezone.localdate()
    cursor = _decode_cursor(request.GET.get("after"))
    after = None
    if cursor is not None:
        try:
            after = (dt.date.fromisoformat(str(cursor[0])), int(cursor[1]))
        except (TypeError, ValueError):
            after = None
    rows, next_cursor = selectors.worklist_page(
        user=user, filters=filters, today=today, after=after, size=PAGE_SIZE
    )
    log_request_read(request, AccessAction.LIST, rows)
    next_page = request.GET.copy()
    next_page.pop("after", None)
    if next_cursor is not None:
        next_page["after"] = _encode_cursor(
            [next_cursor[0].isoformat(), next_cursor[1]]
        )
    reminders, reminder_count = selectors.reminder_list_for_user(user=user)
    return render(
        request,
        "cases/worklist.html",
        {
            "reminders": reminders,
            "reminder_count": reminder_count,
            "form": form,
            "filters": filters,
            "shows_assignee": filters.scope != "mine",
            "rows": [_worklist_row(step, today) for step in rows],
            "counts": {
                key: _count_label(value)
                for key, value in selectors.worklist_counts(
                    user=user, filters=filters, today=today
                ).items()
            },
            "today": today,
            "next_query": next_page.urlencode() if next_cursor is not None else "",
            "is_later_page": after is not None,
            "is_team_lead": is_lead,
        },
    )


def _count_label(count: int) -> str:
    if count > selectors.WORKLIST_COUNT_LIMIT:
        return _("over %(count)s") % {
            "count": number_format(selectors.WORKLIST_COUNT_LIMIT, force_grouping=True)
        }
    return str(count)


@dataclass(frozen=True)
class WorklistRow:
    """One worklist line (a jobseeker's steps of one kind), worked out in
    Python: the template then only prints attributes. Resolving the same
    lookups, filters and tags 50 times in the template was most of the
    page's time (benchmarks.run)."""

    step: ProcessStep
    due_on: str
    is_overdue: bool
    is_today: bool
    jobseeker_url: str
    jobseeker_name: str
    jobseeker_last_name: str
    home_municipality: str
    headline: str
    basis: str
    assignee: str
    kind: str
    action_url: str
    group_size: int
    # " – step, last name": what the line's basis toggle and Record link are
    # about, for assistive technology (visually hidden), worked out once.
    about: str


def _worklist_row(step: ProcessStep, today: dt.date) -> WorklistRow:
    why = explain.explain_step(step)
    jobseeker = step.jobseeker
    size, overdue = getattr(step, "group_counts", None) or (1, 0)
    return WorklistRow(
        step=step,
        due_on=short_date(step.due_on),
        is_overdue=step.due_on < today,
        is_today=step.due_on == today,
        jobseeker_url=_jobseeker_url(step.jobseeker_id),
        jobseeker_name=f"{jobseeker.last_name}, {jobseeker.first_names}",
        jobseeker_last_name=jobseeker.last_name,
        home_municipality=jobseeker.home_municipality.display_name,
        headline=explain.group_headline(
            step,
            size=size,
            overdue=overdue,
            headline=why.headline,
        ),
        basis=why.basis,
        assignee=step.assignee.get_full_name() if step.assignee else "",
        kind=step.kind_label,
        action_url=step_action_url(step),
        group_size=size,
        about=f" – {step.kind_label}, {jobseeker.last_name}",
    )


@caseworker_required
@require_http_methods(["POST"])
def reminders_read(request: HttpRequest) -> HttpResponse:
    count = services.reminders_mark_read(
        user=signed_in_user(request), on=timezone.now()
    )
    messages.success(request, _("%(n)d reminders marked as read.") % {"n": count})
    return HttpResponseRedirect(reverse("cases:worklist"))


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
            return HttpResponseRedirect(_jobseeker_url(access.jobseeker_id))
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
    municipalities = _municipalities_for(user).order_by("name")
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
            return HttpResponseRedirect(_jobseeker_url(case.jobseeker_id))
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
@require_GET
def jobseeker_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    jobseeker, via_break_glass = permissions.get_jobseeker_access(user, pk)
    cursor = _decode_cursor(request.GET.get("before"))
    before = None
    if cursor is not None:
        try:
            before = (dt.date.fromisoformat(str(cursor[0])), int(cursor[1]))
        except (TypeError, ValueError):
            before = None
    overview = selectors.jobseeker_overview(jobseeker=jobseeker, events_before=before)
    if via_break_glass:
        log_request_read(
            request, AccessAction.BREAK_GLASS, [jobseeker], purpose="break_glass"
        )
    else:
        log_request_read(request, AccessAction.VIEW, [jobseeker])
    today = timezone.localdate()
    case = overview.case
    # Conditions for a chosen day (a GET form: works without JavaScript);
    # a day the form refuses is shown with its error and today is used.
    conditions_form = forms.ConditionsDayForm(
        request.GET if "on" in request.GET else None, initial={"on": today}
    )
    conditions_on = (
        conditions_form.cleaned_data["on"] if conditions_form.is_valid() else today
    )
    condition_facts, conditions = (
        jobseeker_conditions(jobseeker=jobseeker, on=conditions_on, case=case)
        if case is not None
        else (None, [])
    )
    latest_closed = overview.closed_cases[0] if overview.closed_cases else None
    can_reopen = (
        not via_break_glass
        and case is None
        and latest_closed is not None
        and "active" in permissions.allowed_transitions(user, latest_closed)
    )
    older = ""
    if overview.older_events_cursor is not None:
        day, event_id = overview.older_events_cursor
        older = _encode_cursor([day.isoformat(), event_id])
    return render(
        request,
        "cases/jobseeker_detail.html",
        {
            "o": overview,
            "jobseeker": jobseeker,
            "case": case,
            "today": today,
            "decisions": decisions_for_jobseeker(jobseeker),
            "services": [
                (service, service.state_on(today)) for service in overview.services
            ],
            "age": jobseeker.age_on(today),
            "steps": [
                (step, explain.explain_step(step), step_action_url(step))
                for step in overview.steps
            ],
            "conditions_form": conditions_form,
            "conditions_on": conditions_on,
            "condition_facts": condition_facts,
            "conditions": conditions,
            "via_break_glass": via_break_glass,
            "can_edit": (
                not via_break_glass
                and case is not None
                and permissions.can_edit_case(user, case)
            ),
            "transitions": (
                permissions.allowed_transitions(user, case)
                if case and not via_break_glass
                else []
            ),
            "can_assign": (
                not via_break_glass
                and case is not None
                and permissions.can_assign_case(user, case)
            ),
            "older_events": older,
            "can_reopen": can_reopen,
            "events": [
                (event, explain.describe_event(event)) for event in overview.events
            ],
            "meeting_kinds": MeetingKind.choices,
            "plan_kinds": PlanKind.choices,
            "plans_by_kind": {plan.kind: plan for plan in overview.plans},
            "eligibility": [
                (result, explain_eligibility(result))
                for result in eligibility_for_current_job_search(
                    jobseeker=jobseeker,
                    started_on=case.job_search_period.started_on,
                )
            ]
            if case is not None
            else [],
        },
    )


@caseworker_required
@require_http_methods(["GET", "POST"])
def jobseeker_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    jobseeker = permissions.get_jobseeker_for_user(user, pk)
    log_request_read(request, AccessAction.EDIT_FORM, [jobseeker])
    municipalities = _municipalities_for(user).order_by("name")
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
            conflict = _conflict(form, error)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The details were saved."))
            return HttpResponseRedirect(_jobseeker_url(jobseeker.pk))
    return render(
        request,
        "cases/form.html",
        {
            "form": form,
            "title": _("Edit details: %(name)s") % {"name": jobseeker.full_name},
            "back_url": _jobseeker_url(jobseeker.pk),
            "conflict": conflict,
        },
    )


def _conflict(form: Any, error: services.ConflictError) -> dict[str, Any]:
    """Keep what the user typed, show what the other person saved, and let a
    second submit save over it deliberately (the version moves to the current)."""
    current = error.current
    data = form.data.copy()
    data["version"] = str(current.version)  # type: ignore[attr-defined]
    form.data = data
    rows = []
    for name, field in form.fields.items():
        if name == "version" or not hasattr(current, name):
            continue
        theirs = getattr(current, name)
        mine = form.cleaned_data.get(name)
        if hasattr(theirs, "pk"):
            differs = getattr(mine, "pk", mine) != theirs.pk
        else:
            differs = mine != theirs
        if differs:
            rows.append((field.label, theirs, mine))
    return {"rows": rows}


# --- Case records -----------------------------------------------------------


def editable_case(request: HttpRequest, case_id: int) -> Case:
    user = signed_in_user(request)
    case = permissions.get_case_for_user(user, case_id)
    if not permissions.can_edit_case(user, case):
        raise Http404
    log_request_read(request, AccessAction.EDIT_FORM, [case])
    return case


def record_form_page(
    request: HttpRequest,
    *,
    form: Any,
    case: Case | None,
    jobseeker: Jobseeker,
    title: str,
    save: Callable[[], Any],
    success: str,
    extra: dict[str, Any] | None = None,
    template: str = "cases/form.html",
) -> HttpResponse:
    """The shared GET/POST cycle of a record form that calls one service."""
    conflict = None
    formset = (extra or {}).get("formset")
    if (
        request.method == "POST"
        and form.is_valid()
        and (formset is None or formset.is_valid())
    ):
        try:
            save()
        except services.ConflictError as error:
            conflict = _conflict(form, error)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, success)
            return HttpResponseRedirect(_jobseeker_url(jobseeker.pk))
    return render(
        request,
        template,
        {
            "form": form,
            "title": title,
            "jobseeker": jobseeker,
            "case": case,
            "back_url": _jobseeker_url(jobseeker.pk),
            "conflict": conflict,
            **(extra or {}),
        },
    )


@caseworker_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, case_id: int) -> HttpResponse:
    case = editable_case(request, case_id)
    kind = request.GET.get("kind", MeetingKind.INITIAL_INTERVIEW)
    form = forms.MeetingForm(
        request.POST or None, initial={"kind": kind, "channel": "office"}
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


RecordT = TypeVar("RecordT", bound="Model")


def scoped_record(model: type[RecordT], user: User, pk: int) -> RecordT:
    covered = organisation_ids_covered(user=user, roles=PERSONAL_DATA_ROLES)
    try:
        return model._default_manager.select_related("case").get(
            pk=pk, organisation_id__in=covered
        )
    except ObjectDoesNotExist as exc:
        raise Http404 from exc


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
    form = forms.BenefitNoticeForm(request.POST or None)
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


STEP_MEETING = {
    StepKind.INITIAL_INTERVIEW: MeetingKind.INITIAL_INTERVIEW,
    StepKind.SUPPLEMENTARY_DISCUSSION: MeetingKind.SUPPLEMENTARY_DISCUSSION,
    StepKind.JOB_SEARCH_DISCUSSION: MeetingKind.JOB_SEARCH_DISCUSSION,
}
STEP_PLAN = {
    StepKind.ACTIVATION_PLAN: PlanKind.ACTIVATION,
    StepKind.INTEGRATION_PLAN: PlanKind.INTEGRATION,
    StepKind.MULTISECTORAL_PLAN: PlanKind.MULTISECTORAL,
    StepKind.MULTISECTORAL_REVIEW: PlanKind.MULTISECTORAL,
}


def step_action_url(step: Any) -> str:
    """Where the caseworker records what completes the step."""
    if step.kind == StepKind.MULTISECTORAL_ASSESSMENT:
        # The service-needs assessment records the need for social, health
        # and rehabilitation services (services.assessment_save completes it).
        return reverse_fast("cases:assessment_edit", step.case_id)
    if step.kind in STEP_MEETING:
        url = reverse_fast("cases:meeting_create", step.case_id)
        return f"{url}?kind={STEP_MEETING[step.kind]}"
    return reverse_fast("cases:plan_version_create", step.case_id, STEP_PLAN[step.kind])


# --- Sharing with partners --------------------------------------------------


@caseworker_required
@require_http_methods(["GET", "POST"])
def referral_create(request: HttpRequest, case_id: int) -> HttpResponse:
    case = editable_case(request, case_id)
    today = timezone.localdate()
    agreements = PartnershipAgreement.objects.in_force(on=today).filter(
        parties__organisation_id=case.organisation_id
    )
    partners = (
        Organisation.objects.filter(agreement_parties__agreement__in=agreements)
        .exclude(pk=case.organisation_id)
        .distinct()
        .order_by("name")
    )
    form = forms.ReferralForm(
        request.POST or None, agreements=agreements.distinct(), partners=partners
    )
    return record_form_page(
        request,
        form=form,
        case=case,
        jobseeker=case.jobseeker,
        title=_("Share the case with a partner"),
        save=lambda: services.referral_create(
            case=case, actor=signed_in_user(request), **form.cleaned_data
        ),
        success=_("The case was shared with the partner within the consent."),
    )


@caseworker_required
@require_http_methods(["GET", "POST"])
def referral_end(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    covered = organisation_ids_covered(user=user, roles=PERSONAL_DATA_ROLES)
    try:
        referral = Referral.objects.select_related("case", "partner").get(
            pk=pk, organisation_id__in=covered
        )
    except Referral.DoesNotExist as exc:
        raise Http404 from exc
    case = editable_case(request, referral.case_id)
    form = forms.ReferralEndForm(request.POST or None, initial={"action": "end"})

    def save() -> None:
        data = form.cleaned_data
        if data["action"] == "withdraw":
            services.referral_consent_withdraw(
                referral=referral, on=data["on"], actor=user
            )
        else:
            services.referral_end(referral=referral, on=data["on"], actor=user)

    return record_form_page(
        request,
        form=form,
        case=case,
        jobseeker=case.jobseeker,
        title=_("End sharing with %(partner)s") % {"partner": referral.partner},
        save=save,
        success=_("The partner's access ended."),
    )
