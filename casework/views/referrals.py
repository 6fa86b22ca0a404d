"""Sharing a case with a partner under an agreement, and ending it."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.requests import signed_in_user
from cases.views import caseworker_required, editable_case, record_form_page
from casework.forms import ReferralEndForm, ReferralForm
from organisations.models import Organisation
from organisations.selectors import PERSONAL_DATA_ROLES, organisation_ids_covered
from partners.models import PartnershipAgreement, Referral
from partners.services import referrals as referral_services

# --- Sharing with partners --------------------------------------------------


@caseworker_required
@require_http_methods(["GET", "POST"])
def referral_create(request: HttpRequest, case_id: int) -> HttpResponse:
    case = editable_case(request, case_id)
    today = timezone.localdate()
    agreements = PartnershipAgreement.objects.in_force(on=today).filter(
        parties__organisation_id=case.organisation_id
    )
    partners = (
        Organisation.objects.filter(agreement_parties__agreement__in=agreements)
        .exclude(pk=case.organisation_id)
        .distinct()
        .order_by("name")
    )
    form = ReferralForm(
        request.POST or None, agreements=agreements.distinct(), partners=partners
    )
    return record_form_page(
        request,
        form=form,
        case=case,
        jobseeker=case.jobseeker,
        title=_("Share the case with a partner"),
        save=lambda: referral_services.referral_create(
            case=case, actor=signed_in_user(request), **form.cleaned_data
        ),
        success=_("The case was shared with the partner within the consent."),
    )


@caseworker_required
@require_http_methods(["GET", "POST"])
def referral_end(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    covered = organisation_ids_covered(user=user, roles=PERSONAL_DATA_ROLES)
    try:
        referral = Referral.objects.select_related("case", "partner").get(
            pk=pk, organisation_id__in=covered
        )
    except Referral.DoesNotExist as exc:
        raise Http404 from exc
    case = editable_case(request, referral.case_id)
    form = ReferralEndForm(request.POST or None, initial={"action": "end"})

    def save() -> None:
        data = form.cleaned_data
        if data["action"] == "withdraw":
            referral_services.referral_consent_withdraw(
                referral=referral, on=data["on"], actor=user
            )
        else:
            referral_services.referral_end(referral=referral, on=data["on"], actor=user)

    return record_form_page(
        request,
        form=form,
        case=case,
        jobseeker=case.jobseeker,
        title=_("End sharing with %(partner)s") % {"partner": referral.partner},
        save=save,
        success=_("The partner's access ended."),
    )
