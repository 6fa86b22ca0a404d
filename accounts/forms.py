from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from core.forms import AccessibleErrorsMixin


class LoginForm(AccessibleErrorsMixin, AuthenticationForm):
    pass


class TwoFactorForm(AccessibleErrorsMixin, forms.Form):
    token = forms.CharField(
        label=_("Six-digit code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )
