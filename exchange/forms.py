"""The upload form: it validates shape and hands the file to the services."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import AccessibleErrorsMixin, limit_choices
from organisations.models import Organisation

from .models import ImportBatch

if TYPE_CHECKING:
    from django.db.models import QuerySet


class ImportUploadForm(AccessibleErrorsMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        help_text=_("The jobseekers in the file are clients of this organisation."),
    )
    kind = forms.ChoiceField(
        label=_("The file contains"), choices=ImportBatch.Kind.choices
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV (comma or semicolon separated, e.g. saved from Excel), XLSX or "
            "JSON. The first row names the columns."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".csv,.txt,.xlsx,.json,text/csv,application/json"}
        ),
    )

    def __init__(
        self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "organisation", organisations)
