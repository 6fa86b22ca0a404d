"""The booking page: free times before the step's due date, and the form
that books one (thin: selectors and one service call)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import User
from accounts.requests import signed_in_user
from audit.models import AccessAction
from audit.services import Reader, access_log_write, log_request_read, target_of
from cases import permissions as case_permissions
from cases.models import StepStatus
from cases.views import caseworker_required, jobseeker_url
from core.decorators import allowed_if
from core.formats import short_date
from core.runs import not_sent_message, runs_not_sent
from messaging.services import message_resend

from . import answers, ics, letters, permissions, rules, selectors, services
from .forms import (
    WEEKDAYS,
    AbsenceForm,
    AnswerForm,
    AttendanceForm,
    BookingForm,
    BulkBookingForm,
    ExtraHoursForm,
    LettersForm,
    WeeklyHoursForm,
)
from .models import Appointment, CalendarFeed

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.forms import Form


def _proposal_rows(
    slots: list[rules.Slot], names: dict[int, str], base_url: str
) -> list[dict[str, str]]:
    rows = []
    for slot in slots:
        local = slot.starts_at.astimezone(rules.HELSINKI)
        query = urlencode(
            {
                "caseworker": str(slot.caseworker_id),
                "day": local.date().isoformat(),
                "time": local.strftime("%H:%M"),
                "place": str(slot.place_id),
            }
        )
        rows.append(
            {
                "day": short_date(local.date()),
                "time": f"{local.hour}.{local.minute:02d}",
                "caseworker": names.get(slot.caseworker_id, ""),
                "url": f"{base_url}?{query}",
            }
        )
    return rows


@caseworker_required
@require_http_methods(["GET", "POST"])
def book(request: HttpRequest, step_id: int) -> HttpResponse:
    user = signed_in_user(request)
    step = case_permissions.get_step_for_user(user, step_id)
    if step.status != StepStatus.OPEN:
        raise Http404
    log_request_read(request, AccessAction.VIEW, [step.jobseeker])
    team = request.GET.get("who") == "team"
    free = selectors.step_free_times(
        step=step, user_id=user.pk, team=team, now=timezone.now()
    )
    ids = free.caseworker_ids
    names = {
        u.pk: u.get_full_name() or u.username
        for u in User.objects.filter(pk__in=ids).only(
            "first_name", "last_name", "username"
        )
    }
    places = selectors.places_for_organisation(organisation_id=step.organisation_id)
    before, later = free.before, free.later
    base_url = reverse("appointments:book", args=[step.pk])
    form_kwargs = {
        "caseworkers": sorted(names.items(), key=lambda kv: kv[1]),
        "places": places,
    }
    if request.method == "POST":
        form = BookingForm(request.POST, **form_kwargs)  # type: ignore[arg-type]
        if form.is_valid():
            try:
                services.appointment_book(
                    step=step,
                    caseworker=User.objects.get(pk=form.cleaned_data["caseworker"]),
                    starts_at=form.starts_at(),
                    length=dt.timedelta(minutes=form.cleaned_data["length"]),
                    place=form.cleaned_data["place"],
                    late_reason=form.cleaned_data["late_reason"],
                    actor=user,
                    now=timezone.now(),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The appointment is booked."))
                return HttpResponseRedirect(jobseeker_url(step.jobseeker_id))
    else:
        initial = {"caseworker": ids[0], "length": 60}
        form = BookingForm(
            initial={**initial, **request.GET.dict()},
            **form_kwargs,  # type: ignore[arg-type]
        )
    return render(
        request,
        "appointments/book.html",
        {
            "step": step,
            "jobseeker": step.jobseeker,
            "due_on": short_date(step.due_on),
            "team": team,
            "form": form,
            "proposals": _proposal_rows(before, names, base_url),
            "later": _proposal_rows(later, names, base_url),
            "booked": selectors.appointments_for_step(step_id=step.pk),
            "base_url": base_url,
            "jobseeker_url": jobseeker_url(step.jobseeker_id),
        },
    )


@caseworker_required
@require_http_methods(["POST"])
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    appointment = permissions.get_appointment_for_user(user, pk)
    try:
        services.appointment_cancel(
            appointment=appointment, actor=user, now=timezone.now()
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The appointment is cancelled."))
    if appointment.step_id is not None:
        return HttpResponseRedirect(
            reverse("appointments:book", args=[appointment.step_id])
        )
    return HttpResponseRedirect(jobseeker_url(appointment.jobseeker_id))


def _held_url(appointment: Appointment) -> str:
    """The statutory record form of the meeting, prefilled with the
    appointment's date and channel; the jobseeker page for other steps."""
    step = appointment.step
    if step is None or step.kind not in rules.MEETING_STEP_KINDS:
        return jobseeker_url(appointment.jobseeker_id)
    local = appointment.during.lower.astimezone(rules.HELSINKI)
    query = urlencode(
        {
            "kind": step.kind,
            "held_on": local.date().isoformat(),
            "channel": rules.RECORD_CHANNELS[appointment.channel],
        }
    )
    return f"{reverse('cases:meeting_create', args=[appointment.case_id])}?{query}"


def _benefit_notice_url(appointment: Appointment) -> str:
    """The form of information for a benefit decision, offered after a
    missed meeting with its matter and what happened filled in."""
    local = appointment.during.lower.astimezone(rules.HELSINKI)
    what = (
        appointment.step.kind_label
        if appointment.step is not None
        else _("appointment")
    )
    description = _(
        "%(meeting)s on %(date)s at %(time)s (%(channel)s): %(outcome)s."
    ) % {
        "meeting": what,
        "date": short_date(local.date()),
        "time": f"{local.hour}.{local.minute:02d}",
        "channel": appointment.get_channel_display(),
        "outcome": appointment.get_status_display(),
    }
    query = urlencode({"kind": "missed_meeting", "description": description})
    base = reverse("cases:benefit_notice_create", args=[appointment.case_id])
    return f"{base}?{query}"


@caseworker_required
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """Record whether the appointment was held, missed or cancelled; held
    opens the meeting's record form, the others offer a new time and the
    information for a benefit decision."""
    user = signed_in_user(request)
    appointment = permissions.get_appointment_for_user(user, pk)
    log_request_read(request, AccessAction.VIEW, [appointment.jobseeker])
    form = AttendanceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = form.cleaned_data["outcome"]
        try:
            services.appointment_attendance_record(
                appointment=appointment,
                outcome=outcome,
                actor=user,
                now=timezone.now(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if outcome == rules.HELD:
                messages.success(
                    request,
                    _("The appointment is marked held. Record the meeting."),
                )
                return HttpResponseRedirect(_held_url(appointment))
            messages.success(request, _("Attendance is recorded."))
            return HttpResponseRedirect(
                reverse("appointments:attendance", args=[appointment.pk])
            )
    rebooking = (
        selectors.rebooking_step(case_id=appointment.case_id)
        if appointment.status
        in (Appointment.Status.NO_SHOW, Appointment.Status.CANCELLED)
        else None
    )
    return render(
        request,
        "appointments/attendance.html",
        {
            "appointment": appointment,
            "jobseeker": appointment.jobseeker,
            "jobseeker_url": jobseeker_url(appointment.jobseeker_id),
            "form": form,
            "rebooking": rebooking,
            "rebooking_due": short_date(rebooking.due_on) if rebooking else "",
            "benefit_notice_url": _benefit_notice_url(appointment),
            "held_url": _held_url(appointment),
        },
    )


@allowed_if(permissions.can_bulk_book)
@require_http_methods(["POST"])
def bulk_book(request: HttpRequest) -> HttpResponse:
    """The worklist's selected initial interviews, booked by a background
    run into free times before each due date."""
    user = signed_in_user(request)
    form = BulkBookingForm(request.POST)
    back = request.POST.get("next", "")
    back_url = reverse("cases:worklist") + (
        f"?{back}" if back and "//" not in back else ""
    )
    if not form.is_valid():
        messages.error(
            request, " ".join(str(e) for es in form.errors.values() for e in es)
        )
        return HttpResponseRedirect(back_url)
    by_organisation = selectors.steps_by_organisation(
        step_ids=form.cleaned_data["step"],
        organisation_ids=case_permissions.personal_data_organisation_ids(user),
    )
    if len(by_organisation) != 1:
        messages.error(
            request,
            _(
                "Choose initial interviews of one organisation at a time "
                "(filter the worklist by organisation)."
            ),
        )
        return HttpResponseRedirect(back_url)
    ((organisation_id, step_ids),) = by_organisation.items()
    run = services.bulk_booking_request(
        organisation_id=organisation_id,
        step_ids=step_ids,
        uses_team=form.cleaned_data["who"] == "team",
        length=dt.timedelta(minutes=form.cleaned_data["length"]),
        actor=user,
    )
    return HttpResponseRedirect(reverse("appointments:bulk_run", args=[run.pk]))


@allowed_if(permissions.can_bulk_book)
@require_http_methods(["GET"])
def bulk_run(request: HttpRequest, pk: int) -> HttpResponse:
    """A bulk booking's progress and, when done, its result list."""
    user = signed_in_user(request)
    run = permissions.get_bulk_run_for_user(user, pk)
    results = [] if run.is_live else selectors.bulk_results(run_id=run.pk)
    log_request_read(request, AccessAction.LIST, [r.step for r in results])
    return render(
        request,
        "appointments/bulk_run.html",
        {
            "run": run,
            "not_sent": not_sent_message() if runs_not_sent(run) else "",
            "results": [
                {
                    "name": f"{r.step.jobseeker.last_name}, "
                    f"{r.step.jobseeker.first_names}",
                    "jobseeker_url": jobseeker_url(r.step.jobseeker_id),
                    "due_on": short_date(r.step.due_on),
                    "outcome": r.get_outcome_display(),
                    "is_booked": r.appointment is not None,
                    "time": r.appointment.during.lower if r.appointment else None,
                    "caseworker": (
                        r.appointment.caseworker.get_full_name()
                        if r.appointment
                        else ""
                    ),
                    "book_url": reverse("appointments:book", args=[r.step_id]),
                }
                for r in results
            ],
        },
    )


_CALENDAR_FORMS: dict[str, tuple[type[Form], Callable[..., object]]] = {
    "weekly": (WeeklyHoursForm, services.weekly_hours_add),
    "extra": (ExtraHoursForm, services.extra_hours_add),
    "absence": (AbsenceForm, services.absence_add),
}


@caseworker_required
@require_http_methods(["GET", "POST"])
def calendar(request: HttpRequest) -> HttpResponse:
    """The caseworker's own bookable hours, extra hours and absences."""
    user = signed_in_user(request)
    places = selectors.places_for_user(user=user)
    which = request.POST.get("form", "") if request.method == "POST" else ""
    if which in ("feed_create", "feed_revoke"):
        if which == "feed_create":
            services.calendar_feed_create(caseworker=user, now=timezone.now())
            messages.success(request, _("Your calendar has a new address."))
        else:
            services.calendar_feed_revoke(caseworker=user, now=timezone.now())
            messages.success(
                request, _("The address of your calendar no longer works.")
            )
        return HttpResponseRedirect(reverse("appointments:calendar") + "#feed-heading")
    if which == "remove":
        services.calendar_entry_remove(
            caseworker=user,
            kind=request.POST.get("kind", ""),
            pk=int(request.POST.get("pk", "0") or 0),
        )
        messages.success(request, _("Removed from your calendar."))
        return HttpResponseRedirect(reverse("appointments:calendar"))
    forms: dict[str, Any] = {}
    for name, (form_class, add) in _CALENDAR_FORMS.items():
        kwargs: dict[str, Any] = {} if form_class is AbsenceForm else {"places": places}
        data = request.POST if which == name else None
        form = form_class(data, **kwargs)
        if data is not None and form.is_valid():
            try:
                add(caseworker=user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Your calendar is updated."))
                return HttpResponseRedirect(reverse("appointments:calendar"))
        forms[name] = form
    own = selectors.own_calendar(user=user, today=timezone.localdate())
    log_request_read(
        request,
        AccessAction.LIST,
        [*own.awaiting_attendance, *(row.appointment for row in own.upcoming)],
    )
    return render(
        request,
        "appointments/calendar.html",
        {
            "own": own,
            "forms": forms,
            "weekdays": dict(WEEKDAYS),
            "letters_form": LettersForm(initial={"day": timezone.localdate()}),
            "letter_runs": selectors.letter_runs_of(user=user),
            "feed_url": _feed_url(selectors.calendar_feed_live(caseworker=user)),
        },
    )


@caseworker_required
@require_http_methods(["POST"])
def message_resend_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Send a failed message again (the caseworker chose to retry)."""
    user = signed_in_user(request)
    message = permissions.get_message_for_user(user, pk)
    if message_resend(message=message):
        messages.success(request, _("The message is being sent again."))
    else:
        messages.error(request, _("Only a failed message can be sent again."))
    return HttpResponseRedirect(jobseeker_url(message.jobseeker_id or 0))


@caseworker_required
@require_http_methods(["POST"])
def reminders(request: HttpRequest, jobseeker_id: int) -> HttpResponse:
    """Pause or resume appointment reminders for the jobseeker."""
    user = signed_in_user(request)
    jobseeker = case_permissions.get_jobseeker_for_user(user, jobseeker_id)
    if request.POST.get("action") == "resume":
        services.reminders_resume(jobseeker=jobseeker, actor=user, now=timezone.now())
        messages.success(request, _("Reminders are sent to the jobseeker again."))
    else:
        services.reminders_pause(jobseeker=jobseeker, actor=user, now=timezone.now())
        messages.success(request, _("No reminders are sent to the jobseeker."))
    return HttpResponseRedirect(jobseeker_url(jobseeker.pk))


@caseworker_required
@require_http_methods(["POST"])
def letter(request: HttpRequest, pk: int) -> HttpResponse:
    """Print the invitation or reminder of one appointment as a letter: the
    letter is recorded printed in the outbox (timeline, access log) and
    downloaded."""
    user = signed_in_user(request)
    appointment = permissions.get_appointment_for_user(user, pk)
    kind = request.POST.get("kind", "invitation")
    if kind not in letters.LETTER_KINDS:
        raise Http404
    message = services.appointment_letter_print(
        appointment=appointment, kind=kind, user=user, now=timezone.now()
    )
    log_request_read(request, AccessAction.PDF, [appointment])
    pdf = letters.letters_pdf(
        letters.letters_of([message], today=timezone.localdate()),
        language=translation.get_language() or "fi",
    )
    return _pdf_response(pdf, f"{kind}-{appointment.pk}.pdf")


@caseworker_required
@require_http_methods(["POST"])
def letters_of_day(request: HttpRequest) -> HttpResponse:
    """Start printing the day's letters (own clients', or the
    organisation's) in the background; its page shows the progress."""
    user = signed_in_user(request)
    form = LettersForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors.get("day", [])))
        return HttpResponseRedirect(reverse("appointments:calendar"))
    run = services.letter_run_request(
        user=user,
        day=form.cleaned_data["day"],
        who=form.cleaned_data["who"],
        language=translation.get_language() or "fi",
    )
    return HttpResponseRedirect(reverse("appointments:letter_run", args=[run.pk]))


@caseworker_required
@require_GET
def letter_run(request: HttpRequest, pk: int) -> HttpResponse:
    """A batch of letters: its progress, then the PDF to download."""
    run = permissions.get_letter_run_for_user(signed_in_user(request), pk)
    return render(
        request,
        "appointments/letter_run.html",
        {
            "run": run,
            "not_sent": not_sent_message() if runs_not_sent(run) else "",
        },
    )


@caseworker_required
@require_GET
def letter_run_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The batch's PDF; each download is logged for every letter in it."""
    run = permissions.get_letter_run_for_user(signed_in_user(request), pk)
    if run.status != run.Status.DONE or not run.letters:
        raise Http404
    log_request_read(request, AccessAction.PDF, selectors.letter_run_messages(run=run))
    return _pdf_response(bytes(run.pdf), f"letters-{run.day.isoformat()}.pdf")


def _pdf_response(pdf: bytes, name: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# Not cached anywhere on the way: the address is the person's key.
@never_cache
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """The jobseeker's page behind the signed link: the time, place and
    channel only, and the answer form, in the message's language or the one
    chosen on the page. No account; rate-limited and logged."""
    read = answers.token_read(token)
    asked = request.GET.get("lang")
    if read is None:
        _activate(request, answers.page_language(asked, default=_current_language()))
        return render(request, "appointments/answer_invalid.html", status=404)
    appointment_id, message_language = read
    language = answers.page_language(asked, default=message_language)
    _activate(request, language)
    appointment = (
        Appointment.objects.select_related("place").filter(pk=appointment_id).first()
    )
    if appointment is None:
        return render(request, "appointments/answer_invalid.html", status=404)
    now = timezone.now()
    action = "answer" if request.method == "POST" else "view"
    if not answers.link_use_record(
        appointment_id=appointment.pk,
        address=request.META.get("REMOTE_ADDR", ""),
        action=action,
        now=now,
    ):
        return render(request, "appointments/answer_invalid.html", status=429)
    is_open = appointment.status == Appointment.Status.BOOKED and (
        appointment.during.lower > now
    )
    form = AnswerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and is_open and form.is_valid():
        answers.appointment_answer_record(
            appointment=appointment,
            kind=form.cleaned_data["kind"],
            message=form.cleaned_data["message"],
            now=now,
        )
        query = urlencode({"sent": "1", "lang": language})
        return HttpResponseRedirect(f"{request.path}?{query}")
    local = appointment.during.lower.astimezone(rules.HELSINKI)
    return render(
        request,
        "appointments/answer.html",
        {
            "appointment": appointment,
            "day": short_date(local.date()),
            "time": f"{local.hour}.{local.minute:02d}",
            "form": form,
            "is_open": is_open,
            "is_sent": request.GET.get("sent") == "1",
            "is_cancelled": appointment.status == Appointment.Status.CANCELLED,
        },
    )


def _current_language() -> str:
    """The language LocaleMiddleware chose (the browser's, or fi)."""
    return translation.get_language() or settings.LANGUAGE_CODE


def _activate(request: HttpRequest, language: str) -> None:
    # The page's language follows the link, not the browser or a cookie: a
    # message in Swedish opens a page in Swedish on any phone.
    translation.activate(language)
    request.LANGUAGE_CODE = language


def _feed_url(feed: CalendarFeed | None) -> str:
    if feed is None:
        return ""
    path = reverse("calendar_feed", args=[feed.token])
    return f"{settings.POLKU_PUBLIC_URL.rstrip('/')}{path}"


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A caseworker's appointments for Outlook: the secret address is the
    key (calendar programs send no cookies); initials and purpose only."""
    now = timezone.now()
    found = selectors.feed_appointments(token=token, now=now)
    if found is None:
        raise Http404
    feed, appointments = found
    access_log_write(
        reader=Reader.system(user=feed.caseworker, purpose_path=request.path[:40]),
        action=AccessAction.EXPORT,
        targets=[target_of(a) for a in appointments],
    )
    content = ics.calendar_ics(
        appointments, language=feed.caseworker.preferred_language or "fi", stamp=now
    )
    return HttpResponse(content, content_type="text/calendar; charset=utf-8")


@caseworker_required
@require_GET
def appointment_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """One appointment as an .ics file for the staff member's calendar."""
    user = signed_in_user(request)
    appointment = permissions.get_appointment_for_user(user, pk)
    log_request_read(request, AccessAction.EXPORT, [appointment])
    content = ics.calendar_ics(
        [appointment],
        language=translation.get_language() or "fi",
        stamp=timezone.now(),
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="appointment-{pk}.ics"'
    return response
