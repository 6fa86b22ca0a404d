"""Polku's user: a person who signs in. What they may see comes from memberships."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice


class User(AbstractUser):
    class Language(models.TextChoices):
        FINNISH = "fi", _("Finnish")
        SWEDISH = "sv", _("Swedish")
        ENGLISH = "en", _("English")

    preferred_language = models.CharField(
        _("preferred language"),
        max_length=2,
        choices=Language.choices,
        default=Language.FINNISH,
    )
    title = models.CharField(_("job title"), max_length=200, blank=True)
    # Incremented by every write to the user's memberships, teams or
    # second-factor devices (accounts.signals): what the session keeps of
    # their access (core.memo.per_session) is stamped with it, so the next
    # request after such a write computes it afresh. Loaded with the user on
    # every request, so checking it costs no query.
    access_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(preferred_language__in=["fi", "sv", "en"]),
                name="user_preferred_language_valid",
                violation_error_message=_("Unknown language."),
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class ApiToken(models.Model):
    """A key for an integration: it belongs to an organisation and a role.

    Each token acts through its own service user holding one membership, so
    the API scopes a token's requests exactly like a person's (lists by
    organisation in SQL, 404 outside, access logging). Only a hash of the
    key is stored; the key is shown once when the token is created.
    """

    class Role(models.TextChoices):
        # No administrator tokens: administration needs a person with a
        # second factor.
        CASEWORKER = "caseworker", _("Caseworker")
        TEAM_LEAD = "team_lead", _("Team lead")
        COORDINATOR = "coordinator", _("Coordinator")
        BOARD_VIEWER = "board_viewer", _("Board viewer")

    name = models.CharField(_("name"), max_length=200)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="api_tokens",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    user = models.OneToOneField(
        User, on_delete=models.PROTECT, related_name="api_token", editable=False
    )
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, editable=False)
    created_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["organisation_id", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class ApiTokenUse(models.Model):
    """Every request made with a token (who, when, what)."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="uses")
    used_at = models.DateTimeField(_("time"), auto_now_add=True)
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=300)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token use")
        verbose_name_plural = _("API token uses")
        indexes = [
            # A token's recent uses, newest first (the token page).
            models.Index(fields=["token", "-used_at"], name="token_use_recent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


class TwoFactorDevice(TOTPDevice):
    """An authenticator app's key (django-otp's TOTP device), as the admin
    names it: django-otp's own model has an English name that no catalogue
    translates."""

    class Meta:
        proxy = True
        verbose_name = _("two-factor device")
        verbose_name_plural = _("two-factor devices")
