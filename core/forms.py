"""Form behaviour shared by every Polku form."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms

if TYPE_CHECKING:
    from django.core.exceptions import ValidationError


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
