"""Retention runs: which jobseekers' closed cases are anonymised, reported first."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _


class RetentionReport(models.Model):
    """A dry run listing who would be anonymised; applied after a grace period."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    run_on = models.DateField(_("run on"))
    cutoff_on = models.DateField(
        _("closed before"), help_text=_("Cases closed before this date are anonymised.")
    )
    jobseeker_ids = ArrayField(models.BigIntegerField(), verbose_name=_("jobseekers"))
    counts = models.JSONField(_("counts per organisation"), default=dict)
    applied_on = models.DateField(_("applied on"), null=True, blank=True)
    anonymised_count = models.PositiveIntegerField(_("anonymised"), default=0)

    class Meta:
        verbose_name = _("retention report")
        verbose_name_plural = _("retention reports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.run_on:%Y-%m-%d}: {len(self.jobseeker_ids)}"
