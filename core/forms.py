"""Form behaviour shared by every Polku form."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from django import forms
from django.forms.utils import flatatt
from django.http import QueryDict
from django.utils import timezone
from django.utils.choices import BaseChoiceIterator
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from django.core.exceptions import ValidationError
    from django.db.models import QuerySet


class AccessibleErrorsMixin(forms.BaseForm):
    """Tie each field's error list to its input (WCAG 2.1 3.3.1, 1.3.1).

    After validation a field with errors gets aria-invalid="true" and an
    aria-describedby pointing at the `<id>_errors` list rendered by
    templates/components/field.html (and at its help text, if any). Errors
    that a view adds later from a service (apply_validation_error) get the
    same: Django's own default would name an `<id>_error` that Polku's
    template does not render.
    """

    def full_clean(self) -> None:
        super().full_clean()
        self._tie_errors()

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)
        self._tie_errors()

    def _tie_errors(self) -> None:
        for name in self.errors:
            if name not in self.fields:
                continue
            bound = self[name]
            attrs = self.fields[name].widget.attrs
            described = [v for v in attrs.get("aria-describedby", "").split() if v]
            # Django names the help text only while the widget has no
            # description of its own: keep it once the errors are added.
            if self.fields[name].help_text:
                described.append(f"{bound.auto_id}_helptext")
            described.append(f"{bound.auto_id}_errors")
            attrs["aria-describedby"] = " ".join(dict.fromkeys(described))
            attrs["aria-invalid"] = "true"


def apply_validation_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: next to its field where
    the form has that field, otherwise at the top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for item in errors:
                form.add_error(target, item)
    else:
        for message in error.messages:
            form.add_error(None, message)


def limit_choices(form: forms.BaseForm, name: str, queryset: QuerySet[Any]) -> None:
    """Offer only `queryset` (e.g. the organisations the user acts for) in a
    model choice field, with a lone option already chosen."""
    field = form.fields[name]
    field.queryset = queryset  # type: ignore[attr-defined]
    preselect_lone_choice(form, name)


def preselect_lone_choice(form: forms.BaseForm, name: str) -> None:
    """A required choice with one option is already made: the select shows
    that option, not "---------", and a submission without it takes it
    (a board member asked for a report of the only organisation they follow
    was told to choose it first). Costs one query of at most two rows for a
    ModelChoiceField."""
    field = form.fields[name]
    if not field.required:
        return
    if isinstance(field, forms.ModelChoiceField):
        if field.queryset is None:
            return
        options = [obj.pk for obj in field.queryset[:2]]
        if len(options) != 1:
            return
        field.empty_label = None
        lone: Any = options[0]
    elif isinstance(field, forms.ChoiceField):
        choices = list(field.widget.choices)
        values = [value for value, _label in choices if value not in ("", None)]
        if len(values) != 1:
            return
        field.choices = [(v, label) for v, label in choices if v == values[0]]
        lone = values[0]
    else:
        return
    form.initial[name] = lone
    key = form.add_prefix(name)
    if form.is_bound and not form.data.get(key):
        if isinstance(form.data, QueryDict):
            data = form.data.copy()  # mutable, every value of every key kept
            data[key] = str(lone)
            form.data = data
        else:
            form.data = {**form.data, key: str(lone)}


class NormalChoices(BaseChoiceIterator):
    """Choices already in Django's normal form, (value, label) pairs and
    (group label, [(value, label), ...]) groups, kept as they are by a
    ChoiceField: a plain list goes option by option through Django's
    normalize_choices, some 5 % of the dashboard's CPU for its 340 peer
    choices (core/tests/test_forms.py checks Django still passes it by)."""

    def __init__(self, choices: Sequence[tuple[Any, Any]]) -> None:
        self.choices = choices

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        return iter(self.choices)


class QuickSelect(forms.Select):
    """A <select> written in Python, not through one template include per
    option: the worklist's caseworker filter of a large municipality
    (hundreds of names) spent a quarter of the page's time in Django's
    option templates (benchmarks.run, worklist at 100,000 jobseekers). The
    markup is Django's select.html (tests compare them)."""

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        wanted = set(self.format_value(value))
        found = False

        def option(value: Any, label: Any) -> str:
            nonlocal found
            text = "" if value is None else str(value)
            selected = text in wanted and not found
            found = found or selected
            # django.utils.html.escape is html.escape(str(...)) behind a
            # lazy-string wrapper that cost more than the escaping: a
            # caseworker filter has hundreds of options (issue 21).
            return '<option value="{}"{}>{}</option>'.format(
                html.escape(text),
                " selected" if selected else "",
                html.escape(str(label)),
            )

        parts = []
        for value_or_group, label in self.choices:
            if isinstance(label, list | tuple):
                inner = "".join(option(v, text) for v, text in label)
                parts.append(
                    f'<optgroup label="{escape(value_or_group)}">{inner}</optgroup>'
                )
            else:
                parts.append(option(value_or_group, label))
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            mark_safe("".join(parts)),  # noqa: S308 - every part escaped above
        )


class DateInput(forms.DateInput):
    """A native date picker; the server also accepts 9.5.2025 typed by hand."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def date_field(
    label: Any, *, required: bool = True, initial_today: bool = False
) -> forms.DateField:
    """A date typed as the picker gives it or as Finns write it (9.5.2025)."""
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        input_formats=["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"],
        initial=timezone.localdate if initial_today else None,
    )


class PolkuForm(AccessibleErrorsMixin, forms.Form):
    """The base of Polku's plain forms: errors tied to their inputs."""
