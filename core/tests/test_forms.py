from __future__ import annotations

import pytest
from django import forms
from django.test import SimpleTestCase
from django.utils.choices import normalize_choices

from core.forms import NormalChoices, QuickSelect

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


def test_normal_choices_are_kept_as_they_are_and_validate_as_a_list() -> None:
    # given
    normal = NormalChoices(CHOICES)
    plain = forms.ChoiceField(choices=CHOICES, widget=QuickSelect)
    kept = forms.ChoiceField(choices=normal, widget=QuickSelect)

    # then: Django passes them by (this breaks if a Django upgrade walks them)
    assert normalize_choices(normal) is normal
    assert kept.choices is normal
    assert kept.widget.render("x", "4") == plain.widget.render("x", "4")
    for value in ("1", "4"):
        assert kept.clean(value) == plain.clean(value)
    for field in (kept, plain):
        with pytest.raises(forms.ValidationError):
            field.clean("5")
