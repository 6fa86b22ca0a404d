"""What the caseworker pages share: who may open them, loading a case for
editing, and the GET/POST cycle of a record form that calls one service."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render

from accounts.requests import signed_in_user
from audit.models import AccessAction
from audit.services import log_request_read
from cases import permissions, services
from cases.models.process import StepKind
from cases.models.records import MeetingKind, PlanKind
from cases.rules.contact import phone_display
from core.decorators import allowed_if
from core.forms import apply_validation_error
from core.links import reverse_fast
from organisations.models import Organisation
from organisations.selectors import PERSONAL_DATA_ROLES, organisation_ids_covered

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.db.models import Model, QuerySet

    from accounts.models import User
    from cases.models import Case, Jobseeker
    from core.links import Links


# Signed in and holding a caseworker or team lead role; others get a 404.
caseworker_required = allowed_if(permissions.can_use_caseworker_pages)


def municipalities_for(user: User) -> QuerySet[Organisation]:
    """Municipalities whose residents the user serves (directly or via an area)."""
    covered = organisation_ids_covered(user=user, roles=PERSONAL_DATA_ROLES)
    return Organisation.objects.filter(
        kind=Organisation.Kind.MUNICIPALITY, id__in=covered
    )


def jobseeker_url(jobseeker_id: int, *, links: Links | None = None) -> str:
    url = reverse_fast if links is None else links.url
    return url("cases:jobseeker", jobseeker_id)


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
            conflict = conflict_rows(form, error)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, success)
            return HttpResponseRedirect(jobseeker_url(jobseeker.pk))
    return render(
        request,
        template,
        {
            "form": form,
            "title": title,
            "jobseeker": jobseeker,
            "case": case,
            "back_url": jobseeker_url(jobseeker.pk),
            "conflict": conflict,
            **(extra or {}),
        },
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


def conflict_rows(form: Any, error: services.ConflictError) -> dict[str, Any]:
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
            if name == "phone":
                theirs, mine = phone_display(theirs or ""), phone_display(mine or "")
            rows.append((field.label, theirs, mine))
    return {"rows": rows}


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


def step_action_url(step: Any, *, links: Links | None = None) -> str:
    """Where the caseworker records what completes the step."""
    url = reverse_fast if links is None else links.url
    if step.kind == StepKind.MULTISECTORAL_ASSESSMENT:
        # The service-needs assessment records the need for social, health
        # and rehabilitation services (services.assessment_save completes it).
        return url("cases:assessment_edit", step.case_id)
    if step.kind in STEP_MEETING:
        meeting = url("cases:meeting_create", step.case_id)
        return f"{meeting}?kind={STEP_MEETING[step.kind]}"
    return url("cases:plan_version_create", step.case_id, STEP_PLAN[step.kind])
