"""Who read or changed personal data, and when: never the data itself.

Both tables are append-only in the database itself: the triggers declared in
their Meta refuse UPDATE, DELETE and TRUNCATE, and the application connects
as a role that may neither switch them off nor truncate (README, "Database
roles"). Not even a bug or a compromised application can rewrite who looked
at whom (Act 906/2019 17 §; Act 703/2023 11 §).
"""

from __future__ import annotations

from typing import Any

import pgtrigger
from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.formats import local_datetime
from core.triggers import RefuseRowChange, RefuseTruncate
from organisations.models import MembershipRole


class AccessAction(models.TextChoices):
    VIEW = "view", _("Viewed")
    LIST = "list", _("Shown in a list")
    SEARCH = "search", _("Found in a search")
    EDIT_FORM = "edit_form", _("Opened for editing")
    PDF = "pdf", _("Downloaded as PDF")
    EXPORT = "export", _("Exported")
    API = "api", _("Read through the API")
    REVEAL_IDENTITY_CODE = "reveal_identity_code", _("Revealed the identity code")
    BREAK_GLASS = "break_glass", _("Opened outside own scope (break-the-glass)")
    REPORT = "report", _("Included in a report")
    # Contact details and appointment read to send a message to the person.
    MESSAGE = "message", _("Used for a message to the jobseeker")


class AccessPurpose(models.TextChoices):
    """Why data was read; the codes are stored, the labels shown."""

    CASE_WORK = "case_work", _("Case work")
    BREAK_GLASS = "break_glass", _("Access outside one's own organisations")
    PARTNER_REFERRAL = "partner_referral", _("A case referred to a partner")
    SUBJECT_ACCESS_REQUEST = (
        "subject_access_request",
        _("The jobseeker's request to see who has used their data"),
    )


# Django's flush between transactional tests truncates every table; only the
# test settings' sessions set this (TRUNCATE is not granted to the app role).
TRUNCATE_ALLOWED = pgtrigger.Condition(
    "current_setting('polku.allow_audit_truncate', true) IS DISTINCT FROM 'on'"
)

# The retention run (cases.services.retention) may blank the old and new
# values of anonymised people's changes, and nothing else: only in a
# transaction that sets polku.audit_anonymise, only to empty strings, and
# with every other column unchanged. The condition says when to refuse.
NOT_AN_ANONYMISATION = pgtrigger.Condition(
    """NOT COALESCE(
        current_setting('polku.audit_anonymise', true) = 'on'
        AND NEW.old_value = '' AND NEW.new_value = ''
        AND (NEW.id, NEW.occurred_at, NEW.user_id, NEW.username,
             NEW.organisation_id, NEW.jobseeker_id, NEW.object_type,
             NEW.object_id, NEW.field)
            IS NOT DISTINCT FROM
            (OLD.id, OLD.occurred_at, OLD.user_id, OLD.username,
             OLD.organisation_id, OLD.jobseeker_id, OLD.object_type,
             OLD.object_id, OLD.field),
        false)"""
)


def role_names(codes: str) -> str:
    """Comma-separated role codes in the reader's words ("Asiantuntija")."""
    return ", ".join(
        str(MembershipRole(code).label) if code in MembershipRole.values else code
        for code in codes.split(",")
        if code
    )


# Models that moved to another app after rows naming them were written. The
# log is append-only, so an old label is read as the model's current one.
MOVED_MODELS = {"cases.Referral": "partners.Referral"}


def logged_model(object_type: str) -> type[Any]:
    """The model a logged "app.Model" label names, also after a move."""
    return apps.get_model(MOVED_MODELS.get(object_type, object_type))


def object_type_name(object_type: str) -> str:
    """ "cases.Jobseeker" as the model's name in the reader's language."""
    try:
        return str(logged_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return object_type


class AccessLog(models.Model):
    occurred_at = models.DateTimeField(_("time (UTC)"), default=timezone.now)
    # No index of its own: access_log_user_idx (user, -occurred_at) serves
    # every lookup by user, the foreign key's check included. The log takes
    # 50 rows a worklist page, and each index is written for each row (at
    # 1,000,000 jobseekers the worklist's log INSERT took some 2 ms, issue 21).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("user"),
        db_index=False,
    )
    # Snapshots: the log must read the same after a user is renamed or leaves.
    username = models.CharField(_("username"), max_length=150)
    roles = models.CharField(_("roles"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("organisation responsible for the data"),
    )
    # Plain ids, not foreign keys: the log outlives anonymisation of the rows.
    jobseeker_id = models.BigIntegerField(_("jobseeker"))
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.BigIntegerField(_("object"), null=True)
    action = models.CharField(_("action"), max_length=32, choices=AccessAction.choices)
    # No constraint: rows are never rewritten, so a purpose retired from the
    # choices stays readable as its code.
    purpose = models.CharField(
        _("purpose"), max_length=64, choices=AccessPurpose.choices
    )
    # The path only: a query string could carry a searched identity code.
    path = models.CharField(_("address"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(action__in=AccessAction.values),
                name="access_log_action_valid",
            ),
        ]
        indexes = [
            # "Who has viewed my data": one jobseeker's reads, newest first.
            models.Index(
                fields=["jobseeker_id", "-occurred_at"], name="access_log_jobseeker_idx"
            ),
            # A user's reads, for investigations and break-the-glass review.
            models.Index(fields=["user", "-occurred_at"], name="access_log_user_idx"),
        ]
        triggers = [
            RefuseRowChange(
                name="access_log_append_only",
                operation=pgtrigger.Update | pgtrigger.Delete,
            ),
            RefuseTruncate(name="access_log_no_truncate", condition=TRUNCATE_ALLOWED),
        ]

    def __str__(self) -> str:
        return f"{local_datetime(self.occurred_at)} {self.username} {self.action}"

    @property
    def role_names(self) -> str:
        return role_names(self.roles)

    @property
    def object_type_name(self) -> str:
        return object_type_name(self.object_type)


class ChangeRecord(models.Model):
    """Old and new values of one field of a case record (values of sensitive
    fields such as the identity code are never stored, only that they changed)."""

    occurred_at = models.DateTimeField(_("time (UTC)"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("user"),
    )
    username = models.CharField(_("username"), max_length=150)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    jobseeker_id = models.BigIntegerField(_("jobseeker"))
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.BigIntegerField(_("object"))
    field = models.CharField(_("field"), max_length=64)
    old_value = models.TextField(_("old value"), blank=True)
    new_value = models.TextField(_("new value"), blank=True)

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("change history")
        indexes = [
            models.Index(
                fields=["jobseeker_id", "-occurred_at"], name="change_jobseeker_idx"
            ),
            models.Index(fields=["object_type", "object_id"], name="change_object_idx"),
        ]
        triggers = [
            # Two triggers: a DELETE trigger's condition cannot read NEW.
            RefuseRowChange(name="change_no_delete", operation=pgtrigger.Delete),
            RefuseRowChange(
                name="change_append_only",
                operation=pgtrigger.Update,
                condition=NOT_AN_ANONYMISATION,
            ),
            RefuseTruncate(name="change_no_truncate", condition=TRUNCATE_ALLOWED),
        ]

    def __str__(self) -> str:
        return f"{self.object_type}#{self.object_id}.{self.field}"
