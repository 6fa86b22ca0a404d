"""casework.views.markup writes a value as an autoescaped template does."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from casework.views.markup import display, lines, text

VALUES: list[Any] = [
    "Työ & <koulutus> \"'",
    mark_safe("<b>valmis</b>"),
    gettext_lazy("Worklist"),
    12345,
    Decimal("45.50"),
    True,
    None,
    dt.date(2026, 12, 7),
    dt.datetime(2026, 12, 7, 22, 30, tzinfo=dt.UTC),
]


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
@pytest.mark.parametrize("value", VALUES)
def test_a_value_reads_as_the_template_writes_it(language: str, value: Any) -> None:
    with translation.override(language):
        expected = Template("{{ value }}").render(Context({"value": value}))
        assert text(value) == expected


@pytest.mark.parametrize(
    "value",
    ["one\r\ntwo\rthree\nfour <&>", mark_safe("a<br>b\nc"), ""],
)
def test_line_breaks_read_as_linebreaksbr_writes_them(value: str) -> None:
    expected = Template("{{ value|linebreaksbr }}").render(Context({"value": value}))
    assert lines(value) == expected


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_display_is_get_display_for_every_choice_and_a_value_outside_them(
    language: str,
) -> None:
    from cases.models import Case, Jobseeker, ServiceNeedsAssessment

    for model, name in (
        (Jobseeker, "benefit_type"),
        (Jobseeker, "mother_tongue"),
        (Case, "status"),
        (Case, "exit_reason"),
        (ServiceNeedsAssessment, "work_ability"),
    ):
        field: Any = model._meta.get_field(name)
        values = [v for v, _label in field.flatchoices]
        for value in [*values, "not-a-choice", ""]:
            instance = model(**{name: value})
            with translation.override(language):
                expected = getattr(instance, f"get_{name}_display")()
                assert display(instance, name, language) == expected, (name, value)
