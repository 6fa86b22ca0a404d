"""Third-party apps under names an administrator reads in their own language.

INSTALLED_APPS names these configurations instead of the apps' own: the
apps are unchanged, but the Django admin (and its permission lists) show
them as e.g. "Kirjautumisten valvonta" rather than "Axes" or "Otp_Totp".
The admin's configuration also translates the alternative text of its
yes/no icons, which Django leaves as "True" and "False".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from axes.apps import AppConfig as AxesAppConfig
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.templatetags import admin_list
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPAppConfig
from guardian.apps import GuardianConfig

if TYPE_CHECKING:
    from django.utils.safestring import SafeString


class SignInMonitoringConfig(AxesAppConfig):
    verbose_name = _("Sign-in monitoring")


class TwoFactorConfig(TOTPAppConfig):
    verbose_name = _("Two-factor authentication")


class ObjectPermissionsConfig(GuardianConfig):
    verbose_name = _("Object permissions")


BOOLEAN_ICONS = {True: ("yes", _("Yes")), False: ("no", _("No"))}


def boolean_icon(value: bool | None) -> SafeString:  # noqa: FBT001 - Django calls it so
    """Django's yes/no/unknown icon with its text in the reader's language.

    Django's own (django.contrib.admin.templatetags.admin_list._boolean_icon)
    writes the Python value as the alternative text: a screen reader reads
    "True" in a Finnish admin. Every caller imports it from that module at
    call time, so replacing the module's attribute replaces it everywhere
    (tests/test_admin_language.py breaks if Django changes that)."""
    name, text = BOOLEAN_ICONS.get(value, ("unknown", _("Unknown")))  # type: ignore[arg-type]
    return format_html(
        '<img src="{}" alt="{}">', static(f"admin/img/icon-{name}.svg"), text
    )


class PolkuAdminConfig(AdminConfig):
    def ready(self) -> None:
        super().ready()
        admin_list._boolean_icon = boolean_icon  # type: ignore[attr-defined]
