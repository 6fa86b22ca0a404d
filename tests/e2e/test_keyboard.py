"""Every form works with the keyboard alone (WCAG 2.1.1), with a visible
focus (2.4.7), fields in a sensible order (2.4.3) and errors tied to their
fields (3.3.1, 1.3.1).

The generic checks walk many forms with Tab; a few forms of each kind are
also filled in and sent by keyboard only.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Meeting, Note, PlanVersion

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

    from accounts.models import User

    from .conftest import Browse, Casework, Reports

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# More than any page's tab stops before its last form's submit button.
MAX_TABS = 150
FIELDS = (
    "input:not([type=hidden]):not([disabled]), select:not([disabled]),"
    " textarea:not([disabled])"
)
ACTIVE = """
() => {
  const e = document.activeElement;
  const s = getComputedStyle(e);
  const form = e.closest('[data-e2e-form]');
  return {
    key: e.id || e.name || e.tagName + ':' + (e.textContent || '').trim(),
    radio: e.type === 'radio' ? e.name : null,
    inForm: form !== null,
    submit: form !== null && e.matches('button[type=submit], button:not([type])'),
    outline: s.outlineStyle + ' ' + s.outlineWidth,
    outlineWidth: parseFloat(s.outlineWidth) || 0,
    outlineStyle: s.outlineStyle,
    boxShadow: s.boxShadow,
  };
}
"""
EXPECTED = """
(form, selector) => {
  const seen = new Set();
  return [...form.querySelectorAll(selector)]
    .filter(e => e.getClientRects().length > 0)
    .filter(e => {
      // A radio group is one tab stop.
      if (e.type !== 'radio') return true;
      if (seen.has(e.name)) return false;
      seen.add(e.name);
      return true;
    })
    .map(e => e.type === 'radio' ? 'radio:' + e.name : (e.id || e.name));
}
"""


def tab_through(page: Page, form: Locator) -> list[str]:
    """Press Tab from the top of the page until the form's submit button has
    focus; check each stop in the form shows its focus. The form's fields in
    the order they were reached."""
    form.evaluate("f => f.setAttribute('data-e2e-form', '')")
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    reached: list[str] = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        stop: dict[str, Any] = page.evaluate(ACTIVE)
        if not stop["inForm"]:
            continue
        visible = (
            stop["outlineStyle"] not in ("none", "auto") and stop["outlineWidth"] >= 2
        ) or stop["boxShadow"] != "none"
        assert visible, f"{page.url} {stop['key']}: no visible focus ({stop})"
        if stop["submit"]:
            return reached
        key = f"radio:{stop['radio']}" if stop["radio"] else stop["key"]
        # A date field's day, month and year are separate stops of one input.
        if not reached or reached[-1] != key:
            reached.append(key)
    raise AssertionError(f"{page.url}: Tab never reached the submit button")


def check_form(page: Page, url: str, form_selector: str = "main form.form") -> None:
    page.goto(url)
    form = page.locator(form_selector).last
    expected = form.evaluate(EXPECTED, FIELDS)
    assert expected, f"{url}: no fields in {form_selector}"
    assert tab_through(page, form) == expected, url


def check_error_ties(page: Page) -> None:
    """Each field shown with an error is marked invalid and described by its
    own error list; the summary links to the fields."""
    errors = page.locator(".field--error")
    # Waits for the answer to the submission (the form as sent had none).
    expect(errors.first).to_be_visible()
    for field in errors.all():
        control = field.locator("[aria-invalid=true]")
        expect(control).to_have_count(1)
        described = (control.get_attribute("aria-describedby") or "").split()
        error_list = field.locator(".field__errors")
        error_id = error_list.get_attribute("id")
        assert error_id in described, f"{page.url}: {described} lacks {error_id}"
        expect(error_list).not_to_be_empty()
        for other in described:
            expect(page.locator(f"[id='{other}']")).to_have_count(1)
    for link in page.locator(".error-summary a").all():
        target = (link.get_attribute("href") or "").removeprefix("#")
        expect(page.locator(f"[id='{target}']")).to_have_count(1)


def focus(page: Page, selector: str) -> None:
    """Tab (never click) until the element has focus."""
    target = page.locator(selector)
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if target.evaluate("e => e === document.activeElement"):
            return
    raise AssertionError(f"{page.url}: Tab never reached {selector}")


def type_date(page: Page, day: dt.date) -> None:
    """Type into the focused native date field, in the field order of the
    browser's own locale data (Debian's Chromium without its translations
    has only m/d/y)."""
    parts = {"d": f"{day:%d}", "m": f"{day:%m}", "y": f"{day:%Y}"}
    page.keyboard.type("".join(parts[part] for part in _date_field_order(page)))


def _date_field_order(page: Page) -> str:
    """Probe the order on a scratch page of the same browser."""
    probe = page.context.new_page()
    try:
        probe.set_content("<input type='date' id='probe' aria-label='probe'>")
        probe.keyboard.press("Tab")
        probe.keyboard.type("01022003")
        value = probe.locator("#probe").input_value()
    finally:
        probe.close()
    orders = {"2003-02-01": "dmy", "2003-01-02": "mdy"}
    assert value in orders, f"unknown date field order: {value}"
    return orders[value]


# --- Generic: Tab order, visible focus, errors -----------------------------------


def test_caseworker_forms_by_tab(
    browse: Browse, casework: Casework, caseworker: User
) -> None:
    page = browse.page(user=caseworker)
    full, fresh = casework.full, casework.fresh
    for url in (
        reverse("cases:jobseeker_register"),
        reverse("cases:jobseeker_edit", args=[full.jobseeker_id]),
        reverse("cases:meeting_create", args=[fresh.pk]),
        reverse("cases:assessment_edit", args=[full.pk]),
        reverse("cases:plan_version_create", args=[full.pk, "employment"]),
        reverse("cases:service_create", args=[full.pk]),
        reverse("cases:job_offer_create", args=[full.pk]),
        reverse("decisions:create", args=[full.pk]),
        reverse("cases:benefit_notice_create", args=[full.pk]),
        reverse("cases:note_create", args=[full.pk]),
        reverse("cases:referral_create", args=[full.pk]),
        reverse("cases:case_transition", args=[full.pk]),
        reverse("cases:step_pause", args=[casework.objects["open_step"].pk]),
        reverse("pilots:transfer", args=[full.pk]),
        reverse("cases:search"),
        reverse("exchange:upload"),
        reverse("accounts:two_factor"),
    ):
        check_form(page, url)
    check_form(page, reverse("cases:worklist"), "main form.filters")
    check_form(page, reverse("cases:worklist"), "header form.language-switch")


def test_coordinator_forms_by_tab(
    browse: Browse, reports: Reports, coordinator: User
) -> None:
    page = browse.page(user=coordinator)
    for url in (
        reverse("reporting:index"),
        reverse("reporting:dashboard"),
        reverse("reporting:reports"),
        reverse("appropriations:create"),
        reverse("pilots:rules"),
        reverse("pilots:rule", args=[reports.draft_rule.pk]),
        reverse("partners:create"),
        reverse("partners:edit", args=[reports.agreement.pk, "targets"]),
        reverse("audit:subject_report"),
    ):
        check_form(page, url)


def test_errors_are_tied_to_their_fields(
    browse: Browse, casework: Casework, caseworker: User
) -> None:
    page = browse.page(user=caseworker)
    for url in (
        reverse("cases:jobseeker_register"),
        reverse("cases:meeting_create", args=[casework.fresh.pk]),
        reverse("cases:plan_version_create", args=[casework.full.pk, "employment"]),
        reverse("cases:job_offer_create", args=[casework.full.pk]),
        reverse("decisions:create", args=[casework.full.pk]),
        reverse("cases:note_create", args=[casework.full.pk]),
        reverse("exchange:upload"),
    ):
        page.goto(url)
        form = page.locator("main form.form").last
        for field in form.locator(
            "input:not([type=hidden]):not([type=checkbox]):not([type=file]), textarea"
        ).all():
            field.fill("")
        form.locator("button[type=submit]").press("Enter")
        check_error_ties(page)

    # An error from the service rather than the form: a meeting before the
    # job search started.
    started = casework.fresh.job_search_period.started_on
    page.goto(reverse("cases:meeting_create", args=[casework.fresh.pk]))
    page.locator("#id_held_on").fill(f"{started - dt.timedelta(days=1):%Y-%m-%d}")
    page.locator("main form.form button[type=submit]").press("Enter")
    page.wait_for_load_state()
    expect(page.locator("#id_held_on_errors")).not_to_be_empty()
    check_error_ties(page)


# --- By keyboard alone -------------------------------------------------------------


def test_sign_in_record_a_meeting_and_a_note_by_keyboard(
    browse: Browse, casework: Casework, caseworker: User
) -> None:
    from .conftest import PASSWORD

    page = browse.page()
    page.goto(reverse("accounts:login"))
    focus(page, "#id_username")
    page.keyboard.type(caseworker.username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tervetuloa")

    # A meeting: a select, a date typed into the date field, a text area.
    today = timezone.localdate()
    page.goto(reverse("cases:meeting_create", args=[casework.fresh.pk]))
    focus(page, "#id_held_on")
    type_date(page, today)
    page.keyboard.press("Tab")  # past the day, month and year
    focus(page, "#id_channel")
    page.keyboard.press("ArrowDown")  # the next channel
    page.keyboard.press("Tab")
    page.keyboard.type("Käyty läpi näppäimistöllä.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Tapaaminen kirjattiin")
    meeting = Meeting.objects.get(case=casework.fresh)
    assert meeting.held_on == today
    assert meeting.channel != "office"
    assert meeting.summary == "Käyty läpi näppäimistöllä."

    # A note with a check box, sent by Enter in the last field.
    page.goto(reverse("cases:note_create", args=[casework.full.pk]))
    focus(page, "#id_text")
    page.keyboard.type("Terveystieto kirjattu erikseen.")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Muistiinpano lisättiin")
    note = Note.objects.filter(case=casework.full).latest("pk")
    assert note.is_health_related


def test_a_plan_with_tasks_by_keyboard_after_an_error(
    browse: Browse, casework: Casework, caseworker: User
) -> None:
    page = browse.page(user=caseworker)
    page.goto(
        reverse("cases:plan_version_create", args=[casework.fresh.pk, "employment"])
    )

    # Sent without a goal: the error is announced and tied to the field.
    focus(page, "main form.form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator(".error-summary")).to_have_attribute("role", "alert")
    expect(page.locator("#id_goal")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_goal")).to_have_attribute(
        "aria-describedby", "id_goal_errors"
    )
    expect(page.locator(".error-summary a[href='#id_goal']")).to_have_count(1)

    focus(page, "#id_goal")
    page.keyboard.type("Työ kaupan alalta")
    focus(page, "#id_tasks-0-description")
    page.keyboard.type("Hae kolmea paikkaa")
    page.keyboard.press("Tab")  # responsible
    page.keyboard.press("Tab")  # due on: day, month, year
    type_date(page, timezone.localdate() + dt.timedelta(days=14))
    focus(page, "#id_tasks-0-is_done")
    page.keyboard.press("Space")
    focus(page, "main form.form button[type=submit]")
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_contain_text(
        "Suunnitelman versio tallennettiin."
    )
    version = PlanVersion.objects.get(plan__case=casework.fresh)
    task = version.tasks.get()
    assert (version.goal, task.description, task.is_done) == (
        "Työ kaupan alalta",
        "Hae kolmea paikkaa",
        True,
    )
    assert task.due_on == timezone.localdate() + dt.timedelta(days=14)
