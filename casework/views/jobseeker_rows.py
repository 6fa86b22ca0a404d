"""The jobseeker page's longest lists as HTML, with every value escaped.

Written here, not by template loops: with the page's data in one statement,
rendering was most of the page's CPU, and most of that went on resolving
the same lookups, date filters, {% url %} and {% translate %} tags row by
row in the timeline (30 rows), notes and notices (40), services, job
offers (20 each) and the earlier plan versions (issue 21). f-strings over
casework.views.markup.text do the same escaping in a few µs a row
(format_html spent most of its time in its lazy-string checks); dates,
labels and URLs come from per-language caches (core.formats.short_date,
core.links). The
markup is the old loops' (casework/tests/test_jobseeker_rows.py renders
both); cases/jobseeker_detail.html keeps the sections around the rows.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from cases.models.records import BenefitNoticeKind, JobOfferOutcome
from casework.views.markup import lines, text
from core.formats import short_date
from core.links import reverse_fast

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable

    from cases.models import (
        BenefitNotice,
        CaseEvent,
        JobOffer,
        Note,
        PlanVersion,
        ServicePeriod,
    )

# The whitespace a template loop leaves around each row ("{% for %}\n    <li>
# ...</li>\n  {% endfor %}"), kept so that the page reads as it did.
_ROW = "\n    {}\n  "


def _rows(rows: Iterable[str], around: str = _ROW) -> SafeString:
    return mark_safe("".join(around.format(row) for row in rows))  # noqa: S308 - each row's values are escaped by markup.text


@lru_cache(maxsize=16)
def _labels(language: str) -> dict[str, str]:
    """The rows' fixed words in one language, translated once."""
    with translation.override(language or None):
        return {
            "health": _("health"),
            "ongoing": _("Ongoing"),
            "ended": _("Ended"),
            "starting": _("Starting on %(date)s"),
            "yes": _("yes"),
            "not_yet": _("not yet"),
            "no": _("no"),
            "end": _("End"),
            "record_outcome": _("Record the outcome"),
            "version": _("Version %(n)s, agreed %(date)s"),
        }


@lru_cache(maxsize=16)
def _choices(language: str) -> dict[str, dict[str, str]]:
    """get_<field>_display of the rows' choice fields, by value, in one
    language (each call would look the label up again)."""
    with translation.override(language or None):
        return {
            "notice": {v: str(label) for v, label in BenefitNoticeKind.choices},
            "outcome": {v: str(label) for v, label in JobOfferOutcome.choices},
        }


def _local_date(moment: dt.datetime, language: str) -> str:
    # The date filter shows an aware time in the current time zone.
    return short_date(timezone.localtime(moment).date(), language=language)


def timeline_html(
    events: Iterable[tuple[CaseEvent, str]], *, jobseeker_id: int, language: str
) -> SafeString:
    """The timeline's items: the day, the line, the plan's PDF and who."""
    rows = []
    for event, line in events:
        pdf = (
            ' · <a href="{}" download>PDF</a>'.format(
                text(
                    reverse_fast(
                        "cases:plan_version_pdf", jobseeker_id, event.target_id
                    )
                )
            )
            if event.target_type == "cases.PlanVersion" and event.target_id
            else ""
        )
        actor = (
            f' <span class="note">– {text(event.actor.get_full_name())}</span>'
            if event.actor
            else ""
        )
        rows.append(
            f'<li><time datetime="{event.occurred_on.isoformat()}">'
            f"{text(short_date(event.occurred_on, language=language))}</time> "
            f"{text(line)}{pdf}{actor}</li>"
        )
    return _rows(rows)


def notes_html(
    notices: Iterable[BenefitNotice], notes: Iterable[Note], *, language: str
) -> SafeString:
    """The information sent for benefit decisions, then the notes."""
    labels = _labels(language)
    kinds = _choices(language)["notice"]
    health = f' <span class="badge">{text(labels["health"])}</span>'
    rows = [
        f"<li>{text(short_date(notice.sent_on, language=language))} – "
        f"{text(kinds.get(notice.kind, notice.kind))} → "
        f"{text(notice.recipient.display_name)}: {text(notice.description)}</li>"
        for notice in notices
    ]
    html = _rows(rows, "{}")
    notes_rows = [
        f"<li>{text(_local_date(note.created_at, language))} – "
        f"{text(note.recorded_by.get_full_name() if note.recorded_by else '')}: "
        f"{lines(note.text)}"
        f"{health if note.is_health_related else ''}</li>"
        for note in notes
    ]
    return mark_safe(html + "\n  " + _rows(notes_rows, "{}"))  # noqa: S308 - escaped rows


def services_html(
    services: Iterable[tuple[ServicePeriod, str]], *, can_edit: bool, language: str
) -> SafeString:
    """The services' rows: period, state, whether it counts as active."""
    labels = _labels(language)
    rows = []
    for service, state in services:
        if service.ended_on:
            end = short_date(service.ended_on, language=language)
        elif service.planned_end_on:
            end = f"({short_date(service.planned_end_on, language=language)})"
        else:
            end = ""
        started = short_date(service.started_on, language=language)
        if state == "starting":
            status = labels["starting"] % {"date": started}
        elif state == "ongoing":
            status = labels["ongoing"]
        else:
            status = labels["ended"]
        reason = (
            f'<br><span class="note">{text(service.end_reason)}</span>'
            if service.end_reason
            else ""
        )
        counts = service.service_type.counts_as_active
        if state == "ongoing" and counts:
            active = labels["yes"]
        elif state == "starting" and counts:
            active = labels["not_yet"]
        else:
            active = labels["no"]
        action = (
            '<a href="{}">{}</a>'.format(
                text(reverse_fast("cases:service_end", service.pk)),
                text(labels["end"]),
            )
            if can_edit and not service.ended_on
            else ""
        )
        rows.append(
            f"<tr><td>{text(service.service_type)}</td>"
            f"<td>{text(service.provider or '—')}</td>\n"
            f"        <td>{text(started)}–{text(end)}</td>\n"
            f"        <td>{text(status)}{reason}</td>\n"
            f"        <td>{text(active)}</td>\n"
            f"        <td>{action}</td></tr>"
        )
    return _rows(rows, "\n      {}\n    ")


def job_offers_html(
    offers: Iterable[JobOffer], *, can_edit: bool, language: str
) -> SafeString:
    """The job offers' rows: when, what, the outcome."""
    labels = _labels(language)
    outcomes = _choices(language)["outcome"]
    rows = []
    for offer in offers:
        outcome_on = (
            f" ({short_date(offer.outcome_on, language=language)})"
            if offer.outcome_on
            else ""
        )
        action = (
            '<a href="{}">{}</a>'.format(
                text(reverse_fast("cases:job_offer_outcome", offer.pk)),
                text(labels["record_outcome"]),
            )
            if can_edit
            else ""
        )
        rows.append(
            f"<tr><td>{text(short_date(offer.offered_on, language=language))}</td>"
            f"<td>{text(offer.job_title)} – {text(offer.employer)}</td>"
            f"<td>{text(outcomes.get(offer.outcome, offer.outcome))}"
            f"{text(outcome_on)}</td>\n"
            f"        <td>{action}</td></tr>"
        )
    return _rows(rows, "\n      {}\n    ")


def earlier_versions_html(
    versions: Iterable[PlanVersion], *, jobseeker_id: int, language: str
) -> SafeString:
    """A plan's earlier versions, each with its PDF."""
    label = _labels(language)["version"]
    return _rows(
        (
            '<li>{} · <a href="{}" download>PDF</a></li>'.format(
                text(
                    label
                    % {
                        "n": version.number,
                        "date": short_date(version.agreed_on, language=language),
                    }
                ),
                text(reverse_fast("cases:plan_version_pdf", jobseeker_id, version.pk)),
            )
            for version in versions
        ),
        "\n      {}\n      ",
    )
