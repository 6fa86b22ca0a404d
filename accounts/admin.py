from __future__ import annotations

from typing import TYPE_CHECKING, Any

from axes.models import (
    AccessAttempt,
    AccessFailureLog,
)
from axes.models import AccessLog as SignInLog
from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, SetUnusablePasswordMixin
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from organisations.admin import MembershipInline

from .models import TwoFactorDevice, User

if TYPE_CHECKING:
    import datetime as dt

    from django.db.models import ManyToManyField
    from django.forms import ModelMultipleChoiceField
    from django.http import HttpRequest
    from django_stubs_ext import StrOrPromise

# --- Permissions in the reader's language ---------------------------------------
# Django stores a permission's name in English when the model is migrated
# ("Can add break-the-glass access"); the admin lists them by that name. The
# default four are named again from the model's translated name.

DEFAULT_PERMISSIONS: dict[str, StrOrPromise] = {
    "add": _("Can add %(model)s"),
    "change": _("Can change %(model)s"),
    "delete": _("Can delete %(model)s"),
    "view": _("Can view %(model)s"),
}
# Models of third-party apps whose own names are untranslatable English.
MODEL_NAMES: dict[tuple[str, str], StrOrPromise] = {
    ("otp_totp", "totpdevice"): _("two-factor device"),
    ("guardian", "userobjectpermission"): _("user's object permission"),
    ("guardian", "groupobjectpermission"): _("group's object permission"),
}


def permission_label(permission: Permission) -> str:
    """ "Asiakkuudet | poikkeuksellinen pääsy | Voi lisätä poikkeuksellinen pääsy"."""
    content_type = permission.content_type
    model = content_type.model_class()
    model_name = MODEL_NAMES.get((content_type.app_label, content_type.model)) or (
        model._meta.verbose_name if model else content_type.model
    )
    app_name = apps.get_app_config(content_type.app_label).verbose_name
    action, _sep, rest = permission.codename.partition("_")
    name: StrOrPromise = permission.name
    if action in DEFAULT_PERMISSIONS and rest == content_type.model:
        name = DEFAULT_PERMISSIONS[action] % {"model": model_name}
    return f"{app_name} | {model_name} | {name}"


class PermissionLabels:
    """Permission choices labelled by permission_label."""

    def formfield_for_manytomany(
        self, db_field: ManyToManyField[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelMultipleChoiceField[Any] | None:
        field: ModelMultipleChoiceField[Any] | None = super().formfield_for_manytomany(  # type: ignore[misc]
            db_field, request, **kwargs
        )
        if field is not None and db_field.name in ("permissions", "user_permissions"):
            field.label_from_instance = permission_label  # type: ignore[assignment]
        return field


class PasswordChangeForm(AdminPasswordChangeForm):  # type: ignore[type-arg]
    """Django's form, with its warning in the reader's language: Django 5.2
    appends it to the translated help text as an untranslated string."""

    # Lazy, so that it is translated when the form is shown.
    usable_password_help_text = format_lazy(  # type: ignore[assignment]
        '{}<ul id="id_unusable_warning" class="messagelist"><li class="warning">'
        "{}</li></ul>",
        SetUnusablePasswordMixin.usable_password_help_text,
        _("If disabled, the current password for this user will be lost."),
    )


@admin.register(User)
class UserAdmin(PermissionLabels, DjangoUserAdmin[User]):
    change_password_form = PasswordChangeForm
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Polku"), {"fields": ("title", "preferred_language")}),
    )
    inlines = [MembershipInline]
    list_display = (
        "username",
        "first_name",
        "last_name",
        "email",
        "is_staff",
        "is_active",
    )


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(PermissionLabels, DjangoGroupAdmin):
    pass


# --- Sign-in records (django-axes) ------------------------------------------------
# axes' own admin (AXES_ENABLE_ADMIN = False) names each row in English
# ("Access Log for ... @ ..."). Here the records are lists only: every column
# is on the list, and nothing links to a page titled by that English name.

# axes records "<unknown>" when a sign-in has no request (a test client's).
UNKNOWN = "<unknown>"


def _known(value: str | None) -> str:
    return "–" if not value or value == UNKNOWN else value


class SignInRecordAdmin(admin.ModelAdmin[Any]):
    list_display_links = None
    actions = None
    date_hierarchy = "attempt_time"
    search_fields = ("username", "ip_address")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("Path"))
    def path(self, record: Any) -> str:
        return _known(record.path_info)

    @admin.display(description=_("User Agent"))
    def browser(self, record: Any) -> str:
        return _known(record.user_agent)


@admin.register(AccessAttempt)
class AccessAttemptAdmin(SignInRecordAdmin):
    list_display = (
        "attempt_time",
        "username",
        "ip_address",
        "path",
        "failures_since_start",
        "browser",
    )


@admin.register(AccessFailureLog)
class AccessFailureAdmin(SignInRecordAdmin):
    list_display = (
        "attempt_time",
        "username",
        "ip_address",
        "path",
        "locked_out",
        "browser",
    )
    list_filter = ("locked_out",)


@admin.register(SignInLog)
class SignInLogAdmin(SignInRecordAdmin):
    list_display = (
        "attempt_time",
        "logout_time",
        "username",
        "ip_address",
        "path",
        "browser",
    )


# --- Two-factor devices (django-otp) ----------------------------------------------
# django-otp's own admin labels its fields in English without translations.
# Devices are created on the user's own two-factor page (accounts:two_factor);
# here an administrator renames or disables one and sees when it was used.

admin.site.unregister(TOTPDevice)


def _moment(value: dt.datetime | None) -> str:
    # A read-only method's value is shown as str(): "None", or UTC in ISO form.
    if value is None:
        return "–"
    return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


class TwoFactorDeviceForm(forms.ModelForm[TwoFactorDevice]):
    class Meta:
        model = TwoFactorDevice
        fields = ("name", "confirmed")
        labels = {"name": _("Name"), "confirmed": _("In use")}
        help_texts = {
            "name": _("The name the person knows the device by."),
            "confirmed": _("Clear to stop the device from being accepted at sign-in."),
        }


@admin.register(TwoFactorDevice)
class TwoFactorDeviceAdmin(admin.ModelAdmin[TwoFactorDevice]):
    form = TwoFactorDeviceForm
    list_display = ("person", "name", "created", "last_used", "in_use")
    list_select_related = ("user",)
    search_fields = ("user__username", "user__last_name", "name")
    fields = ("person", "name", "confirmed", "created", "last_used", "failures")
    readonly_fields = ("person", "created", "last_used", "failures")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description=_("user"))
    def person(self, device: TwoFactorDevice) -> str:
        return str(device.user)

    @admin.display(description=_("created"), ordering="created_at")
    def created(self, device: TwoFactorDevice) -> str:
        return _moment(device.created_at)

    @admin.display(description=_("last used"), ordering="last_used_at")
    def last_used(self, device: TwoFactorDevice) -> str:
        return _moment(device.last_used_at)

    @admin.display(description=_("In use"), boolean=True, ordering="confirmed")
    def in_use(self, device: TwoFactorDevice) -> bool:
        return bool(device.confirmed)

    @admin.display(description=_("failed codes in a row"))
    def failures(self, device: TwoFactorDevice) -> int:
        return int(device.throttling_failure_count)
