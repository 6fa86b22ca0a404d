"""Form behaviour shared by every Polku form."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms

if TYPE_CHECKING:
    from django.core.exceptions import ValidationError


class AccessibleErrorsMixin(forms.BaseForm):
    """Tie each field's error list to its input (WCAG 2.1 3.3.1, 1.3.1).

    After validation a field with errors gets aria-invalid="true" and an
    aria-describedby pointing at the `<id>_errors` list rendered by
    templates/components/field.html.
    """

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            bound = self[name]
            attrs = self.fields[name].widget.attrs
            described = [v for v in attrs.get("aria-describedby", "").split() if v]
            error_id = f"{bound.auto_id}_errors"
            if error_id not in described:
                described.append(error_id)
            attrs["aria-describedby"] = " ".join(described)
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
