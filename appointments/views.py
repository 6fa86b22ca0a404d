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
from core.formats import short_date
from messaging.services import message_resend

from . import answers, ics, letters, permissions, rules, selectors, services
from .forms import (
    WEEKDAYS,
    AbsenceForm,
    AnswerForm,
    BookingForm,
    ExtraHoursForm,
    LettersForm,
    WeeklyHoursForm,
)
from .models import Appointment, CalendarFeed

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.forms import Form

    from cases.models import ProcessStep


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


def _caseworkers(step: ProcessStep, user: User, *, team: bool) -> list[int]:
    own = step.assignee_id or user.pk
    if not team:
        return [own]
    return sorted(
        {own, *selectors.team_caseworker_ids(organisation_id=step.organisation_id)}
    )


@caseworker_required
@require_http_methods(["GET", "POST"])
def book(request: HttpRequest, step_id: int) -> HttpResponse:
    user = signed_in_user(request)
    step = case_permissions.get_step_for_user(user, step_id)
    if step.status != StepStatus.OPEN:
        raise Http404
    log_request_read(request, AccessAction.VIEW, [step.jobseeker])
    team = request.GET.get("who") == "team"
    ids = _caseworkers(step, user, team=team)
    names = {
        u.pk: u.get_full_name() or u.username
        for u in User.objects.filter(pk__in=ids).only(
            "first_name", "last_name", "username"
        )
    }
    places = selectors.places_for_organisation(organisation_id=step.organisation_id)
    now = timezone.now()
    today = timezone.localdate()
    length = dt.timedelta(minutes=60)
    last_day = rules.search_last_day(due_on=step.due_on, today=today)
    calendars = selectors.calendars_for(
        caseworker_ids=ids, first_day=today, last_day=last_day + dt.timedelta(weeks=6)
    )
    before = rules.free_slots(
        calendars, now=now, first_day=today, last_day=last_day, length=length
    )
    later = (
        []
        if before
        else rules.free_slots(
            calendars,
            now=now,
            first_day=max(today, step.due_on + dt.timedelta(days=1)),
            last_day=last_day + dt.timedelta(weeks=6),
            length=length,
        )
    )
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
        services.appointment_cancel(appointment=appointment, actor=user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The appointment is cancelled."))
    if appointment.step_id is not None:
        return HttpResponseRedirect(
            reverse("appointments:book", args=[appointment.step_id])
        )
    return HttpResponseRedirect(jobseeker_url(appointment.jobseeker_id))


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
        request, AccessAction.LIST, [row.appointment for row in own.upcoming]
    )
    return render(
        request,
        "appointments/calendar.html",
        {
            "own": own,
            "forms": forms,
            "weekdays": dict(WEEKDAYS),
            "letters_form": LettersForm(initial={"day": timezone.localdate()}),
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
@require_GET
def letter(request: HttpRequest, pk: int) -> HttpResponse:
    """The invitation or reminder of one appointment as a printable letter."""
    user = signed_in_user(request)
    appointment = permissions.get_appointment_for_user(user, pk)
    kind = request.GET.get("kind", "invitation")
    if kind not in letters.LETTER_KINDS:
        raise Http404
    log_request_read(request, AccessAction.PDF, [appointment])
    pdf = letters.letters_pdf(
        [letters.letter_for(appointment, kind=kind, today=timezone.localdate())],
        language=translation.get_language() or "fi",
    )
    return _pdf_response(pdf, f"{kind}-{appointment.pk}.pdf")


@caseworker_required
@require_GET
def letters_of_day(request: HttpRequest) -> HttpResponse:
    """The day's letters (own clients', or the organisation's) as one PDF."""
    user = signed_in_user(request)
    form = LettersForm(request.GET)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors.get("day", [])))
        return HttpResponseRedirect(reverse("appointments:calendar"))
    today = timezone.localdate()
    found = letters.letters_of_day(
        user=user,
        day=form.cleaned_data["day"],
        everyone=form.cleaned_data["who"] == "organisation",
    )
    if not found:
        messages.info(request, _("No letters to print for that day."))
        return HttpResponseRedirect(reverse("appointments:calendar"))
    if len(found) > letters.BATCH_LIMIT:
        messages.error(
            request,
            _(
                "More than %(n)s letters: print your own clients' letters, or "
                "one organisation's at a time."
            )
            % {"n": letters.BATCH_LIMIT},
        )
        return HttpResponseRedirect(reverse("appointments:calendar"))
    log_request_read(request, AccessAction.PDF, [a for a, _kind in found])
    pdf = letters.letters_pdf(
        [letters.letter_for(a, kind=kind, today=today) for a, kind in found],
        language=translation.get_language() or "fi",
    )
    return _pdf_response(pdf, f"letters-{form.cleaned_data['day'].isoformat()}.pdf")


def _pdf_response(pdf: bytes, name: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# Not cached anywhere on the way: the address is the person's key.
@never_cache
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """The jobseeker's page behind the signed link: the time, place and
    channel only, and the answer form. No account; rate-limited and logged."""
    read = answers.token_read(token)
    if read is None:
        return render(request, "appointments/answer_invalid.html", status=404)
    appointment_id, language = read
    translation.activate(language)
    request.LANGUAGE_CODE = language
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
        return HttpResponseRedirect(f"{request.path}?sent=1")
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
