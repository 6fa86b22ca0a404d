"""Bulk imports from municipalities' other systems, and the benefit-day counters
they bring.

An ImportBatch is one uploaded file: who sent it for which organisation (the
tenancy column), what it held and what became of each row. The file itself is
kept encrypted only until the import has run; problems never hold a full
identity code.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cases.models import BenefitType, Jobseeker
from core.formats import short_date
from core.models import BaseModel
from core.runs import BackgroundRun
from organisations.models import Organisation

from .parsing import problem_message


class BatchStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")
    PREVIEWED = "previewed", _("Checked, waiting for confirmation")
    QUEUED = "queued", _("Waiting to run")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class BatchKind(models.TextChoices):
    # Values equal exchange.parsing.ImportKind (tested).
    JOBSEEKERS = "jobseekers", _("Jobseekers")
    BENEFIT_COUNTERS = "benefit_counters", _("Benefit-day counters")
    SERVICE_EVENTS = "service_events", _("Service events")
    INVOICES_KELA = "invoices_kela", _("Municipal-share invoices from Kela")
    INVOICES_FUND = (
        "invoices_fund",
        _("Municipal-share invoices from an unemployment fund"),
    )


class FileFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"
    JSON = "json", "JSON"


class ImportBatch(BackgroundRun):
    """Progress counts the file's rows written. Before it runs, a batch is
    uploaded and previewed: the run's statuses plus those two."""

    Status = BatchStatus
    Kind = BatchKind
    task_name = "exchange.import_run_task"

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="import_batches",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("content"), max_length=32, choices=Kind.choices)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    # Records the import creates are recorded as this user's doing.
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    file_name = models.CharField(_("file name"), max_length=255)
    file_format = models.CharField(
        _("file format"), max_length=8, choices=FileFormat.choices
    )
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    size_bytes = models.PositiveIntegerField(_("size in bytes"))
    # The uploaded bytes, encrypted like identity codes (core.crypto), kept
    # only until the import has run: the file is full of identity codes.
    file_encrypted = models.BinaryField(_("file (encrypted)"), default=b"")
    encoding = models.CharField(_("character encoding"), max_length=16, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=BatchStatus.choices,
        default=BatchStatus.UPLOADED,
    )
    # Queued when confirmed, not when uploaded.
    queued_at = models.DateTimeField(_("queued at"), null=True, blank=True)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("already present"), default=0)
    rejected_count = models.PositiveIntegerField(_("rejected"), default=0)
    # {"created": [[2, 40], [42, 42]], "unchanged": [...], ...}: every line's
    # outcome in ranges, a few bytes even for 100,000 rows.
    line_outcomes = models.JSONField(_("outcome by line"), default=dict, blank=True)
    # The file's column of each field (exchange.parsing.map_columns), as read
    # at the preview: a run that works from staged lines names the columns of
    # its problems without reading the file again.
    columns = models.JSONField(_("columns by field"), default=dict, blank=True)

    class Meta(BackgroundRun.Meta):
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        constraints = [
            *BackgroundRun.Meta.constraints,
            models.CheckConstraint(
                condition=Q(kind__in=BatchKind.values),
                name="import_batch_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=BatchStatus.values),
                name="import_batch_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(file_format__in=FileFormat.values),
                name="import_batch_format_valid",
            ),
        ]
        indexes = [
            # The imports page: an organisation's batches, newest first.
            models.Index(
                fields=["organisation", "-created_at"], name="import_batch_org_idx"
            ),
            # "This file was imported already": the same bytes for the same kind.
            models.Index(fields=["sha256", "kind"], name="import_batch_sha_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_kind_display()}, {self.status})"

    @property
    def is_in_progress(self) -> bool:
        return self.status in (BatchStatus.QUEUED, BatchStatus.RUNNING)

    def message_language(self) -> str:
        user = self.confirmed_by or self.uploaded_by
        return user.preferred_language or super().message_language()

    @property
    def has_file(self) -> bool:
        return bool(self.file_encrypted)

    @property
    def importable_count(self) -> int:
        """Rows that passed the checks (at preview: would be imported)."""
        return self.created_count + self.updated_count + self.unchanged_count


class ImportProblem(models.Model):
    """Why one row (or the whole file, line NULL) was not imported."""

    batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.CASCADE,
        related_name="problems",
        verbose_name=_("import batch"),
    )
    line = models.PositiveIntegerField(_("line"), null=True, blank=True)
    record = models.PositiveIntegerField(_("record"), null=True, blank=True)
    column = models.CharField(_("column"), max_length=100, blank=True)
    # The reason as a code and parameters (exchange.parsing.MESSAGES), worded
    # in each reader's language; parameters hold masked identity codes only.
    code = models.CharField(_("reason"), max_length=64)
    params = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("import problem")
        verbose_name_plural = _("import problems")
        indexes = [
            # The batch page lists its problems by line.
            models.Index(
                fields=["batch", "line", "id"], name="import_problem_line_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.line}: {self.column} {self.code}"

    @property
    def message(self) -> str:
        return problem_message(self.code, self.params)


class BenefitDayCounter(BaseModel):
    """A benefit fund's or Kela's day count for a jobseeker on a date.

    The newest reading also sets the jobseeker's benefit facts (the
    activation and multi-sectoral triggers read them); the readings stay as
    the history behind those facts.
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    jobseeker = models.ForeignKey(
        Jobseeker,
        on_delete=models.PROTECT,
        related_name="benefit_day_counters",
        verbose_name=_("jobseeker"),
    )
    benefit_type = models.CharField(
        _("benefit"), max_length=32, choices=BenefitType.choices
    )
    days = models.DecimalField(_("days"), max_digits=6, decimal_places=2)
    as_of = models.DateField(_("as of"))
    batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported in"),
    )

    class Meta:
        verbose_name = _("benefit-day counter")
        verbose_name_plural = _("benefit-day counters")
        constraints = [
            # The natural key of an import: the same file twice adds nothing.
            models.UniqueConstraint(
                fields=["jobseeker", "as_of", "benefit_type"],
                name="benefit_day_counter_unique_reading",
                violation_error_message=_(
                    "This jobseeker already has a counter of this benefit on this date."
                ),
            ),
            models.CheckConstraint(
                condition=Q(
                    benefit_type__in=[
                        BenefitType.EARNINGS_RELATED,
                        BenefitType.BASIC_ALLOWANCE,
                        BenefitType.LABOUR_MARKET_SUBSIDY,
                    ]
                ),
                name="benefit_day_counter_benefit_valid",
            ),
            models.CheckConstraint(
                condition=Q(days__gte=0), name="benefit_day_counter_days_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_benefit_type_display()} {self.days} ({short_date(self.as_of)})"
        )


class InvoiceSender(models.TextChoices):
    # Each is an import kind with its own columns (exchange.parsing.SENDERS).
    KELA = "kela", _("Kela")
    FUND = "fund", _("Unemployment fund")


INVOICE_BENEFITS = [
    BenefitType.EARNINGS_RELATED,
    BenefitType.BASIC_ALLOWANCE,
    BenefitType.LABOUR_MARKET_SUBSIDY,
]


class MunicipalShareInvoice(BaseModel):
    """One invoice of the municipality's share of unemployment benefits: one
    sender, municipality and billing month (domain.md 6.3, 7.4)."""

    Sender = InvoiceSender

    sender = models.CharField(_("sender"), max_length=16, choices=Sender.choices)
    number = models.CharField(_("invoice number"), max_length=64)
    municipality = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    month = models.DateField(
        _("billing month"), help_text=_("The first day of the month.")
    )
    batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported in"),
    )

    class Meta:
        verbose_name = _("municipal-share invoice")
        verbose_name_plural = _("municipal-share invoices")
        constraints = [
            models.UniqueConstraint(
                fields=["sender", "number"], name="invoice_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(sender__in=InvoiceSender.values),
                name="invoice_sender_valid",
            ),
            models.CheckConstraint(
                condition=Q(month__day=1), name="invoice_month_first_day"
            ),
        ]
        indexes = [
            # The euro indicators: a month's invoices.
            models.Index(fields=["month", "municipality"], name="invoice_month_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.month:%m/%Y})"


class InvoiceLineValues(models.Model):
    """What an invoice line says, stored (MunicipalShareInvoiceLine) or
    staged for its import's run (StagedInvoiceLine)."""

    # Empty on a totals line.
    identity_code_index = models.CharField(
        _("identity code index"), max_length=64, blank=True
    )
    benefit_type = models.CharField(
        _("benefit"), max_length=32, choices=BenefitType.choices
    )
    period_start = models.DateField(_("period starts"))
    period_end = models.DateField(_("period ends"))
    paid_days = models.DecimalField(_("paid days"), max_digits=6, decimal_places=2)
    cumulative_days = models.PositiveIntegerField(
        _("cumulative paid days"), null=True, blank=True
    )
    # Cents: sums stay exact (a correction may be negative).
    share_cents = models.BigIntegerField(_("municipal share (cents)"))
    persons = models.PositiveIntegerField(_("persons"), null=True, blank=True)
    line = models.PositiveIntegerField(_("line in the file"))

    class Meta:
        abstract = True


class MunicipalShareInvoiceLine(InvoiceLineValues):
    """One line of an invoice: a person's share for one benefit and payment
    period, or (no identity code) a totals line of the whole municipality.

    The identity code is kept encrypted with its blind index, so that a person
    registered later is still matched; a line whose person Polku does not know
    (or not within the importer's organisations) stays unmatched and counted.
    """

    # Its own index, although the natural key's unique index leads with the
    # invoice: without it the planner read a month's lines for the euro
    # indicators by scanning every month's (tried in issue 23: 24 months over
    # 6,000,000 lines took 51 s at load 5, against 28 s with it).
    invoice = models.ForeignKey(
        MunicipalShareInvoice,
        on_delete=models.CASCADE,
        related_name="lines",
        verbose_name=_("invoice"),
    )
    identity_code_encrypted = models.BinaryField(
        _("identity code (encrypted)"), default=b"", blank=True
    )
    jobseeker = models.ForeignKey(
        Jobseeker,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("jobseeker"),
    )
    batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported in"),
    )

    class Meta:
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")
        constraints = [
            # The natural key of an import: the same file twice adds nothing.
            models.UniqueConstraint(
                fields=[
                    "invoice",
                    "identity_code_index",
                    "benefit_type",
                    "period_start",
                ],
                name="invoice_line_unique",
            ),
            models.CheckConstraint(
                condition=Q(benefit_type__in=INVOICE_BENEFITS),
                name="invoice_line_benefit_valid",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="invoice_line_period_order",
            ),
            models.CheckConstraint(
                condition=Q(paid_days__gte=0), name="invoice_line_days_not_negative"
            ),
            # A person's line has no persons count; a totals line no person.
            models.CheckConstraint(
                condition=Q(identity_code_index="", jobseeker__isnull=True)
                | Q(persons__isnull=True),
                name="invoice_line_person_or_totals",
            ),
        ]
        indexes = [
            # The unmatched lines of an organisation's invoices.
            models.Index(
                fields=["invoice"],
                condition=Q(jobseeker__isnull=True) & ~Q(identity_code_index=""),
                name="invoice_line_unmatched_idx",
            ),
            # Matching people registered after the import.
            models.Index(
                fields=["identity_code_index"],
                condition=Q(jobseeker__isnull=True) & ~Q(identity_code_index=""),
                name="invoice_line_match_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.invoice_id}:{self.line} {self.share_cents}"

    @property
    def is_totals(self) -> bool:
        return not self.identity_code_index


class StagedInvoiceLine(InvoiceLineValues):
    """An invoice line as the preview read and validated it, kept for the run
    of its batch so that the run does not read the file again (issue 23).

    Only the lines that passed the checks needing no database (values, the
    file's own duplicates); the run plans them again in SQL against the
    database as it is then. No plaintext identity code: the blind index, and
    a token for a new line of a person no jobseeker was at the preview (a
    known person's line takes their record's token). Deleted by the run
    that imports them; replaced when the batch is previewed again.

    The table is UNLOGGED (migration 0004): no WAL for 250,000 lines a file
    written and deleted again; after a crash PostgreSQL empties it, and the
    run then stages the batch's file again.
    """

    pk = models.CompositePrimaryKey("batch_id", "line")
    batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("import batch"),
        # The primary key leads with the batch: a second index of it only
        # cost each staged line an index entry (250,000 a file).
        db_index=False,
    )
    record = models.PositiveIntegerField(_("record"))
    invoice_number = models.CharField(_("invoice number"), max_length=64)
    municipality_code = models.CharField(_("municipality code"), max_length=3)
    month = models.DateField(_("billing month"))
    identity_code_encrypted = models.BinaryField(
        _("identity code (encrypted)"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("staged invoice line")
        verbose_name_plural = _("staged invoice lines")

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.line}"
