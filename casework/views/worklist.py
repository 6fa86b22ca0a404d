"""The caseworker's worklist: their statutory steps by due date, and reminders."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.requests import signed_in_user
from appointments.forms import BulkBookingForm
from appointments.permissions import can_bulk_book
from appointments.selectors import FAILED, INVITED, booking_state
from audit.models import AccessAction
from audit.services import Reader, Target, access_log_write
from cases import explain, forms, permissions, selectors, services
from cases.models import ProcessStep
from cases.models.process import StepKind
from cases.selectors import worklist as worklist_selectors
from cases.views import caseworker_required, jobseeker_url
from casework.views import layout
from casework.views.links import step_action_url
from casework.views.markup import escape as _escape
from core.cursors import cursor_decode, cursor_encode
from core.formats import short_date
from core.links import Links

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

PAGE_SIZE = 50
# What the access log calls a worklist line's step (ProcessStep's label).
_STEP_LABEL = ProcessStep._meta.label

# The "when" filter's values, as the form offers them.
_BUCKETS = frozenset(
    value
    for value, _label in forms.WorklistFilterForm.base_fields["bucket"].choices  # type: ignore[attr-defined]
)

# --- Worklist and search ----------------------------------------------------


def _names(names: list[str]) -> str:
    if len(names) <= 3:
        return ", ".join(names)
    return ngettext(
        "%(first)s and %(n)d other", "%(first)s and %(n)d others", len(names) - 1
    ) % {"first": names[0], "n": len(names) - 1}


def _default_scope(*, is_lead: bool, leads_a_team: bool) -> str:
    """Whose steps the worklist shows by default: a team lead's team (or,
    leading none, the whole organisation), a caseworker's own."""
    if not is_lead:
        return "mine"
    return "team" if leads_a_team else "organisation"


def _worklist_scopes(
    teams: list[str], *, organisations: list[tuple[int, str]]
) -> list[tuple[str, str]]:
    """The "whose steps" choices, each saying whose steps it lists."""
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
    return scopes


def _filters(
    data: Mapping[str, Any], *, default_scope: str
) -> selectors.WorklistFilter:
    return selectors.WorklistFilter(
        scope=data.get("scope") or default_scope,
        bucket=data.get("bucket") or "due",
        kind=data.get("kind") or "",
        organisation_id=data.get("organisation"),
        assignee_id=data.get("caseworker"),
    )


def _expected_filters(
    query: QueryDict,
    *,
    default_scope: str,
    scopes: set[str],
    organisation_ids: list[int],
) -> selectors.WorklistFilter:
    """The filters the form will most likely accept, worked out before the
    statement that reads the form's choices: what is valid without the
    names is taken, the rest left at its default. When the form decides
    otherwise (a caseworker not among the choices, a username), the page
    is read again with the form's filters."""

    def number(key: str, allowed: Callable[[int], bool]) -> int | None:
        value = query.get(key, "")
        # ASCII digits only: "²" is a digit to str.isdigit, not to int().
        if not (value.isascii() and value.isdigit()) or len(value) > 18:
            return None
        if not allowed(int(value)):
            return None
        return int(value)

    return _filters(
        {
            "scope": query.get("scope") if query.get("scope") in scopes else None,
            "bucket": query.get("bucket") if query.get("bucket") in _BUCKETS else None,
            "kind": query.get("kind") if query.get("kind") in StepKind.values else None,
            "organisation": number("organisation", organisation_ids.__contains__),
            "caseworker": number("caseworker", lambda _pk: True),
        },
        default_scope=default_scope,
    )


@caseworker_required
@require_GET
def worklist(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    is_lead = permissions.is_team_lead(user)
    covered = permissions.personal_data_organisation_ids(user)
    teams = [name for _pk, name in selectors.led_teams(user)]
    default_scope = _default_scope(is_lead=is_lead, leads_a_team=bool(teams))
    # Always bound, with the defaults filled in, so that the selects show the
    # filters the list is shown with (a lead's unbound form said "Mine").
    query = request.GET.copy()
    if query.get("scope") == "team" and not teams:
        # "team" without a team to lead was the organisation (older links).
        query["scope"] = "organisation"
    defaults = {"scope": default_scope, "bucket": "due"}
    if len(covered) == 1:
        defaults["organisation"] = str(covered[0])
    for key, value in defaults.items():
        if not query.get(key):
            query[key] = value
    today = timezone.localdate()
    cursor = cursor_decode(request.GET.get("after"), length=2)
    after = None
    if cursor is not None:
        try:
            after = (dt.date.fromisoformat(str(cursor[0])), int(cursor[1]))
        except (TypeError, ValueError):
            after = None

    def read(filters: selectors.WorklistFilter) -> selectors.WorklistScreen:
        return selectors.worklist_screen(
            user=user,
            filters=filters,
            today=today,
            after=after,
            size=PAGE_SIZE,
            # In the page statement: two statements fewer per page (issue 21).
            annotations={"booking": booking_state()},
        )

    # The page, its counts and the form's choices in one statement, read
    # with the filters the form is expected to accept (issue 21).
    expected = _expected_filters(
        query,
        default_scope=default_scope,
        scopes={"mine", "organisation", *(["team"] if teams else [])},
        organisation_ids=covered,
    )
    screen = read(expected)
    scopes = _worklist_scopes(teams, organisations=screen.organisations)
    form = forms.WorklistFilterForm(
        query,
        scopes=scopes,
        organisations=screen.organisations,
        caseworkers=screen.caseworkers,
        find_caseworker=lambda username: selectors.caseworker_by_username(
            username=username, organisation_ids=covered
        ),
    )
    filters = _filters(
        form.cleaned_data if form.is_valid() else {}, default_scope=default_scope
    )
    if filters != expected:
        screen = read(filters)
    # The targets audit.services.target_of gives a ProcessStep, from the
    # line's columns: the lines are not model instances (issue 21).
    access_log_write(
        reader=Reader.from_request(request),
        action=AccessAction.LIST,
        targets=[
            Target(step.jobseeker_id, step.organisation_id, _STEP_LABEL, step.pk)
            for step in (line.step for line in screen.rows)
        ],
    )
    next_page = request.GET.copy()
    next_page.pop("after", None)
    if screen.next_cursor is not None:
        due_on, pk = screen.next_cursor
        next_page["after"] = cursor_encode([due_on.isoformat(), pk])
    # Read once for the 50 lines: each lookup goes through a thread-local.
    language = get_language() or ""
    links = Links()
    lines = [
        _worklist_row(
            line,
            today,
            booking=line.step.annotations["booking"],
            language=language,
            links=links,
        )
        for line in screen.rows
    ]
    shows_assignee = filters.scope != "mine"
    may_bulk_book = can_bulk_book(user)
    counts = {key: _count_label(value) for key, value in screen.counts.items()}
    next_query = next_page.urlencode() if screen.next_cursor is not None else ""
    head_html, list_html, tail_html = _page_html(
        language=language,
        links=links,
        counts=counts,
        fields_html=_kept_fields_html(
            form,
            language=language,
            choices=(scopes, screen.organisations, screen.caseworkers),
        ),
        rows_html=_rows_html(
            lines, can_bulk_book=may_bulk_book, shows_assignee=shows_assignee
        )
        if lines
        else None,
        can_bulk_book=may_bulk_book,
        shows_assignee=shows_assignee,
        first_query=_first_page_query(request.GET) if after is not None else None,
        next_query=next_query,
    )
    csrf_token = get_token(request)
    this_query = request.GET.urlencode()
    context: dict[str, Any] = {
        "reminders": screen.reminders,
        "reminder_count": screen.reminder_count,
        "form": form,
        "filters": filters,
        "shows_assignee": shows_assignee,
        "rows": lines,
        "counts": counts,
        "today": today,
        "next_query": next_query,
        "is_later_page": after is not None,
        "is_team_lead": is_lead,
        "can_bulk_book": may_bulk_book,
        "this_query": this_query,
        "csrf_token": csrf_token,
    }
    parts: list[str] = [head_html]
    if screen.reminders:
        parts.append(render_to_string("cases/worklist_reminders.html", context))
    parts.append(list_html)
    if lines and may_bulk_book:
        parts.append(
            '\n<form method="post" action="{}" id="bulk-book" '
            'class="form form--inline">\n  <input type="hidden" '
            'name="csrfmiddlewaretoken" value="{}"><input type="hidden" '
            'name="next" value="{}">\n{}</form>\n'.format(
                links.url("appointments:bulk_book"),
                _escape(csrf_token),
                _escape(this_query),
                _bulk_fieldset_html(language),
            )
        )
    parts.append(tail_html)
    # The layout of base.html written in Python (casework.views.layout): the
    # template engine's base.html and its context processors were about a
    # millisecond of a worklist request (issue 21).
    response = layout.page_response(
        request,
        # As {% translate "Worklist" %} printed it: Polku's own message.
        title=mark_safe(_texts(language).worklist),  # noqa: S308
        content="".join(parts),
        csrf_token=csrf_token,
    )
    layout.announce_context("cases/worklist.html", context)
    return response


@lru_cache(maxsize=16)
def _bulk_fieldset_html(language: str) -> SafeString:
    """The bulk booking form's fields in `language`: an unbound form, the
    same markup on every request, so rendered once per language and
    process. Its two field templates cost a team lead's worklist about half
    a millisecond a request (issue 21)."""
    with translation.override(language or None):
        return render_to_string(
            "cases/worklist_bulk_book_fieldset.html", {"bulk_form": BulkBookingForm()}
        )


def _first_page_query(query: QueryDict) -> str:
    """The first page's query as the template wrote it: each parameter but
    the cursor, its last value URL-quoted, each followed by "&amp;"."""
    return "".join(
        f"{_escape(key)}={quote(str(value), safe='/')}&amp;"
        for key, value in query.items()
        if key != "after"
    )


@dataclass(frozen=True, slots=True)
class _Texts:
    """The page's fixed texts in one language, translated once per language
    and process, not on every request (issue 21). Not escaped, as
    {% translate "..." %} of a literal leaves its text (the messages are
    Polku's own)."""

    worklist: str
    summary: str
    overdue: str
    due_today: str
    due_week: str
    filter_label: str
    show: str
    register: str
    find: str
    caption: str
    select: str
    next_due: str
    jobseeker: str
    steps: str
    caseworker: str
    appointment: str
    action: str
    pages: str
    first_page: str
    next_page: str
    no_steps: str
    export: str


@lru_cache(maxsize=16)
def _texts(language: str) -> _Texts:
    with translation.override(language or None):
        return _Texts(
            *(
                _(text)
                for text in (
                    "Worklist",
                    "Summary",
                    "overdue",
                    "due today",
                    "due within 7 days",
                    "Filter the worklist",
                    "Show",
                    "Register a jobseeker",
                    "Find a jobseeker",
                    "Each jobseeker's steps of one kind on one line, by the next "
                    "due date",
                    "Select for bulk booking",
                    "Next due",
                    "Jobseeker",
                    "Steps",
                    "Caseworker",
                    "Appointment",
                    "Action",
                    "Pages",
                    "First page",
                    "Next page",
                    "No steps match. Good work!",
                    "Every jobseeker of your organisations as a file (each person "
                    "exported is logged):",
                )
            )
        )


def _page_html(
    *,
    language: str,
    links: Links,
    counts: dict[str, str],
    fields_html: str,
    rows_html: str | None,
    can_bulk_book: bool,
    shows_assignee: bool,
    first_query: str | None,
    next_query: str,
) -> tuple[SafeString, SafeString, SafeString]:
    """The page's content as cases/worklist.html's loops and conditions
    wrote it (casework/tests/test_worklist_page.py renders the old template,
    casework/tests/reference/worklist.html, beside it), in three parts
    around the reminders and the bulk booking form: before the reminders,
    up to the table's end (or, with no lines, the page's end), and after
    the bulk booking form."""
    texts = _texts(language)
    head = (
        f"\n<h1>{texts.worklist}</h1>\n"
        f'<ul class="summary-tiles" aria-label="{texts.summary}">\n'
        '  <li class="tile tile--overdue"><span class="tile__count">'
        f"{_escape(counts['overdue'])}</span> {texts.overdue}</li>\n"
        '  <li class="tile"><span class="tile__count">'
        f"{_escape(counts['today'])}</span> {texts.due_today}</li>\n"
        '  <li class="tile"><span class="tile__count">'
        f"{_escape(counts['week'])}</span> {texts.due_week}</li>\n"
        "</ul>\n"
    )
    export = links.url("cases-api:jobseeker_export")
    ending = (
        f'\n<p class="field__help">{texts.export}\n'
        f'  <a href="{export}" download>CSV</a> \xb7\n'
        f'  <a href="{export}?file_format=xlsx" download>Excel (XLSX)</a></p>\n'
    )
    listing = (
        f'\n<form method="get" class="filters" aria-label="{texts.filter_label}">\n'
        f"  {fields_html}\n"
        f'  <button type="submit" class="button">{texts.show}</button>\n'
        "</form>\n"
        f'<p><a href="{links.url("cases:jobseeker_register")}">{texts.register}</a>'
        f' \xb7 <a href="{links.url("cases:search")}">{texts.find}</a></p>\n'
    )
    if rows_html is None:
        listing += f"\n<p>{texts.no_steps}</p>\n{ending}"
        tail = ""
    else:
        select = (
            f'<th scope="col"><span class="visually-hidden">{texts.select}</span></th>'
            if can_bulk_book
            else ""
        )
        assignee = f'<th scope="col">{texts.caseworker}</th>' if shows_assignee else ""
        listing += (
            '\n<table class="worklist">\n'
            f'  <caption class="visually-hidden">{texts.caption}</caption>\n'
            "  <thead><tr>\n"
            f"    {select}\n"
            f'    <th scope="col">{texts.next_due}</th>\n'
            f'    <th scope="col">{texts.jobseeker}</th>\n'
            f'    <th scope="col">{texts.steps}</th>\n'
            f"    {assignee}\n"
            f'    <th scope="col">{texts.appointment}</th>\n'
            f'    <th scope="col">{texts.action}</th>\n'
            "  </tr></thead>\n"
            "  <tbody>\n"
            "  \n"
            f"  {rows_html}\n"
            "  </tbody>\n"
            "</table>\n"
        )
        first = (
            f'<a href="?{first_query}">{texts.first_page}</a>'
            if first_query is not None
            else ""
        )
        following = (
            f'<a href="?{_escape(next_query)}" rel="next">{texts.next_page}</a>'
            if next_query
            else ""
        )
        tail = (
            f'\n<nav class="pager" aria-label="{texts.pages}">\n'
            f"  {first}\n"
            f"  {following}\n"
            f"</nav>\n{ending}"
        )
    # The texts are Polku's own messages, as the template printed them; the
    # counts and the queries went through _escape here; the fields and the
    # lines are escaped by their writers; the links are reversed patterns.
    return mark_safe(head), mark_safe(listing), mark_safe(tail)  # noqa: S308


def _count_label(count: int) -> str:
    # The limit is read where worklist_counts reads it, so the two agree.
    limit = worklist_selectors.WORKLIST_COUNT_LIMIT
    if count > limit:
        return _("over %(count)s") % {
            "count": number_format(limit, force_grouping=True)
        }
    return str(count)


@dataclass(slots=True)
class WorklistRow:
    """One worklist line (a jobseeker's steps of one kind), worked out in
    Python: the template then only prints attributes. Resolving the same
    lookups, filters and tags 50 times in the template was most of the
    page's time (benchmarks.run). Slots, not frozen: a frozen dataclass
    sets each of its fields through object.__setattr__ (0.1 ms a page)."""

    step: selectors.WorklistStep
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


# A line's texts by what they are made of (_line_texts): kept for the
# process, emptied when full.
_TEXTS: dict[tuple[Any, ...], tuple[str, str, str, str]] = {}
_TEXTS_LIMIT = 20_000


def _line_texts(
    step: selectors.WorklistStep, *, size: int, overdue: int, language: str
) -> tuple[str, str, str, str]:
    """The line's due date, headline, legal basis and step kind in
    `language`. They depend only on the key below (explain_step's headline
    and basis do not read the pause or the adjustments), which lines share
    within a page and across requests: explain_step, the kind's label, the
    group's counts and the date cost about 10 µs a line, the look-up under
    one (issue 21). Every piece is written with `language` explicitly, so
    the active language at the time does not matter."""
    key = (
        language,
        step.kind,
        step.sequence,
        step.due_on,
        step.counts_from_event,
        step.rule_code,
        step.counts_from,
        size,
        overdue,
    )
    texts = _TEXTS.get(key)
    if texts is None:
        why = explain.explain_step(step, language=language)
        texts = (
            short_date(step.due_on, language=language),
            explain.group_headline(
                step,
                size=size,
                overdue=overdue,
                headline=why.headline,
                language=language,
            ),
            why.basis,
            explain.step_kind_label(step.kind, language=language),
        )
        if len(_TEXTS) >= _TEXTS_LIMIT:
            _TEXTS.clear()
        _TEXTS[key] = texts
    return texts


def _worklist_row(
    line: selectors.WorklistLine,
    today: dt.date,
    *,
    booking: str,
    language: str,
    links: Links,
) -> WorklistRow:
    step = line.step
    size, overdue = step.group_counts or (1, 0)
    due_on, headline, basis, kind = _line_texts(
        step, size=size, overdue=overdue, language=language
    )
    return WorklistRow(
        step=step,
        due_on=due_on,
        is_overdue=step.due_on < today,
        is_today=step.due_on == today,
        jobseeker_url=jobseeker_url(step.jobseeker_id, links=links),
        jobseeker_name=f"{line.jobseeker_last_name}, {line.jobseeker_first_names}",
        jobseeker_last_name=line.jobseeker_last_name,
        home_municipality=line.home_municipality,
        headline=headline,
        basis=basis,
        # A dash for an unassigned line, so that the template prints as is.
        assignee=line.assignee or "—",
        kind=kind,
        action_url=step_action_url(step, links=links),
        group_size=size,
        about=f" – {kind}, {line.jobseeker_last_name}",
        is_booked=bool(booking),
        is_invited=booking == INVITED,
        is_message_failed=booking == FAILED,
        book_url=links.url("appointments:book", step.pk),
        is_bulk_bookable=not booking and step.kind == "initial_interview",
    )


# The filter form's markup by language, values and choices
# (_kept_fields_html): kept for the process, emptied when full. A few
# hundred entries of at most some 30 kB (a list of 300 caseworkers).
_FIELDS: dict[tuple[Any, ...], SafeString] = {}
_FIELDS_LIMIT = 256


def _kept_fields_html(
    form: forms.WorklistFilterForm,
    *,
    language: str,
    choices: tuple[
        list[tuple[str, str]], list[tuple[int, str]], list[tuple[int, str]] | None
    ],
) -> SafeString:
    """_fields_html(form), kept for a valid form: its markup is then fixed
    by the language, the fields' values and the choices (whose steps, the
    organisations, the caseworkers), and a reader reloading the worklist
    asks for the same again. Writing the five selects, a caseworker list of
    a hundred names among them, was about 0.5 ms a request (issue 21). A
    form with errors is written each time: a username's error depends on
    the database."""
    if not form.is_valid():
        return _fields_html(form)
    scopes, organisations, caseworkers = choices
    key = (
        language,
        # What each select shows as chosen: Select reads the last value.
        tuple(form.data.get(name) for name in form.fields),
        tuple(scopes),
        tuple(organisations),
        None if caseworkers is None else tuple(caseworkers),
    )
    html = _FIELDS.get(key)
    if html is None:
        html = _fields_html(form)
        if len(_FIELDS) >= _FIELDS_LIMIT:
            _FIELDS.clear()
        _FIELDS[key] = html
    return html


def _fields_html(form: forms.WorklistFilterForm) -> SafeString:
    """The filter form's fields as HTML: the markup of the template loop it
    replaces (casework/tests/test_worklist_rows.py renders both), the
    widgets as the fields render them. The loop's label, help text and
    error lookups cost the template engine about 0.1 ms a field (issue 21).
    """
    parts = []
    for field in form:
        errors = field.errors
        help_text = (
            f'<p class="field__help" id="{_escape(field.auto_id)}_helptext">'
            f"{_escape(field.help_text)}</p>"
            if field.help_text
            else ""
        )
        error_list = (
            f'<ul class="field__errors" id="{_escape(field.auto_id)}_errors">'
            + "".join(f"<li>{_escape(error)}</li>" for error in errors)
            + "</ul>"
            if errors
            else ""
        )
        parts.append(
            '\n  <div class="field field--inline{}">\n'
            '    <label for="{}">{}</label>\n'
            "    {}\n    {}\n    {}\n  </div>\n  ".format(
                " field--error" if errors else "",
                _escape(field.id_for_label),
                _escape(field.label),
                help_text,
                error_list,
                field,
            )
        )
    # The values went through _escape; the widgets are the fields' own HTML.
    return mark_safe("".join(parts))  # noqa: S308


def _rows_html(
    rows: list[WorklistRow], *, can_bulk_book: bool, shows_assignee: bool
) -> SafeString:
    """The worklist table's lines as HTML, with every value escaped.

    Written here, not by a template loop: the template engine spent about
    75 µs a line resolving and escaping some twenty values and conditions,
    a fifth of the page's CPU for 50 lines on a loaded 2-core machine
    (issue 21). format_html did the same in 15-20 µs a line, most of it
    its lazy-string checks; plain str.format over _escape'd values is the
    same markup (casework/tests/test_worklist_rows.py) in a few. The
    labels are translated and escaped once a page. _page_html has
    the table around it.
    """
    overdue = ' <strong class="badge badge--overdue">{}</strong>'.format(
        _escape(_("overdue"))
    )
    today = ' <strong class="badge">{}</strong>'.format(_escape(_("today")))
    select_label = _escape(_("Select for bulk booking"))
    basis_label = _escape(_("Legal basis"))
    record_label = _escape(_("Record"))
    failed_label = _escape(_("Booked, message not delivered"))
    invited = _escape(_("Booked, invitation sent"))
    booked = _escape(_("Booked"))
    not_booked_label = _escape(_("Not booked"))
    book_label = _escape(_("Book"))
    lines = []
    for row in rows:
        about = _escape(row.about)
        jobseeker_url = _escape(row.jobseeker_url)
        cells: list[str] = ['<tr class="overdue">' if row.is_overdue else "<tr>"]
        if can_bulk_book:
            cells.append(
                '<td><input type="checkbox" name="step" value="{0}" '
                'form="bulk-book" id="bulk-{0}"><label for="bulk-{0}" '
                'class="visually-hidden">{1}{2}</label></td>'.format(
                    _escape(row.step.pk), select_label, about
                )
                if row.is_bulk_bookable
                else "<td></td>"
            )
        cells.append(
            "<td>{}{}</td>"
            '<td><a href="{}">{}</a><br><span class="note">{}</span></td>'
            '<td>{}<details class="basis"><summary>{}<span '
            'class="visually-hidden">{}</span></summary><p class="note">{}</p>'
            "</details></td>".format(
                _escape(row.due_on),
                overdue if row.is_overdue else today if row.is_today else "",
                jobseeker_url,
                _escape(row.jobseeker_name),
                _escape(row.home_municipality),
                _escape(row.headline),
                basis_label,
                about,
                _escape(row.basis),
            )
        )
        if shows_assignee:
            cells.append(f"<td>{_escape(row.assignee)}</td>")
        if row.is_message_failed:
            appointment = (
                f'<a href="{jobseeker_url}#appointments-heading" '
                f'class="badge badge--overdue">{failed_label}'
                f'<span class="visually-hidden">{about}</span></a>'
            )
        elif row.is_invited:
            appointment = invited
        elif row.is_booked:
            appointment = booked
        else:
            appointment = (
                f'{not_booked_label}<br><a href="{_escape(row.book_url)}">'
                f'{book_label}<span class="visually-hidden">{about}</span></a>'
            )
        cells.append(
            f'<td>{appointment}</td><td><a href="{_escape(row.action_url)}">'
            f'{record_label}<span class="visually-hidden">{about}</span></a>'
            "</td></tr>\n"
        )
        lines.append("".join(cells))
    # Every value above went through _escape; the rest is fixed markup.
    return mark_safe("".join(lines))  # noqa: S308


@caseworker_required
@require_http_methods(["POST"])
def reminders_read(request: HttpRequest) -> HttpResponse:
    count = services.reminders_mark_read(
        user=signed_in_user(request), on=timezone.now()
    )
    messages.success(request, _("%(n)d reminders marked as read.") % {"n": count})
    return HttpResponseRedirect(reverse("cases:worklist"))
