"""Caseworker pages of the cases app. Each view parses input, calls one
service or selector and renders; access is decided in cases.permissions (a
forbidden object is a 404). Pages that combine cases with the apps above it
(worklist, search, the jobseeker page) are in casework."""

from .pages import (
    caseworker_required,
    editable_case,
    jobseeker_url,
    record_form_page,
    scoped_record,
    step_action_url,
)

__all__ = [
    "caseworker_required",
    "editable_case",
    "jobseeker_url",
    "record_form_page",
    "scoped_record",
    "step_action_url",
]
