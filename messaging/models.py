"""The outbox: every message to a client is a row before it is a send.

A service queues a message in its own transaction (so a rolled-back booking
sends nothing) under an idempotency key that names what the message is
about; the key is unique, so queuing twice queues once. The sending task
claims a row, sends it through the channel's backend with the key, and
records the outcome; a failure is tried again later with a growing pause.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel
from organisations.models import Organisation

if TYPE_CHECKING:
    import datetime as dt


class MessageQuerySet(models.QuerySet["Message"]):
    def due(self, *, now: dt.datetime) -> MessageQuerySet:
        """Queued messages whose next try is now or earlier."""
        return self.filter(status=Message.Status.QUEUED, next_try_at__lte=now)


class Message(BaseModel):
    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("Text message")
        LETTER = "letter", _("Letter")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("sending organisation"),
    )
    # Whom the message is about, by id only (messaging sits below cases, as
    # audit does): the access log, the timeline and the jobseeker page's
    # failed messages find it by this.
    jobseeker_id = models.BigIntegerField(_("jobseeker"), null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    recipient = models.CharField(_("recipient"), max_length=254)
    language = models.CharField(_("language"), max_length=8)
    # Templates "<key>_subject.txt" and "<key>_<channel>.txt" under templates/.
    template_key = models.CharField(_("template"), max_length=100)
    # Times, places and links only: never an identity code or health data
    # (services check the keys, messaging.rules.FORBIDDEN_CONTEXT_KEYS).
    context = models.JSONField(_("content"), default=dict, blank=True)
    idempotency_key = models.CharField(
        _("idempotency key"), max_length=200, unique=True
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_try_at = models.DateTimeField(_("next try at"))
    # When the row was claimed for sending: a claim older than the lease is a
    # worker that died mid-send, and the message is due again.
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    provider_reference = models.CharField(
        _("provider's reference"), max_length=200, blank=True
    )
    last_error = models.TextField(_("last error"), blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(channel__in=["email", "sms", "letter"]),
                name="message_channel_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["queued", "sending", "sent", "failed"]),
                name="message_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                name="message_sent_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="sending") | Q(claimed_at__isnull=False),
                name="message_sending_is_claimed",
            ),
        ]
        indexes = [
            # The sending task: queued messages by next try.
            models.Index(
                fields=["next_try_at"],
                condition=Q(status="queued"),
                name="message_due_idx",
            ),
            # The jobseeker page: a person's messages, newest first.
            models.Index(
                fields=["jobseeker_id", "-created_at"],
                condition=Q(jobseeker_id__isnull=False),
                name="message_jobseeker_idx",
            ),
            # The sweep of claims left by dead workers.
            models.Index(
                fields=["claimed_at"],
                condition=Q(status="sending"),
                name="message_claimed_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.idempotency_key}"

    @property
    def shown_status(self) -> str:
        """The status as a caseworker reads it: a letter is printed (for the
        post) rather than sent, and waits to be printed rather than queued."""
        if self.channel == self.Channel.LETTER:
            if self.status == self.Status.SENT:
                return str(_("Printed"))
            if self.status == self.Status.QUEUED:
                return str(_("To be printed"))
        return str(self.get_status_display())

    @property
    def failure_reason(self) -> str:
        """Why the message failed, in the reader's language ("" unless failed)."""
        from .explain import failure_reason

        if self.status != self.Status.FAILED:
            return ""
        return failure_reason(self.last_error)
