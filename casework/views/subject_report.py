"""The jobseeker's right to know who has viewed or changed their data: the
report reads the access log (audit) about a person found in cases."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from accounts.requests import signed_in_user
from audit.models import AccessAction
from audit.selectors import subject_access_history
from audit.services import log_request_read
from cases.models import Jobseeker
from casework import permissions
from casework.forms import SubjectReportForm
from core.decorators import allowed_if
from core.formats import download_name
from core.pdf import render_pdf
from organisations.selectors import organisation_ids_covered

report_role_required = allowed_if(permissions.can_make_subject_reports)


@report_role_required
@sensitive_post_parameters("identity_code")
@require_http_methods(["GET", "POST"])
def subject_report(request: HttpRequest) -> HttpResponse:
    """Produce the "who has viewed or changed my data" PDF for one jobseeker
    (Act 906/2019 17 §; Act 703/2023 11 § where social-welfare data is involved)."""
    form = SubjectReportForm(request.POST or None, language=get_language())
    if request.method == "POST" and form.is_valid():
        covered = organisation_ids_covered(
            user=signed_in_user(request), roles=permissions.REPORT_ROLES
        )
        jobseeker = (
            Jobseeker.objects.with_identity_code(form.cleaned_data["identity_code"])
            .filter(organisation_id__in=covered)
            .select_related("organisation", "home_municipality")
            .first()
        )
        if jobseeker is None:
            form.add_error(
                "identity_code",
                _("No jobseeker with this identity code in your organisations."),
            )
        else:
            log_request_read(
                request,
                AccessAction.REPORT,
                [jobseeker],
                purpose="subject_access_request",
            )
            language = form.cleaned_data["language"]

            def context() -> dict[str, Any]:
                # Inside the report's language: the change rows carry field
                # and model names translated when they are read.
                reads, changes = subject_access_history(jobseeker_id=jobseeker.pk)
                return {
                    "jobseeker": jobseeker,
                    "reads": reads,
                    "changes": changes,
                    "generated_at": timezone.now(),
                }

            pdf = render_pdf(
                "audit/pdf/subject_report.html", context, language=language
            )
            name = download_name(
                pgettext_lazy("file name", "data access report"),
                jobseeker.pk,
                extension="pdf",
                language=language,
            )
            response = HttpResponse(pdf, content_type="application/pdf")
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
    return render(request, "audit/subject_report_form.html", {"form": form})
