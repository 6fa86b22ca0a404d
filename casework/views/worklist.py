"""The caseworker's worklist: their statutory steps by due date, and reminders."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.requests import signed_in_user
from appointments.forms import BulkBookingForm
from appointments.permissions import can_bulk_book
from appointments.selectors import FAILED, INVITED, booking_state
from audit.models import AccessAction
from audit.services import log_request_read
from cases import explain, forms, permissions, selectors, services
from cases.selectors import worklist as worklist_selectors
from cases.views import caseworker_required, jobseeker_url
from casework.views.links import step_action_url
from core.cursors import cursor_decode, cursor_encode
from core.formats import short_date
from core.links import reverse_fast
from organisations.models import Organisation

if TYPE_CHECKING:
    from accounts.models import User
    from cases.models import ProcessStep

PAGE_SIZE = 50

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
    cursor = cursor_decode(request.GET.get("after"), length=2)
    after = None
    if cursor is not None:
        try:
            after = (dt.date.fromisoformat(str(cursor[0])), int(cursor[1]))
        except (TypeError, ValueError):
            after = None
    rows, next_cursor = selectors.worklist_page(
        user=user,
        filters=filters,
        today=today,
        after=after,
        size=PAGE_SIZE,
        # In the page statement: two statements fewer per page (issue 21).
        annotations={"booking": booking_state()},
    )
    log_request_read(request, AccessAction.LIST, rows)
    next_page = request.GET.copy()
    next_page.pop("after", None)
    if next_cursor is not None:
        next_page["after"] = cursor_encode([next_cursor[0].isoformat(), next_cursor[1]])
    reminders, reminder_count = selectors.reminder_list_for_user(user=user)
    # Read once for the 50 lines: each lookup goes through a thread-local.
    language = get_language() or ""
    lines = [
        _worklist_row(
            step,
            today,
            booking=step.booking,  # type: ignore[attr-defined]
            language=language,
        )
        for step in rows
    ]
    shows_assignee = filters.scope != "mine"
    may_bulk_book = can_bulk_book(user)
    return render(
        request,
        "cases/worklist.html",
        {
            "reminders": reminders,
            "reminder_count": reminder_count,
            "form": form,
            "filters": filters,
            "shows_assignee": shows_assignee,
            "rows": lines,
            "rows_html": _rows_html(
                lines, can_bulk_book=may_bulk_book, shows_assignee=shows_assignee
            ),
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
            "can_bulk_book": may_bulk_book,
            "bulk_form": BulkBookingForm(),
            "this_query": request.GET.urlencode(),
        },
    )


def _count_label(count: int) -> str:
    # The limit is read where worklist_counts reads it, so the two agree.
    limit = worklist_selectors.WORKLIST_COUNT_LIMIT
    if count > limit:
        return _("over %(count)s") % {
            "count": number_format(limit, force_grouping=True)
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
    is_booked: bool
    is_invited: bool
    # A message about the booked appointment failed for good.
    is_message_failed: bool
    book_url: str
    # An unbooked initial interview a team lead may select for bulk booking.
    is_bulk_bookable: bool


def _worklist_row(
    step: ProcessStep, today: dt.date, *, booking: str, language: str
) -> WorklistRow:
    why = explain.explain_step(step, language=language)
    kind = explain.step_kind_label(step.kind, language=language)
    jobseeker = step.jobseeker
    size, overdue = getattr(step, "group_counts", None) or (1, 0)
    return WorklistRow(
        step=step,
        due_on=short_date(step.due_on, language=language),
        is_overdue=step.due_on < today,
        is_today=step.due_on == today,
        jobseeker_url=jobseeker_url(step.jobseeker_id),
        jobseeker_name=f"{jobseeker.last_name}, {jobseeker.first_names}",
        jobseeker_last_name=jobseeker.last_name,
        home_municipality=jobseeker.home_municipality.display_name,
        headline=explain.group_headline(
            step,
            size=size,
            overdue=overdue,
            headline=why.headline,
            language=language,
        ),
        basis=why.basis,
        # A dash for an unassigned line, so that the template prints as is.
        assignee=(step.assignee.get_full_name() if step.assignee else "") or "—",
        kind=kind,
        action_url=step_action_url(step),
        group_size=size,
        about=f" – {kind}, {jobseeker.last_name}",
        is_booked=bool(booking),
        is_invited=booking == INVITED,
        is_message_failed=booking == FAILED,
        book_url=reverse_fast("appointments:book", step.pk),
        is_bulk_bookable=not booking and step.kind == "initial_interview",
    )


def _rows_html(
    rows: list[WorklistRow], *, can_bulk_book: bool, shows_assignee: bool
) -> SafeString:
    """The worklist table's lines as HTML, with every value escaped.

    Written here, not by a template loop: the template engine spent about
    75 µs a line resolving and escaping some twenty values and conditions,
    a fifth of the page's CPU for 50 lines on a loaded 2-core machine
    (issue 21); format_html does the same escaping in a few µs. The labels
    are translated once a page. cases/worklist.html has the table around it.
    """
    overdue = format_html(
        ' <strong class="badge badge--overdue">{}</strong>', _("overdue")
    )
    today = format_html(' <strong class="badge">{}</strong>', _("today"))
    select_label = _("Select for bulk booking")
    basis_label = _("Legal basis")
    record_label = _("Record")
    failed_label = _("Booked, message not delivered")
    invited = format_html("{}", _("Booked, invitation sent"))
    booked = format_html("{}", _("Booked"))
    not_booked_label = _("Not booked")
    book_label = _("Book")
    lines = []
    for row in rows:
        cells: list[str] = ['<tr class="overdue">' if row.is_overdue else "<tr>"]
        if can_bulk_book:
            cells.append(
                format_html(
                    '<td><input type="checkbox" name="step" value="{0}" '
                    'form="bulk-book" id="bulk-{0}"><label for="bulk-{0}" '
                    'class="visually-hidden">{1}{2}</label></td>',
                    row.step.pk,
                    select_label,
                    row.about,
                )
                if row.is_bulk_bookable
                else "<td></td>"
            )
        cells.append(
            format_html(
                "<td>{}{}</td>"
                '<td><a href="{}">{}</a><br><span class="note">{}</span></td>'
                '<td>{}<details class="basis"><summary>{}<span '
                'class="visually-hidden">{}</span></summary><p class="note">{}</p>'
                "</details></td>",
                row.due_on,
                overdue if row.is_overdue else today if row.is_today else "",
                row.jobseeker_url,
                row.jobseeker_name,
                row.home_municipality,
                row.headline,
                basis_label,
                row.about,
                row.basis,
            )
        )
        if shows_assignee:
            cells.append(format_html("<td>{}</td>", row.assignee))
        if row.is_message_failed:
            appointment = format_html(
                '<a href="{}#appointments-heading" class="badge badge--overdue">'
                '{}<span class="visually-hidden">{}</span></a>',
                row.jobseeker_url,
                failed_label,
                row.about,
            )
        elif row.is_invited:
            appointment = invited
        elif row.is_booked:
            appointment = booked
        else:
            appointment = format_html(
                '{}<br><a href="{}">{}<span class="visually-hidden">{}</span></a>',
                not_booked_label,
                row.book_url,
                book_label,
                row.about,
            )
        cells.append(
            format_html(
                '<td>{}</td><td><a href="{}">{}<span class="visually-hidden">{}'
                "</span></a></td></tr>\n",
                appointment,
                row.action_url,
                record_label,
                row.about,
            )
        )
        lines.append("".join(cells))
    # Every piece above is format_html's output or fixed markup.
    return mark_safe("".join(lines))  # noqa: S308


@caseworker_required
@require_http_methods(["POST"])
def reminders_read(request: HttpRequest) -> HttpResponse:
    count = services.reminders_mark_read(
        user=signed_in_user(request), on=timezone.now()
    )
    messages.success(request, _("%(n)d reminders marked as read.") % {"n": count})
    return HttpResponseRedirect(reverse("cases:worklist"))
