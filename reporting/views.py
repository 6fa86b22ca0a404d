"""Coordinators' follow-up pages: months computed, a month's figures per
organisation, the definitions, computing on demand and publishing; the
client survey's page for coordinators and its answer page for clients."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import (
    get_language,
    gettext_lazy,
    ngettext,
    pgettext_lazy,
)
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.requests import signed_in_user
from core import runs
from core.decorators import allowed_if
from core.forms import apply_validation_error
from core.pdf import stored_pdf_response
from organisations.models import Organisation

from . import (
    board,
    charts,
    dashboard_rows,
    exports,
    forms,
    permissions,
    selectors,
    services,
    surveys,
)
from .models import IndicatorRun, IndicatorUnit, SurveyLinkUse

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
                started = services.runs_start(
                    months=form.months(), reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                if runs.runs_not_sent(*started):
                    messages.warning(request, runs.not_sent_message())
                elif len(started) == 1:
                    messages.success(request, _("The computation has started."))
                else:
                    messages.success(
                        request,
                        ngettext(
                            "The computation of %(count)d month has started.",
                            "The computation of %(count)d months has started.",
                            len(started),
                        )
                        % {"count": len(started)},
                    )
                if len(started) == 1:
                    return HttpResponseRedirect(
                        reverse("reporting:month", args=[started[0].pk])
                    )
                return HttpResponseRedirect(reverse("reporting:index"))
    return render(
        request,
        "reporting/index.html",
        {
            "runs": IndicatorRun.objects.order_by("-month", "-revision")[:36],
            "form": form,
            "can_run": can_run,
            "can_manage_survey": permissions.can_manage_survey(signed_in_user(request)),
        },
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
        {"definitions": selectors.indicator_definitions()},
    )


@viewer_required
@require_GET
def month_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The month's figures for the covered organisations as CSV or XLSX,
    suppressed as on the page, in the reader's language."""
    run = get_object_or_404(IndicatorRun.objects.all(), pk=pk)
    table = selectors.month_table(
        run, organisation_ids=permissions.organisations_visible(signed_in_user(request))
    )
    return exports.response(
        exports.month_columns(),
        exports.month_rows(run, table),
        label=pgettext_lazy("file name", "indicators"),
        parts=(f"{run.month:%Y-%m}", f"r{run.revision}"),
        file_format=fmt,
    )


# --- Dashboard ------------------------------------------------------------------


# The peer choices in groups, in the order of permissions.PEER_KINDS.
PEER_GROUPS = (
    (Organisation.Kind.EMPLOYMENT_AREA, gettext_lazy("Employment areas")),
    (Organisation.Kind.MUNICIPALITY, gettext_lazy("Municipalities")),
)


def _dashboard(request: HttpRequest) -> tuple[forms.DashboardForm, Any]:
    """The form and, when its choices are valid, the dashboard they ask for.
    An organisation the user does not follow is not among the choices, so it
    fails validation like any other unknown value."""
    # As values (kept for the session) and with the names only: the
    # choices are every area and municipality the reader may compare with.
    visible, peers = selectors.choice_organisations(
        visible=permissions.organisations_visible(signed_in_user(request)),
        peers=permissions.peer_condition(),
    )
    choices = [(o.pk, o.display_name) for o in visible]
    # Read once for the form's choices and the dashboard (issue 21: each
    # statement saved is some 0.5 ms of the page's CPU).
    every = selectors.indicator_definitions()
    definitions = selectors.newest_versions(every)
    data = request.GET.copy()
    data.setdefault("indicator", "activation_rate")
    data.setdefault("months", "24")
    if "organisation" not in data and choices:
        data["organisation"] = str(choices[0][0])
    form = forms.DashboardForm(
        data,
        organisations=choices,
        indicators=[(d.code, d.localised_name) for d in definitions],
        peers=[
            (str(label), [(o.pk, o.display_name) for o in peers if o.kind == kind])
            for kind, label in PEER_GROUPS
        ],
    )
    if not form.is_valid():
        return form, None
    organisation_id = form.cleaned_data["organisation"]
    peer_id = form.cleaned_data["peer"]
    board = selectors.dashboard(
        code=form.cleaned_data["indicator"],
        organisation=next((o for o in visible if o.pk == organisation_id), None),
        months=form.cleaned_data["months"],
        peer=next((o for o in peers if o.pk == peer_id), None),
        definitions=every,
    )
    return form, board


@viewer_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    form, board = _dashboard(request)
    context: dict[str, Any] = {"form": form, "board": board}
    if board is not None and board.runs:
        context["trend_chart"] = charts.trend_chart(
            board.definition,
            board.runs,
            [(name, points) for name, _id, points in board.lines],
            targets=board.targets,
        )
        context["month_rows"] = dashboard_rows.month_rows(board)
        context["comparison_rows"] = dashboard_rows.comparison_rows(
            board, months=form.cleaned_data["months"]
        )
        if board.members:
            context["members_chart"] = charts.trend_chart(
                board.definition,
                board.runs,
                [(name, points) for name, _id, points in board.members],
            )
            context["member_month_headers"] = dashboard_rows.member_month_headers(
                board.runs
            )
            context["member_rows"] = dashboard_rows.member_rows(
                board, months=form.cleaned_data["months"]
            )
        context["query"] = request.GET.urlencode()
    if (
        board is not None
        and board.organisation_id is not None
        and board.definition.unit == IndicatorUnit.EURO
    ):
        context["forecast"] = selectors.euro_forecast(
            organisation_id=board.organisation_id, on=timezone.localdate()
        )
    return render(
        request,
        "reporting/dashboard.html",
        context,
        status=200 if form.is_valid() else 400,
    )


@viewer_required
@require_GET
def dashboard_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The dashboard's figures as CSV or XLSX: one row per organisation and
    month, suppressed exactly as on the page."""
    _form, board = _dashboard(request)
    if board is None:
        raise Http404
    return exports.response(
        exports.dashboard_columns(),
        exports.dashboard_rows(board),
        label=board.definition.localised_name,
        parts=(f"{timezone.localdate():%Y%m%d}",),
        file_format=fmt,
    )


# --- The board's monthly PDF report ------------------------------------------------


@viewer_required
@require_http_methods(["GET", "POST"])
def reports(request: HttpRequest) -> HttpResponse:
    """Board reports of the organisations the user follows, and generating one.

    Board viewers may generate too: a report only renders figures already
    computed, for organisations they already see, and leaves no trace on
    the figures (permissions.can_request_board_report).
    """
    user = signed_in_user(request)
    form = forms.BoardReportForm(
        request.POST if request.method == "POST" else None,
        organisations=board.board_organisations(user=user),
        months=board.board_report_months(),
        language="sv" if get_language() == "sv" else "fi",
    )
    if request.method == "POST":
        if not permissions.can_request_board_report(user):
            raise Http404
        if form.is_valid():
            try:
                report = services.board_report_request(user=user, **form.cleaned_data)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                if runs.runs_not_sent(report):
                    messages.warning(request, runs.not_sent_message())
                else:
                    messages.success(request, _("The report is being generated."))
                return HttpResponseRedirect(reverse("reporting:reports"))
    listed = list(board.board_report_list(user=user)[:50])
    return render(
        request,
        "reporting/reports.html",
        {
            "form": form,
            "reports": listed,
            "refresh": any(report.is_pending for report in listed),
        },
        status=400 if form.errors else 200,
    )


@viewer_required
@require_GET
def report_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The stored PDF, byte for byte as rendered."""
    report = board.board_report_for_download(user=signed_in_user(request), pk=pk)
    if report is None:
        raise Http404
    return stored_pdf_response(
        bytes(report.pdf), filename=report.filename, sha256=report.sha256
    )


# --- The client survey (issue 23 item 3) ------------------------------------------


@allowed_if(permissions.can_manage_survey)
@require_GET
def survey(request: HttpRequest) -> HttpResponse:
    """The survey of an organisation the coordinator covers: whether it is
    on, its answers by month, and one month's comments (the newest month
    that may be shown, or the one chosen)."""
    organisations = Organisation.objects.filter(
        id__in=permissions.survey_organisations(signed_in_user(request))
    ).order_by("name")
    form = forms.SurveyOrganisationForm(
        request.GET if "organisation" in request.GET else None,
        organisations=organisations,
    )
    chosen = (
        form.cleaned_data["organisation"] if form.is_bound and form.is_valid() else None
    )
    if chosen is None and not form.is_bound:
        chosen = organisations.first()
    today = timezone.localdate()
    months = (
        selectors.survey_months(organisation_id=chosen.pk, today=today)
        if chosen is not None
        else []
    )
    readable = [row for row in months if row.has_comments_shown]
    shown = next(
        (row for row in readable if row.month.isoformat() == request.GET.get("month")),
        readable[0] if readable else None,
    )
    return render(
        request,
        "reporting/survey.html",
        {
            "form": form,
            "organisation": chosen,
            "is_on": chosen is not None
            and surveys.survey_is_on(organisation_id=chosen.pk),
            "months": months,
            "shown": shown,
            "comments": (
                selectors.survey_comments(
                    organisation_id=chosen.pk, month=shown.month, today=today
                )
                if chosen is not None and shown is not None
                else None
            ),
            "link_days": settings.POLKU_SURVEY_LINK_DAYS,
        },
        status=400 if form.errors else 200,
    )


@allowed_if(permissions.can_manage_survey)
@require_POST
def survey_setting(request: HttpRequest) -> HttpResponse:
    """Switch the survey on or off for an organisation the coordinator covers."""
    user = signed_in_user(request)
    form = forms.SurveySettingForm(
        request.POST,
        organisations=Organisation.objects.filter(
            id__in=permissions.survey_organisations(user)
        ),
    )
    if not form.is_valid():
        # Only a made-up request names no organisation of theirs.
        messages.error(request, _("Choose an organisation you coordinate."))
        return HttpResponseRedirect(reverse("reporting:survey"))
    organisation = form.cleaned_data["organisation"]
    is_on = form.cleaned_data["is_on"]
    surveys.survey_setting_set(
        organisation=organisation, is_on=is_on, actor=user, now=timezone.now()
    )
    messages.success(
        request,
        _("The survey is now on.") if is_on else _("The survey is now off."),
    )
    return HttpResponseRedirect(
        f"{reverse('reporting:survey')}?organisation={organisation.pk}"
    )


def _survey_page(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return render(request, f"reporting/{template}.html", context, status=status)


# Not cached anywhere on the way: the address is the person's key.
@never_cache
@require_http_methods(["GET", "POST"])
def survey_answer(request: HttpRequest, token: str) -> HttpResponse:
    """The page behind the survey link: the one question and a comment. No
    account, no JavaScript; every use logged, 60 an hour per address; a
    link answers once."""
    read = surveys.token_read(token)
    if read is None:
        return _survey_page(request, "survey_invalid", {"is_expired": False}, 404)
    translation.activate(read.language)
    request.LANGUAGE_CODE = read.language
    if read.is_expired:
        return _survey_page(request, "survey_invalid", {"is_expired": True}, 410)
    now = timezone.now()
    is_post = request.method == "POST"
    is_open = surveys.is_unanswered(secret=read.secret)
    action = SurveyLinkUse.Action.VIEW
    if not is_open:
        action = SurveyLinkUse.Action.ANSWERED_BEFORE
    elif is_post:
        action = SurveyLinkUse.Action.ANSWER
    # Logged before the answer, in its own transaction (surveys module).
    if not surveys.link_use_record(
        address=request.META.get("REMOTE_ADDR", ""), action=action, now=now
    ):
        return _survey_page(request, "survey_invalid", {"is_expired": False}, 429)
    form = forms.SurveyAnswerForm(request.POST if is_post else None)
    if is_post and is_open and form.is_valid():
        try:
            surveys.survey_answer_record(
                secret=read.secret,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
                now=now,
            )
        except surveys.AlreadyAnsweredError:
            is_open = False
        else:
            return HttpResponseRedirect(f"{request.path}?sent=1")
    return _survey_page(
        request,
        "survey_answer",
        {
            "form": form,
            "is_open": is_open,
            "is_sent": request.GET.get("sent") == "1" and not is_open,
        },
        status=400 if form.errors else 200,
    )
