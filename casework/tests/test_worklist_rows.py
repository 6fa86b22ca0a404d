"""The worklist's lines are the markup format_html wrote, and its filter
fields the markup of the template loop they replace, every value escaped,
in Finnish and Swedish (casework.views.worklist._rows_html, _fields_html)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.http import QueryDict
from django.template import Context, Template
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from cases.forms import WorklistFilterForm
from cases.selectors import WorklistStep
from casework.views import worklist
from casework.views.worklist import WorklistRow, _fields_html, _rows_html


def _format_html_rows(
    rows: list[WorklistRow], *, can_bulk_book: bool, shows_assignee: bool
) -> SafeString:
    """The lines as format_html wrote them (the reference)."""
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


def _step(pk: int) -> WorklistStep:
    day = dt.date(2026, 12, 1)
    return WorklistStep(
        pk, 1, 2, 3, None, "initial_interview", 1, "open", day, day, "", "", None,
        "", [], [1, 0], {},
    )  # fmt: skip


def _rows() -> list[WorklistRow]:
    rows = []
    states = [
        # (booked, invited, failed, bulk bookable)
        (False, False, False, True),
        (False, False, False, False),
        (True, False, False, False),
        (True, True, False, False),
        (True, False, True, False),
    ]
    for n, ((booked, invited, failed, bulk), overdue) in enumerate(
        itertools.product(states, (True, False))
    ):
        rows.append(
            WorklistRow(
                step=_step(900 + n),
                due_on=f"{n}.12.2026",
                is_overdue=overdue,
                is_today=not overdue and n % 4 == 1,
                jobseeker_url=f"/cases/jobseekers/{n}/?a=1&b=2",
                jobseeker_name=f'O\'Brien <Åberg> & {n}, "Testi"',
                jobseeker_last_name="O'Brien <Åberg>",
                home_municipality="Pedersören kunta & <Pedersöre>",
                headline=mark_safe(f"<em>{n}</em> steps")  # noqa: S308 - a test value
                if n % 3 == 0
                else f"Job search discussion <due> {n}",
                basis='Act 380/2023 § 2 & "basis"',
                assignee="—" if n % 2 else "Virtanen, Ville <cw>",
                kind="Initial interview",
                action_url=f"/cases/steps/{n}/record/?next=/work/&x=<y>",
                group_size=1 + n % 3,
                about=f" – Initial interview, O'Brien <{n}>",
                is_booked=booked,
                is_invited=invited,
                is_message_failed=failed,
                book_url=f"/appointments/book/{n}/",
                is_bulk_bookable=bulk,
            )
        )
    return rows


@pytest.mark.parametrize("language", ["fi", "sv"])
@pytest.mark.parametrize("can_bulk_book", [True, False])
@pytest.mark.parametrize("shows_assignee", [True, False])
def test_the_lines_are_the_markup_format_html_wrote(
    language: str, can_bulk_book: bool, shows_assignee: bool
) -> None:
    # given
    rows = _rows()

    # when
    with translation.override(language):
        written = _rows_html(
            rows, can_bulk_book=can_bulk_book, shows_assignee=shows_assignee
        )
        expected = _format_html_rows(
            rows, can_bulk_book=can_bulk_book, shows_assignee=shows_assignee
        )

    # then
    assert isinstance(written, SafeString)
    assert written == expected
    assert "&lt;Åberg&gt;" in written
    assert "<Åberg>" not in written


# The loop cases/worklist.html had, as it was.
_FIELDS_LOOP = Template(
    """{% for field in form %}
  <div class="field field--inline{% if field.errors %} field--error{% endif %}">
    <label for="{{ field.id_for_label }}">{{ field.label }}</label>
    {% if field.help_text %}<p class="field__help" id="{{ field.auto_id }}_helptext">{{ field.help_text }}</p>{% endif %}
    {% if field.errors %}<ul class="field__errors" id="{{ field.auto_id }}_errors">{% for error in field.errors %}<li>{{ error }}</li>{% endfor %}</ul>{% endif %}
    {{ field }}
  </div>
  {% endfor %}"""  # noqa: E501 - the template's own lines
)


@pytest.mark.parametrize("language", ["fi", "sv"])
@pytest.mark.parametrize(
    ("query", "caseworkers"),
    [
        ("scope=team&bucket=due", [(5, "Virtanen, Ville"), (6, "O'Brien <Åsa>")]),
        ("scope=team&bucket=overdue&caseworker=6&organisation=2", [(6, "Aho, A")]),
        # Not among the choices, an unknown bucket: errors on two fields.
        ("scope=mine&bucket=never&caseworker=7", [(6, "Aho, A")]),
        # Too many to list: a username, with its help text and an error.
        ("scope=organisation&caseworker=nobody<b>", None),
    ],
)
def test_the_filter_fields_are_the_markup_of_the_template_loop(
    language: str, query: str, caseworkers: list[tuple[int, str]] | None
) -> None:
    # given
    with translation.override(language):
        form = WorklistFilterForm(
            QueryDict(query),
            scopes=[("mine", _("Assigned to me")), ("team", "Tiimi & <muut>")],
            organisations=[(1, "Oulu"), (2, "Pedersöre & <Kruunupyy>")],
            caseworkers=caseworkers,
            find_caseworker=lambda _username: None,
        )
        form.is_valid()

        # when
        written = _fields_html(form)
        expected = _FIELDS_LOOP.render(Context({"form": form}))

    # then
    assert written == expected


@pytest.mark.parametrize(
    ("kind", "sequence", "size", "overdue"),
    [
        ("initial_interview", 1, 1, 0),
        ("supplementary_discussion", 3, 5, 2),
        ("job_search_discussion", 2, 3, 0),
    ],
)
def test_a_lines_texts_are_explain_steps_in_each_language_whatever_is_active(
    kind: str, sequence: int, size: int, overdue: int
) -> None:
    # given: a step whose texts are already kept in another language
    from cases import explain
    from core.formats import short_date

    step = _step(1)
    step.kind = kind
    step.sequence = sequence
    step.rule_code = "job_search_discussion/2025-01-01"
    step.counts_from_event = "previous_discussion"
    for language in ("fi", "sv", "en"):
        with translation.override("sv" if language == "fi" else "fi"):
            # when
            texts = worklist._line_texts(
                step, size=size, overdue=overdue, language=language
            )

        # then
        why = explain.explain_step(step, language=language)
        assert texts == (
            short_date(step.due_on, language=language),
            explain.group_headline(
                step,
                size=size,
                overdue=overdue,
                headline=why.headline,
                language=language,
            ),
            why.basis,
            explain.step_kind_label(kind, language=language),
        )
    assert len({worklist._line_texts(step, size=size, overdue=overdue,
                                     language=language)
                for language in ("fi", "sv", "en")}) == 3  # fmt: skip
