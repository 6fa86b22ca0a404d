from __future__ import annotations

from django.contrib.auth.forms import AuthenticationForm

from core.forms import AccessibleErrorsMixin


class LoginForm(AccessibleErrorsMixin, AuthenticationForm):
    pass
