"""Sign-in and the language choice, remembered on the user."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language

from accounts.requests import signed_in_user
from core.decorators import allowed_if

from . import tokens, twofactor
from .forms import ApiTokenForm, LoginForm, TwoFactorForm
from .models import ApiToken, User
from .services import user_set_language

if TYPE_CHECKING:
    from django.contrib.auth.forms import AuthenticationForm
    from django.http import HttpRequest, HttpResponse, HttpResponseBase


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        # A language picked on the sign-in page wins; otherwise the user's own.
        if settings.LANGUAGE_COOKIE_NAME not in self.request.COOKIES:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                form.get_user().preferred_language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]
            )
        return response


class LogoutView(auth_views.LogoutView):
    pass


@require_POST
def set_language(request: HttpRequest) -> HttpResponseBase:
    """Django's set_language, also saved as the signed-in user's preference."""
    language = request.POST.get("language", "")
    if request.user.is_authenticated and check_for_language(language):
        user_set_language(user=request.user, language=language)
    return django_set_language(request)


@login_required
@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    """Set up (first time) or verify the TOTP code of the signed-in user."""
    user = request.user
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}
    ):
        next_url = ""
    device = twofactor.confirmed_device(user)  # type: ignore[arg-type]
    setup = None if device else twofactor.device_for_setup(user)  # type: ignore[arg-type]
    form = TwoFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if twofactor.verify(request, form.cleaned_data["token"]):
            messages.success(request, _("Two-factor authentication verified."))
            return HttpResponseRedirect(next_url or reverse("core:home"))
        form.add_error(
            "token", _("The code is wrong or expired. Try the current code.")
        )
    return render(
        request,
        "accounts/two_factor.html",
        {
            "form": form,
            "next": next_url,
            "setup": setup,
            "qr_code": twofactor.qr_code_data_uri(setup) if setup else "",
            "secret": twofactor.secret_base32(setup) if setup else "",
            "required": twofactor.is_administrator(user),  # type: ignore[arg-type]
        },
    )


# --- API tokens (administrators) ---------------------------------------------


def _is_administrator(user: User) -> bool:
    from organisations.models import MembershipRole
    from organisations.selectors import user_roles

    return MembershipRole.ADMINISTRATOR in user_roles(user=user)


administrator_required = allowed_if(_is_administrator)


@administrator_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    """Integrations' tokens: create one (its key is shown once) or revoke."""
    form = ApiTokenForm(request.POST or None)
    key = None
    if request.method == "POST" and form.is_valid():
        token, key = tokens.api_token_create(
            actor=signed_in_user(request), **form.cleaned_data
        )
        messages.success(
            request, _("The token %(name)s was created.") % {"name": token.name}
        )
        form = ApiTokenForm()
    return render(
        request,
        "accounts/api_tokens.html",
        {
            "form": form,
            "key": key,
            "tokens": ApiToken.objects.select_related("organisation").annotate(
                use_count=Count("uses")
            ),
        },
        status=400 if form.errors else 200,
    )


@administrator_required
@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    tokens.api_token_revoke(token=get_object_or_404(ApiToken, pk=pk))
    messages.success(request, _("The token was revoked."))
    return HttpResponseRedirect(reverse("accounts:api_tokens"))
