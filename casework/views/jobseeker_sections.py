"""The jobseeker page's sections as HTML: the person's facts, the case, its
deadlines and conditions, appointments, plans, decisions and referrals.

Written here, not by the template engine: after the long lists moved to
casework.views.jobseeker_rows, rendering these few-row sections was still
about 60 % of the page's CPU (issue 21, a profile at 100,000 jobseekers):
some seventy {% translate %} tags, each a lazy string cast through the
active language's thread-local, and a few hundred variable lookups and
{% if %}s. Here the fixed words are translated once per language
(`_words`) and every value is escaped as the template escaped it
(casework.views.markup.text). The markup is the template's: casework/tests/
test_jobseeker_sections.py renders the old template beside the page in
Finnish, Swedish and English and finds them the same.
"""

from __future__ import annotations

import html
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from django.urls import get_script_prefix
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cases.models.records import MeetingKind, PlanKind
from cases.rules.contact import phone_display
from casework.views.markup import display as _display
from casework.views.markup import lines as _lines
from casework.views.markup import text as _text
from core.formats import euros, short_date
from core.links import reverse_fast

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Sequence

    from django import forms

    from accounts.models import User
    from appointments.selectors import AppointmentMessages
    from appropriations.models import Decision
    from cases.explain import Explanation
    from cases.models import Case, Jobseeker, ProcessStep, ServiceNeedsAssessment
    from cases.selectors.conditions import Condition, ConditionFacts
    from cases.selectors.page import JobseekerOverview, PlanWithVersions
    from partners.models import Referral


def _day(day: dt.date | None, language: str) -> str:
    """`{{ day|date:"SHORT_DATE_FORMAT" }}`: nothing for no day."""
    return "" if day is None else short_date(day, language=language)


def _moment(moment: dt.datetime | None) -> str:
    """`{{ moment|date:"SHORT_DATETIME_FORMAT" }}`, in Helsinki time."""
    if moment is None:
        return ""
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def _full_name(user: User | None) -> str:
    # `{{ user.get_full_name }}` of no user is the template's empty string.
    return user.get_full_name() if user is not None else ""


def _csrf(token: str) -> str:
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'


@lru_cache(maxsize=16)
def _words(language: str) -> dict[str, str]:
    """The sections' fixed words in one language, translated once and
    escaped as {% translate %} escapes them."""
    with translation.override(language or None):
        words = {
            "identity_code": _("Identity code"),
            "show_full_code": _("Show the full code"),
            "birth_date": _("Date of birth"),
            "home_municipality": _("Home municipality"),
            "not_registered": _(
                "no registered home municipality in Finland yet; lives here"
            ),
            "mother_tongue": _("Mother tongue"),
            "contact": _("Contact"),
            "benefit": _("Unemployment benefit"),
            "benefit_facts": _("Benefit facts the rules read"),
            "max_allowance": _("maximum allowance period received"),
            "temporary_protection": _("Temporary protection"),
            "under_temporary_protection": _("Under temporary protection"),
            "integration": _("Integration"),
            "immigrant": _("Immigrant"),
            "not_immigrant": _("Not recorded as an immigrant"),
            "integration_need": _("integration need"),
            "edit_details": _("Edit details"),
            "case": _("Case"),
            "status": _("Status"),
            "registered_on": _("Registered on"),
            "responsible_organisation": _("Responsible organisation"),
            "responsible_caseworker": _("Responsible caseworker"),
            "not_assigned": _("not assigned"),
            "change_caseworker": _("Change the caseworker"),
            "change_status": _("Change the status or close the case"),
            "deadlines": _("Deadlines"),
            "paused": _("paused"),
            "overdue": _("overdue"),
            "record": _("Record"),
            "book": _("Book an appointment"),
            "pause": _("Pause"),
            "resume": _("Resume"),
            "no_deadlines": _("No pending deadlines."),
            "pilot_target_group": _("Pilot target group"),
            "conditions_today": _("Conditions checked today"),
            "check_another_day": _("Check the conditions on another day"),
            "check": _("Check"),
            "required": _("required"),
            "consider": _("consider"),
            "not_required": _("not required"),
            "eligible": _("in the target group"),
            "not_eligible": _("not in the target group"),
            "does_not_apply": _("does not apply"),
            "appointments": _("Appointments and messages"),
            "not_delivered": _("Not delivered"),
            "send_again": _("Send again"),
            "no_contact": _("No e-mail address or mobile number: no message was sent."),
            "invitation_letter": _("Print the invitation letter (PDF)"),
            "reminder_letter": _("Print the reminder letter (PDF)"),
            "no_appointments": _("No appointments."),
            "reminders": _("Reminders"),
            "reminder_sent": _(
                "A reminder is sent the working day before each appointment."
            ),
            "send_reminders_again": _("Send reminders again"),
            "pause_reminders": _("Pause reminders"),
            "record_heading": _("Record"),
            "assessment": _("Service needs assessment"),
            "start_service": _("Start a service"),
            "job_offer": _("Job offer"),
            "decision": _("Appropriation decision"),
            "benefit_notice": _("Information for a benefit decision"),
            "note": _("Note"),
            "share": _("Share with a partner"),
            "transfer": _("Transfer to another municipality"),
            "plans": _("Plans"),
            "pdf_fi": _("PDF in Finnish"),
            "pdf_sv": _("PDF in Swedish"),
            "goal": _("Goal"),
            "obligation": _("Job search obligation"),
            "agreed_tasks": _("Agreed tasks"),
            "task": _("Task"),
            "responsible": _("Responsible"),
            "due": _("Due"),
            "done": _("Done"),
            "yes": _("yes"),
            "no": _("no"),
            "earlier_versions": _("Earlier versions"),
            "assessed_on": _("Assessed on"),
            "education": _("Education"),
            "work_ability": _("Work ability"),
            "training_need": _("Training need"),
            "services_need": _("Need for social, health or rehabilitation services"),
            "social": _("social"),
            "health": _("health"),
            "rehabilitation": _("rehabilitation"),
            "none_recorded": _("none recorded"),
            "decisions": _("Appropriation decisions"),
            "decision_column": _("Decision"),
            "period": _("Period"),
            "amount": _("Amount"),
            "action": _("Action"),
            "own_post": _("own post, outside the quota"),
            "exceeds_quota": _("exceeds the quota"),
            "decided": _("decided"),
            "shorten": _("Shorten"),
            "cancel": _("Cancel"),
            "shared": _("Shared with partners"),
            "partner": _("Partner"),
            "consent_covers": _("Consent covers"),
            "access": _("Access"),
            "name_only": _("name and municipality only"),
            "end_referral": _("End or record withdrawn consent"),
            "earlier_searches": _("Earlier job searches"),
            "reopen": _("Reopen the case"),
        }
        escaped = {key: html.escape(str(value)) for key, value in words.items()}
        # {% blocktranslate %} puts its values into the translated text
        # unescaped: these stay as translated, their values are escaped.
        escaped.update(
            {
                "lms_days": _(
                    "labour market subsidy %(days)s days, %(recent)s in 12 "
                    "months (as of %(date)s)"
                ),
                "rule_facts": _(
                    "labour market subsidy %(days)s days for unemployment, "
                    "%(recent)s in the last 12 months, %(after)s after the "
                    "maximum allowance period; social assistance as main "
                    "income %(months)s months"
                ),
                "first_residence": _("first residence permit %(date)s"),
                "conditions_on": _("Conditions on %(day)s"),
                "decided_on": _(
                    "Decided on the day's age (%(age)s) and months of job "
                    "search (%(months)s), the plans agreed by then and the "
                    "benefit figures as last recorded."
                ),
                "paused_reminders": _(
                    "No reminders are sent to the jobseeker (paused %(when)s "
                    "by %(who)s)."
                ),
                "version": _("Version %(n)s, agreed %(date)s (%(who)s)"),
                "ended": _("ended %(date)s: %(reason)s"),
            }
        )
        return escaped


def _plural(language: str, singular: str, plural: str, count: int) -> str:
    # ngettext picks the form by the count: looked up in the page's language.
    with translation.override(language or None):
        return ngettext(singular, plural, count)


def header_html(
    jobseeker: Jobseeker,
    *,
    age: int,
    via_break_glass: bool,
    csrf_token: str,
    language: str,
) -> SafeString:
    """The person's name and facts: the page's header."""
    w = _words(language)
    j = jobseeker
    pk = j.pk
    benefit = _text(_display(j, "benefit_type", language))
    if j.benefit_days_as_of and j.lms_days_for_unemployment:
        benefit += "; " + w["lms_days"] % {
            "days": _text(j.lms_days_for_unemployment),
            "recent": _text(j.lms_days_last_12_months),
            "date": _day(j.benefit_days_as_of, language),
        }
    facts = w["rule_facts"] % {
        "days": _text(j.lms_days_for_unemployment),
        "recent": _text(j.lms_days_last_12_months),
        "after": _text(j.lms_days_after_max_allowance),
        "months": _text(j.months_main_income_social_assistance),
    }
    if j.max_allowance_period_exhausted:
        facts += "; " + w["max_allowance"]
    extra = ""
    if j.under_temporary_protection:
        extra += (
            f"<div><dt>{w['temporary_protection']}</dt>"
            f"<dd>{w['under_temporary_protection']}</dd></div>"
        )
    extra += "\n    "
    if j.is_immigrant or j.integration_need or j.first_residence_on:
        integration = w["immigrant"] if j.is_immigrant else w["not_immigrant"]
        if j.first_residence_on:
            integration += ", " + w["first_residence"] % {
                "date": _day(j.first_residence_on, language)
            }
        if j.integration_need:
            integration += ", " + w["integration_need"]
        extra += f"<div><dt>{w['integration']}</dt><dd>{integration}</dd></div>"
    municipality = _text(j.home_municipality.display_name)
    if not j.home_municipality_registered:
        municipality += " – " + w["not_registered"]
    tongue = _text(_display(j, "mother_tongue", language))
    if j.other_language:
        tongue += f" ({_text(j.other_language)})"
    years = _plural(language, "%(years)s year", "%(years)s years", age) % {"years": age}
    edit = (
        ""
        if via_break_glass
        else f'<p><a href="{reverse_fast("cases:jobseeker_edit", pk)}">'
        f"{w['edit_details']}</a></p>"
    )
    return mark_safe(  # noqa: S308 - every value is escaped above
        '<div class="page-header">\n'
        f"  <h1>{_text(j.last_name)}, {_text(j.first_names)}</h1>\n"
        '  <dl class="facts">\n'
        f"    <div><dt>{w['identity_code']}</dt>"
        f"<dd>{_text(j.masked_identity_code)}\n"
        f'      <form method="post" action="'
        f'{reverse_fast("cases:jobseeker_identity_code", pk)}" '
        f'class="inline-form">{_csrf(csrf_token)}<button type="submit" '
        f'class="button button--link">{w["show_full_code"]}</button></form>'
        "</dd></div>\n"
        f"    <div><dt>{w['birth_date']}</dt>"
        f"<dd>{_day(j.birth_date, language)} ({years})</dd></div>\n"
        f"    <div><dt>{w['home_municipality']}</dt><dd>{municipality}</dd></div>\n"
        f"    <div><dt>{w['mother_tongue']}</dt><dd>{tongue}</dd></div>\n"
        f"    <div><dt>{w['contact']}</dt><dd>"
        f"{_text(phone_display(j.phone or '') or '—')} · {_text(j.email or '—')}"
        "</dd></div>\n"
        f"    <div><dt>{w['benefit']}</dt><dd>{benefit}</dd></div>\n"
        "    \n"
        f"    <div><dt>{w['benefit_facts']}</dt><dd>{facts}</dd></div>\n"
        f"    {extra}\n"
        "  </dl>\n"
        f"  {edit}\n"
        "</div>"
    )


def case_html(
    case: Case, *, can_assign: bool, can_transition: bool, language: str
) -> SafeString:
    """The open case: its status, start, organisation and caseworker."""
    w = _words(language)
    period = case.job_search_period
    caseworker = _full_name(case.caseworker) or w["not_assigned"]
    assign = (
        f'<a href="{reverse_fast("cases:case_assign", case.pk)}">'
        f"{w['change_caseworker']}</a>"
        if can_assign
        else ""
    )
    transition = (
        f'<a href="{reverse_fast("cases:case_transition", case.pk)}">'
        f"{w['change_status']}</a>"
        if can_transition
        else ""
    )
    return mark_safe(  # noqa: S308 - every value is escaped
        '<section class="card" aria-labelledby="case-heading">\n'
        f'  <h2 id="case-heading">{w["case"]}</h2>\n'
        '  <dl class="facts">\n'
        f"    <div><dt>{w['status']}</dt>"
        f"<dd>{_text(_display(case, 'status', language))}</dd></div>\n"
        f"    <div><dt>{w['registered_on']}</dt>"
        f"<dd>{_day(period.started_on, language)} "
        f"({_text(_display(period, 'status_at_start', language))})</dd></div>\n"
        f"    <div><dt>{w['responsible_organisation']}</dt>"
        f"<dd>{_text(case.organisation.display_name)}</dd></div>\n"
        f"    <div><dt>{w['responsible_caseworker']}</dt>"
        f"<dd>{_text(caseworker)}</dd></div>\n"
        "  </dl>\n"
        '  <p class="actions">\n'
        f"    {assign}\n"
        f"    {transition}\n"
        "  </p>\n"
        "</section>"
    )


def _field_html(field: forms.BoundField) -> str:
    """components/field.html for one field: label, help, errors, widget."""
    errors = field.errors
    required = (
        ' <span class="required" aria-hidden="true">*</span>'
        if field.field.required
        else ""
    )
    help_text = (
        f'<p class="field__help" id="{_text(field.auto_id)}_helptext">'
        f"{_text(field.help_text)}</p>"
        if field.help_text
        else ""
    )
    error_list = (
        f'<ul class="field__errors" id="{_text(field.auto_id)}_errors">'
        + "".join(f"<li>{_text(error)}</li>" for error in errors)
        + "</ul>"
        if errors
        else ""
    )
    return (
        f'<div class="field{" field--error" if errors else ""}">\n'
        f'  <label for="{_text(field.id_for_label)}">{_text(field.label)}'
        f"{required}</label>\n"
        f"  {help_text}\n"
        f"  {error_list}\n"
        f"  {field}\n"
        "</div>"
    )


_OUTCOMES = {
    "required": "required",
    "consider": "consider",
    "not_required": "not_required",
    "eligible": "eligible",
    "not_eligible": "not_eligible",
}


def deadlines_html(
    steps: Sequence[tuple[ProcessStep, Explanation, str]],
    *,
    today: dt.date,
    can_edit: bool,
    eligibility: Sequence[tuple[Any, str]],
    conditions_form: forms.Form,
    conditions_on: dt.date,
    condition_facts: ConditionFacts | None,
    conditions: Iterable[Condition],
    language: str,
) -> SafeString:
    """The case's pending steps, pilot eligibility and the day's conditions."""
    w = _words(language)
    parts = [
        '<section class="card" aria-labelledby="deadlines-heading">\n'
        f'  <h2 id="deadlines-heading">{w["deadlines"]}</h2>\n  '
    ]
    if steps:
        parts.append('<ul class="deadlines">\n  ')
        for step, why, action_url in steps:
            overdue = step.due_on < today
            css = " deadline--overdue" if overdue and step.status == "open" else ""
            if step.status == "paused":
                badge = f' <span class="badge">{w["paused"]}</span>'
            elif overdue:
                badge = f' <span class="badge badge--overdue">{w["overdue"]}</span>'
            else:
                badge = ""
            adjustments = "".join(
                f'<br><span class="note">{_text(line)}</span>'
                for line in why.adjustments
            )
            actions = ""
            if can_edit:
                if step.status == "open":
                    actions = (
                        f'<a href="{_text(action_url)}">{w["record"]}</a> · '
                        f'<a href="{reverse_fast("appointments:book", step.pk)}">'
                        f"{w['book']}</a> · "
                        f'<a href="{reverse_fast("cases:step_pause", step.pk)}">'
                        f"{w['pause']}</a>"
                    )
                else:
                    actions = (
                        f'<a href="{reverse_fast("cases:step_resume", step.pk)}">'
                        f"{w['resume']}</a>"
                    )
                actions = f"\n        {actions}\n      "
            parts.append(
                f'\n    <li class="deadline{css}">\n'
                f"      <strong>{_text(why.headline)}</strong>{badge}\n"
                f'      <br><span class="note">— {_text(why.basis)}</span>\n'
                f"      {adjustments}\n"
                f"      <br>\n      {actions}\n    </li>\n  "
            )
        parts.append("\n  </ul>\n  ")
    else:
        parts.append(f"<p>{w['no_deadlines']}</p>\n  ")
    if eligibility:
        items = "".join(
            f"<li><strong>{_text(result.pilot.organisation.display_name)}:"
            f"</strong> {_text(text)}</li>"
            for result, text in eligibility
        )
        parts.append(f"\n  <h3>{w['pilot_target_group']}</h3>\n  <ul>{items}</ul>\n  ")
    heading = (
        w["conditions_today"]
        if conditions_on == today
        else w["conditions_on"] % {"day": _day(conditions_on, language)}
    )
    fields = "".join(_field_html(field) for field in conditions_form)
    parts.append(
        f'\n  <h3 id="conditions-heading">{heading}</h3>\n'
        '  <form method="get" action="#conditions-heading" class="filters" '
        f'aria-label="{w["check_another_day"]}">\n'
        f"    {fields}\n"
        '    <button type="submit" class="button button--secondary-dark">'
        f"{w['check']}</button>\n"
        "  </form>\n  <ul>\n  "
    )
    for c in conditions:
        pilot = f" ({_text(c.pilot_name)})" if c.pilot_name else ""
        outcome = w[_OUTCOMES.get(c.outcome, "does_not_apply")]
        parts.append(
            f"\n    <li><strong>{_text(c.label)}{pilot}:</strong> {outcome} – "
            f"{_text(c.explanation)}</li>\n  "
        )
    # The template read the facts of no case as empty strings.
    age = _text(condition_facts.age) if condition_facts else ""
    months = _text(condition_facts.months_unemployed) if condition_facts else ""
    parts.append(
        '\n  </ul>\n  <p class="note">'
        f"{w['decided_on'] % {'age': age, 'months': months}}</p>\n</section>"
    )
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped


def appointments_html(
    rows: Iterable[AppointmentMessages],
    *,
    reminder_pause: Any,
    jobseeker_id: int,
    can_edit: bool,
    csrf_token: str,
    language: str,
) -> SafeString:
    """The latest appointments with their messages, and the reminders."""
    w = _words(language)
    csrf = _csrf(csrf_token)
    parts = [
        '<section class="card" aria-labelledby="appointments-heading">\n'
        f'  <h2 id="appointments-heading">{w["appointments"]}</h2>\n  '
    ]
    listed = list(rows)
    if listed:
        parts.append('<ul class="deadlines">\n  ')
        for row in listed:
            appointment = row.appointment
            answer = ""
            if row.answer:
                overdue = " badge--overdue" if row.answer.kind == "other_time" else ""
                said = (
                    f" <q>{_text(row.answer.message)}</q>" if row.answer.message else ""
                )
                answer = (
                    f'<br><span class="badge{overdue}">'
                    f"{_text(_display(row.answer, 'kind', language))} "
                    f"{_moment(row.answer.answered_at)}</span>{said}"
                )
            if row.messages:
                items = []
                for message in row.messages:
                    sent = f" {_moment(message.sent_at)}" if message.sent_at else ""
                    failed = ""
                    if message.status == "failed":
                        resend = (
                            '<form method="post" action="'
                            f"{reverse_fast('appointments:message_resend', message.pk)}"
                            f'" class="inline-form">{csrf}<button type="submit" '
                            f'class="button button--link">{w["send_again"]}'
                            "</button></form>"
                            if can_edit
                            else ""
                        )
                        failed = (
                            '<br><span class="badge badge--overdue">'
                            f"{w['not_delivered']}</span> "
                            f"{_text(message.failure_reason)}\n            "
                            f"{resend}\n          "
                        )
                    items.append(
                        "\n        <li>"
                        f"{_text(_display(message, 'channel', language))}: "
                        f"{_text(message.shown_status)}{sent}\n"
                        f"          {failed}\n        </li>\n      "
                    )
                messages = f"\n      <ul>\n      {''.join(items)}\n      </ul>\n      "
            else:
                messages = (
                    f'\n      <br><span class="note">{w["no_contact"]}</span>\n      '
                )
            letters = (
                '<form method="post" action="'
                f'{reverse_fast("appointments:letter", appointment.pk)}" '
                f'class="inline-form">{csrf}<button type="submit" name="kind" '
                'value="invitation" class="button button--link">'
                f'{w["invitation_letter"]}</button> · <button type="submit" '
                'name="kind" value="reminder" class="button button--link">'
                f"{w['reminder_letter']}</button></form>"
                if appointment.status == "booked" and can_edit
                else ""
            )
            failed_css = " deadline--overdue" if row.failed else ""
            parts.append(
                f'\n    <li class="deadline{failed_css}">\n'
                f"      <strong>{_moment(appointment.during.lower)}</strong>, "
                f"{_text(_display(appointment, 'channel', language))}, "
                f"{_text(appointment.place.name)} – "
                f"{_text(_display(appointment, 'status', language))}\n"
                f"      {answer}\n      {messages}\n      {letters}\n    </li>\n  "
            )
        parts.append("\n  </ul>\n  ")
    else:
        parts.append(f"<p>{w['no_appointments']}</p>\n  ")
    parts.append(f'\n  <h3 id="reminders-heading">{w["reminders"]}</h3>\n  ')
    if reminder_pause:
        paused = w["paused_reminders"] % {
            "when": _moment(reminder_pause.paused_at),
            "who": _text(_full_name(reminder_pause.paused_by)),
        }
        parts.append(f"<p>{paused}</p>\n  ")
    else:
        parts.append(f"<p>{w['reminder_sent']}</p>\n  ")
    if can_edit:
        if reminder_pause:
            action = (
                '<input type="hidden" name="action" value="resume"><button '
                'type="submit" class="button button--secondary-dark">'
                f"{w['send_reminders_again']}</button>\n    "
            )
        else:
            action = (
                '<input type="hidden" name="action" value="pause"><button '
                'type="submit" class="button button--secondary-dark">'
                f"{w['pause_reminders']}</button>"
            )
        parts.append(
            '\n  <form method="post" action="'
            f'{reverse_fast("appointments:reminders", jobseeker_id)}">{csrf}\n'
            f"    {action}\n  </form>\n  "
        )
    parts.append("\n</section>")
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped


# A case id no page shows, standing for the case in record_html's cached
# markup (ten digits, as core.links' markers).
_CASE_MARK = "7301999999"


@lru_cache(maxsize=16)
def _record_markup(language: str, prefix: str) -> str:
    """record_html's markup in one language under one script prefix, for
    the marker case: the same on every page but for the case's id (some
    twenty links and ten choice labels, ~0.1 ms a page, issue 21)."""
    w = _words(language)
    pk = _CASE_MARK
    with translation.override(language or None):
        meetings = "".join(
            f'<li><a href="{reverse_fast("cases:meeting_create", pk)}?kind='
            f'{_text(value)}">{_text(str(label))}</a></li>'
            for value, label in MeetingKind.choices
        )
        plans = "".join(
            f'<li><a href="{reverse_fast("cases:plan_version_create", pk, value)}">'
            f"{_text(str(label))}</a></li>"
            for value, label in PlanKind.choices
        )
    links = (
        ("cases:assessment_edit", "assessment"),
        ("cases:service_create", "start_service"),
        ("cases:job_offer_create", "job_offer"),
        ("decisions:create", "decision"),
        ("cases:benefit_notice_create", "benefit_notice"),
        ("cases:note_create", "note"),
        ("cases:referral_create", "share"),
        ("pilots:transfer", "transfer"),
    )
    items = [
        f'    <li><a href="{reverse_fast(name, pk)}">{w[word]}</a></li>\n'
        for name, word in links
    ]
    return (
        '<section class="card" aria-labelledby="record-heading">\n'
        f'  <h2 id="record-heading">{w["record_heading"]}</h2>\n'
        '  <ul class="record-actions">\n'
        f"    {meetings}\n"
        f"{items[0]}"
        f"    {plans}\n"
        f"{''.join(items[1:])}"
        "  </ul>\n</section>"
    )


def record_html(case: Case, *, language: str) -> SafeString:
    """What the caseworker may record on the open case: links to the forms
    (a meeting of each MeetingKind, a plan of each PlanKind, the records)."""
    markup = _record_markup(language, get_script_prefix())
    return mark_safe(markup.replace(_CASE_MARK, str(case.pk)))  # noqa: S308 - escaped in _record_markup


def plans_html(
    plans: Iterable[tuple[PlanWithVersions, SafeString]],
    *,
    jobseeker_id: int,
    language: str,
) -> SafeString:
    """Each plan's current version with its tasks, and its earlier ones."""
    w = _words(language)
    parts = [
        '<section class="card" aria-labelledby="plans-heading">\n'
        f'  <h2 id="plans-heading">{w["plans"]}</h2>\n  '
    ]
    for plan, earlier in plans:
        current = ""
        version = plan.versions[0] if plan.versions else None
        if version:
            agreed = w["version"] % {
                "n": _text(version.number),
                "date": _day(version.agreed_on, language),
                "who": _text(_full_name(version.created_by)),
            }
            pdf = reverse_fast("cases:plan_version_pdf", jobseeker_id, version.pk)
            applications = _plural(
                language,
                "%(n)s application a month",
                "%(n)s applications a month",
                version.applications_per_month,
            ) % {"n": _text(version.applications_per_month)}
            reason = (
                f" ({_text(version.obligation_reason)})"
                if version.obligation_reason
                else ""
            )
            tasks = ""
            task_list = version.task_list  # type: ignore[attr-defined]
            if task_list:
                rows = "".join(
                    f"<tr><td>{_text(task.description)}</td>"
                    f"<td>{_text(_display(task, 'responsible', language))}</td>"
                    f"<td>{_day(task.due_on, language) or '—'}</td>"
                    f"<td>{w['yes'] if task.is_done else w['no']}</td></tr>"
                    for task in task_list
                )
                tasks = (
                    "<table>\n"
                    f"        <caption>{w['agreed_tasks']}</caption>\n"
                    f'        <thead><tr><th scope="col">{w["task"]}</th>'
                    f'<th scope="col">{w["responsible"]}</th>'
                    f'<th scope="col">{w["due"]}</th>'
                    f'<th scope="col">{w["done"]}</th></tr></thead>\n'
                    f"        <tbody>{rows}</tbody>\n      </table>\n      "
                )
            current = (
                f"\n      <p>{agreed}\n"
                f'        · <a href="{pdf}?lang=fi" hreflang="fi" download>'
                f"{w['pdf_fi']}</a>\n"
                f'        · <a href="{pdf}?lang=sv" hreflang="sv" download>'
                f"{w['pdf_sv']}</a></p>\n"
                f"      <p><strong>{w['goal']}:</strong> "
                f"{_lines(version.goal)}</p>\n"
                f"      <p><strong>{w['obligation']}:</strong> "
                f"{applications}{reason}</p>\n      {tasks}\n    "
            )
        details = (
            f"<details><summary>{w['earlier_versions']}</summary>"
            f"<ul>{earlier}</ul></details>"
            if earlier
            else ""
        )
        parts.append(
            '\n  <article class="plan">\n'
            f"    <h3>{_text(_display(plan.plan, 'kind', language))}</h3>\n"
            f"    {current}\n    {details}\n  </article>\n  "
        )
    parts.append("\n</section>")
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped


def assessment_html(assessment: ServiceNeedsAssessment, *, language: str) -> SafeString:
    """The latest service needs assessment."""
    w = _words(language)
    a = assessment
    needs = ""
    if a.social_services_need:
        needs += f"{w['social']} "
    if a.health_services_need:
        needs += f"{w['health']} "
    if a.rehabilitation_need:
        needs += w["rehabilitation"]
    if not (a.social_services_need or a.health_services_need or a.rehabilitation_need):
        needs += w["none_recorded"]
    return mark_safe(  # noqa: S308 - every value is escaped
        '<section class="card" aria-labelledby="assessment-heading">\n'
        f'  <h2 id="assessment-heading">{w["assessment"]}</h2>\n'
        '  <dl class="facts">\n'
        f"    <div><dt>{w['assessed_on']}</dt>"
        f"<dd>{_day(a.assessed_on, language)}</dd></div>\n"
        f"    <div><dt>{w['education']}</dt>"
        f"<dd>{_text(_display(a, 'education_level', language))}</dd></div>\n"
        f"    <div><dt>{w['work_ability']}</dt>"
        f"<dd>{_text(_display(a, 'work_ability', language))}</dd></div>\n"
        f"    <div><dt>{w['training_need']}</dt>"
        f"<dd>{w['yes'] if a.training_need else w['no']}</dd></div>\n"
        f"    <div><dt>{w['services_need']}</dt><dd>{needs}</dd></div>\n"
        "  </dl>\n</section>"
    )


def _table_card(
    name: str, heading: str, columns: str, rows: list[str], *, action: str
) -> SafeString:
    """A card of one table: `heading` (escaped), the escaped header cells
    `columns` and a last one for the rows' action links, then `rows`."""
    return mark_safe(  # noqa: S308 - every value is escaped
        f'<section class="card" aria-labelledby="{name}-heading">\n'
        f'  <h2 id="{name}-heading">{heading}</h2>\n'
        "  <table>\n"
        f'    <thead><tr>{columns}<th scope="col">'
        f'<span class="visually-hidden">{action}</span></th></tr></thead>\n'
        f"    <tbody>\n    {''.join(rows)}\n    </tbody>\n  </table>\n</section>"
    )


def decisions_html(
    decisions: Iterable[Decision], *, can_edit: bool, language: str
) -> SafeString:
    """The person's appropriation decisions."""
    w = _words(language)
    rows = []
    for d in decisions:
        what = _text(_display(d, "appropriation", language))
        if d.employer_name:
            what += f" – {_text(d.employer_name)}"
            if d.subsidy_percent:
                what += f", {_text(d.subsidy_percent)} %"
        if d.provider:
            what += f" – {_text(d.provider)}"
        if d.municipality_own_post:
            what += f' <span class="badge">{w["own_post"]}</span>'
        if d.override_reason:
            what += f' <span class="badge badge--warning">{w["exceeds_quota"]}</span>'
        amount = _text(euros(d.amount_cents, language=language))
        if d.amount_cents != d.original_amount_cents:
            amount += (
                f' <span class="note">({w["decided"]} '
                f"{_text(euros(d.original_amount_cents, language=language))})</span>"
            )
        status = _text(_display(d, "status", language))
        if d.change_reason:
            status += f": {_text(d.change_reason)}"
        actions = (
            f'<a href="{reverse_fast("decisions:shorten", d.pk)}">{w["shorten"]}</a>'
            f' · <a href="{reverse_fast("decisions:cancel", d.pk)}">'
            f"{w['cancel']}</a>"
            if can_edit and d.status == "in_force"
            else ""
        )
        rows.append(
            f"\n      <tr><td>{what}</td>\n"
            f"        <td>{_day(d.starts_on, language)}–"
            f"{_day(d.ends_on, language)}</td>\n"
            f'        <td class="num">{amount}</td>\n'
            f"        <td>{status}</td>\n"
            f"        <td>{actions}</td></tr>\n    "
        )
    return _table_card(
        "decisions",
        w["decisions"],
        f'<th scope="col">{w["decision_column"]}</th>'
        f'<th scope="col">{w["period"]}</th>'
        f'<th scope="col" class="num">{w["amount"]}</th>'
        f'<th scope="col">{w["status"]}</th>',
        rows,
        action=w["action"],
    )


def referrals_html(
    referrals: Iterable[Referral], *, can_edit: bool, language: str
) -> SafeString:
    """The partners the case is shared with, with consent and access."""
    w = _words(language)
    rows = []
    for r in referrals:
        scope = ", ".join(_text(item) for item in r.consent_scope_labels)
        access = f"{_day(r.valid_from, language)}–{_day(r.valid_until, language)}"
        if r.ended_on:
            access += "<br>" + w["ended"] % {
                "date": _day(r.ended_on, language),
                "reason": _text(_display(r, "end_reason", language)),
            }
        action = (
            f'<a href="{reverse_fast("cases:referral_end", r.pk)}">'
            f"{w['end_referral']}</a>"
            if can_edit and not r.ended_on
            else ""
        )
        rows.append(
            f"\n      <tr><td>{_text(r.partner.display_name)}<br>"
            f'<span class="note">{_text(r.purpose_label)}</span></td>\n'
            f"        <td>{scope or w['name_only']}</td>\n"
            f"        <td>{access}</td>\n"
            f"        <td>{action}</td></tr>\n    "
        )
    return _table_card(
        "referrals",
        w["shared"],
        f'<th scope="col">{w["partner"]}</th>'
        f'<th scope="col">{w["consent_covers"]}</th>'
        f'<th scope="col">{w["access"]}</th>',
        rows,
        action=w["action"],
    )


def closed_cases_html(
    cases: Sequence[Case], *, can_reopen: bool, language: str
) -> SafeString:
    """The earlier job searches, the latest reopenable."""
    w = _words(language)
    items = []
    for n, old in enumerate(cases):
        reopen = (
            f' · <a href="{reverse_fast("cases:case_transition", old.pk)}'
            f'?to=active">{w["reopen"]}</a>'
            if n == 0 and can_reopen
            else ""
        )
        items.append(
            f"<li>{_day(old.job_search_period.started_on, language)}–"
            f"{_day(old.closed_on, language)}: "
            f"{_text(_display(old, 'exit_reason', language))}{reopen}</li>"
        )
    return mark_safe(  # noqa: S308 - every value is escaped
        '<section class="card" aria-labelledby="history-heading">\n'
        f'  <h2 id="history-heading">{w["earlier_searches"]}</h2>\n'
        f"  <ul>{''.join(items)}</ul>\n</section>"
    )


@lru_cache(maxsize=16)
def _page_words(language: str) -> dict[str, str]:
    """The page's own fixed words around its sections, translated once."""
    with translation.override(language or None):
        words = {
            "worklist": _("Worklist"),
            "break_glass": _(
                "You opened this record outside your organisations. You can "
                "only read it; every read is logged and reviewed by your team "
                "lead."
            ),
            "no_case": _("No open case. Register a new job search to open one."),
            "register": _("Register a jobseeker"),
            "services": _("Services"),
            "service": _("Service"),
            "provider": _("Provider"),
            "period": _("Period"),
            "status": _("Status"),
            "active_service": _("Active service"),
            "action": _("Action"),
            "older_services": _("Older services"),
            "job_offers": _("Job offers"),
            "offered_on": _("Offered on"),
            "job": _("Job"),
            "outcome": _("Outcome"),
            "older_job_offers": _("Older job offers"),
            "notes": _("Notes and information sent"),
            "older_notices": _("Older information sent"),
            "older_notes": _("Older notes"),
            "timeline": _("Timeline"),
            "older_events": _("Older events"),
            "nothing_yet": _("Nothing recorded yet."),
        }
        return {key: html.escape(str(value)) for key, value in words.items()}


def _older(query: str | None, anchor: str, label: str) -> str:
    """`{% if older %}<p><a href="?{{ older }}#anchor">…</a></p>{% endif %}`."""
    if not query:
        return ""
    return f'<p><a href="?{_text(query)}#{anchor}">{label}</a></p>'


def page_html(
    *,
    overview: JobseekerOverview,
    sections: dict[str, str],
    via_break_glass: bool,
    can_edit: bool,
    decisions: Sequence[Decision],
    referrals: Sequence[Referral],
    services_html: str,
    job_offers_html: str,
    notes_html: str,
    timeline_html: str,
    older_events: str,
    older_records: dict[str, str],
    language: str,
) -> SafeString:
    """The page's content (templates/cases/jobseeker_detail.html's content
    block, kept as casework/tests/reference/jobseeker_page.html): the
    sections above in their order, with the record lists' frames."""
    w = _page_words(language)
    o = overview
    parts = [
        f'\n<p><a href="{reverse_fast("cases:worklist")}">← {w["worklist"]}</a></p>\n'
    ]
    if via_break_glass:
        parts.append(
            '\n<div class="error-summary" role="alert"><p>'
            f"{w['break_glass']}</p></div>\n"
        )
    parts.append(f"\n\n{sections['header']}\n\n")
    if o.case is not None:
        parts.append(
            f"\n{sections['case']}\n\n{sections['deadlines']}\n\n"
            f"{sections['appointments']}\n\n"
        )
        if can_edit:
            parts.append(f"\n{sections['record']}\n")
        parts.append("\n")
    else:
        parts.append(
            f'\n<section class="card"><p>{w["no_case"]} <a href="'
            f'{reverse_fast("cases:jobseeker_register")}">{w["register"]}</a>'
            "</p></section>\n"
        )
    parts.append("\n\n")
    if o.plans:
        parts.append(f"\n{sections['plans']}\n")
    parts.append("\n\n")
    if o.assessment:
        parts.append(f"\n{sections['assessment']}\n")
    parts.append("\n\n")
    if o.services:
        parts.append(
            '\n<section class="card" aria-labelledby="services-heading">\n'
            f'  <h2 id="services-heading">{w["services"]}</h2>\n'
            "  <table>\n"
            f'    <thead><tr><th scope="col">{w["service"]}</th>'
            f'<th scope="col">{w["provider"]}</th>'
            f'<th scope="col">{w["period"]}</th>'
            f'<th scope="col">{w["status"]}</th>'
            f'<th scope="col">{w["active_service"]}</th>'
            '<th scope="col"><span class="visually-hidden">'
            f"{w['action']}</span></th></tr></thead>\n"
            "    \n"
            f"    <tbody>{services_html}</tbody>\n"
            "  </table>\n"
            "  "
            + _older(
                older_records.get("services"), "services-heading", w["older_services"]
            )
            + "\n</section>\n"
        )
    parts.append("\n\n")
    if decisions:
        parts.append(f"\n{sections['decisions']}\n")
    parts.append("\n\n")
    if o.job_offers:
        parts.append(
            '\n<section class="card" aria-labelledby="offers-heading">\n'
            f'  <h2 id="offers-heading">{w["job_offers"]}</h2>\n'
            "  <table>\n"
            f'    <thead><tr><th scope="col">{w["offered_on"]}</th>'
            f'<th scope="col">{w["job"]}</th>'
            f'<th scope="col">{w["outcome"]}</th>'
            '<th scope="col"><span class="visually-hidden">'
            f"{w['action']}</span></th></tr></thead>\n"
            f"    <tbody>{job_offers_html}</tbody>\n"
            "  </table>\n"
            "  "
            + _older(
                older_records.get("job_offers"), "offers-heading", w["older_job_offers"]
            )
            + "\n</section>\n"
        )
    parts.append("\n\n")
    if referrals:
        parts.append(f"\n{sections['referrals']}\n")
    parts.append("\n\n")
    if o.notices or o.notes:
        parts.append(
            '\n<section class="card" aria-labelledby="notes-heading">\n'
            f'  <h2 id="notes-heading">{w["notes"]}</h2>\n'
            "  <ul>\n"
            f"  {notes_html}\n"
            "  </ul>\n"
            "  "
            + _older(older_records.get("notices"), "notes-heading", w["older_notices"])
            + "\n  "
            + _older(older_records.get("notes"), "notes-heading", w["older_notes"])
            + "\n</section>\n"
        )
    parts.append(
        "\n\n"
        '<section class="card" aria-labelledby="timeline-heading">\n'
        f'  <h2 id="timeline-heading">{w["timeline"]}</h2>\n'
        "  "
    )
    if o.events:
        older = (
            f'<p><a href="?before={_text(quote(older_events, safe="/"))}">'
            f"{w['older_events']}</a></p>"
            if older_events
            else ""
        )
        parts.append(f'\n  <ul class="timeline">{timeline_html}</ul>\n  {older}\n  ')
    else:
        parts.append(f"\n  <p>{w['nothing_yet']}</p>\n  ")
    parts.append("\n</section>\n\n")
    if o.closed_cases:
        parts.append(f"\n{sections['closed_cases']}\n")
    parts.append("\n")
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped
