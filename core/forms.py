"""Form behaviour shared by every Polku form."""

from __future__ import annotations

from django import forms


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
