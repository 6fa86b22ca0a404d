from __future__ import annotations

import pytest
from django import forms
from django.test import SimpleTestCase

from core.forms import QuickSelect

CHOICES = [
    ("", "Kaikki"),
    ("1", "Aalto & <Berg>"),
    ("2", 'Nimi "lainausmerkein"'),
    ("Ryhmä", [("3", "Kolmas"), ("4", "Neljäs")]),
]


@pytest.mark.parametrize("value", [None, "", "2", "4"])
@pytest.mark.parametrize(
    "attrs", [{}, {"id": "id_x", "required": True, "aria-describedby": "x_help"}]
)
def test_quick_select_writes_the_same_markup_as_django(
    value: str | None, attrs: dict[str, object]
) -> None:
    expected = forms.Select(choices=CHOICES).render("x", value, attrs=dict(attrs))
    actual = QuickSelect(choices=CHOICES).render("x", value, attrs=dict(attrs))
    SimpleTestCase().assertHTMLEqual(actual, expected)
    assert "&lt;Berg&gt;" in actual
    assert "<Berg>" not in actual
