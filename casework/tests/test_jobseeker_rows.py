"""The jobseeker page's rows written in Python (casework.views.jobseeker_rows)
read exactly as the template loops they replace did, in Finnish and Swedish."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from casework.tests.records import every_page_record, page_contexts
from casework.views.jobseeker import _timeline_line, _timeline_lines

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import User
    from tests.personas import Register

pytestmark = pytest.mark.django_db

# The loops of cases/jobseeker_detail.html before the rows moved to Python.
_OLD = {
    "timeline": """{% for event, text in events %}
    <li><time datetime="{{ event.occurred_on|date:'Y-m-d' }}">{{ event.occurred_on|date:"SHORT_DATE_FORMAT" }}</time> {{ text }}{% if event.target_type == "cases.PlanVersion" %} · <a href="{% url 'cases:plan_version_pdf' jobseeker.pk event.target_id %}" download>PDF</a>{% endif %}{% if event.actor %} <span class="note">– {{ event.actor.get_full_name }}</span>{% endif %}</li>
  {% endfor %}""",  # noqa: E501 - the old template as it was
    "notes": """{% load i18n %}{% for notice in o.notices %}<li>{{ notice.sent_on|date:"SHORT_DATE_FORMAT" }} – {{ notice.get_kind_display }} → {{ notice.recipient.display_name }}: {{ notice.description }}</li>{% endfor %}
  {% for note in o.notes %}<li>{{ note.created_at|date:"SHORT_DATE_FORMAT" }} – {{ note.recorded_by.get_full_name }}: {{ note.text|linebreaksbr }}{% if note.is_health_related %} <span class="badge">{% translate "health" %}</span>{% endif %}</li>{% endfor %}""",  # noqa: E501 - the old template as it was
    "services": """{% load i18n %}{% for service, state in services %}
      <tr><td>{{ service.service_type }}</td><td>{{ service.provider|default:"—" }}</td>
        <td>{{ service.started_on|date:"SHORT_DATE_FORMAT" }}–{% if service.ended_on %}{{ service.ended_on|date:"SHORT_DATE_FORMAT" }}{% elif service.planned_end_on %}({{ service.planned_end_on|date:"SHORT_DATE_FORMAT" }}){% endif %}</td>
        <td>{% if state == "starting" %}{% blocktranslate with date=service.started_on|date:"SHORT_DATE_FORMAT" %}Starting on {{ date }}{% endblocktranslate %}{% elif state == "ongoing" %}{% translate "Ongoing" %}{% else %}{% translate "Ended" %}{% endif %}{% if service.end_reason %}<br><span class="note">{{ service.end_reason }}</span>{% endif %}</td>
        <td>{% if state == "ongoing" and service.service_type.counts_as_active %}{% translate "yes" %}{% elif state == "starting" and service.service_type.counts_as_active %}{% translate "not yet" %}{% else %}{% translate "no" %}{% endif %}</td>
        <td>{% if can_edit and not service.ended_on %}<a href="{% url 'cases:service_end' service.pk %}">{% translate "End" %}</a>{% endif %}</td></tr>
    {% endfor %}""",  # noqa: E501 - the old template as it was
    "offers": """{% load i18n %}{% for offer in o.job_offers %}
      <tr><td>{{ offer.offered_on|date:"SHORT_DATE_FORMAT" }}</td><td>{{ offer.job_title }} – {{ offer.employer }}</td><td>{{ offer.get_outcome_display }}{% if offer.outcome_on %} ({{ offer.outcome_on|date:"SHORT_DATE_FORMAT" }}){% endif %}</td>
        <td>{% if can_edit %}<a href="{% url 'cases:job_offer_outcome' offer.pk %}">{% translate "Record the outcome" %}</a>{% endif %}</td></tr>
    {% endfor %}""",  # noqa: E501 - the old template as it was
    "versions": """{% load i18n %}{% for plan in o.plans %}{% for version in plan.versions %}{% if not forloop.first %}
      <li>{% blocktranslate with n=version.number date=version.agreed_on|date:"SHORT_DATE_FORMAT" %}Version {{ n }}, agreed {{ date }}{% endblocktranslate %} · <a href="{% url 'cases:plan_version_pdf' jobseeker.pk version.pk %}" download>PDF</a></li>
      {% endif %}{% endfor %}{% endfor %}""",  # noqa: E501 - the old template as it was
}


def _squeezed(html: str) -> str:
    """Whitespace between tags does not show; the rest must be the same."""
    html = re.sub(r"\s+", " ", html)
    return re.sub(r"\s*(<[^>]*>)\s*", r"\1", html)


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_rows_read_as_the_template_loops_did(
    client: Client, caseworker: User, register: Register, language: str
) -> None:
    # given
    case = register(timezone.localdate() - dt.timedelta(days=40))
    every_page_record(case, caseworker)
    client.force_login(caseworker)

    # when
    with page_contexts() as contexts:
        response = client.get(
            reverse("cases:jobseeker", args=[case.jobseeker_id]),
            HTTP_ACCEPT_LANGUAGE=language,
        )

    # then
    page = _squeezed(response.content.decode())
    (page_context,) = contexts
    overview = page_context["o"]
    today = timezone.localdate()
    context = {
        "o": overview,
        "jobseeker": overview.jobseeker,
        "can_edit": page_context["can_edit"],
        "events": [(e, _timeline_line(e)) for e in overview.events],
        "services": [(s, s.state_on(today)) for s in overview.services],
    }
    with translation.override(language):
        for name, loop in _OLD.items():
            old = _squeezed(Template(loop).render(Context(context)))
            assert old.strip(), name
            assert old in page, name


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_timeline_lines_written_once_a_kind_are_each_events_own(
    caseworker: User, register: Register, language: str
) -> None:
    # given: every record's events, and events of each kind without details
    from cases.models import CaseEvent

    case = register(timezone.localdate() - dt.timedelta(days=40))
    every_page_record(case, caseworker)
    recorded = list(CaseEvent.objects.filter(case=case))
    bare = [
        CaseEvent(kind=kind, occurred_on=timezone.localdate(), details={})
        for kind in {e.kind for e in recorded} | {"meeting_held", "service_started"}
    ]
    events = recorded + bare + bare

    # when
    with translation.override(language):
        lines = _timeline_lines(events)
        expected = [(event, _timeline_line(event)) for event in events]

    # then
    assert lines == expected
