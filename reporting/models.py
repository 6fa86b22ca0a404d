"""Monthly follow-up indicators: definitions as versioned data, computation
runs (revisions of a month, published = frozen) and the figures they hold;
the client survey sent after meetings held (its anonymous answers behind
the satisfaction indicator, the links not yet answered, the switch per
organisation); the
board's monthly PDF reports, stored as rendered."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import RangeOperators
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases.models.process import StepKind
from cases.models.records import Channel
from core import textlimits
from core.formats import download_name
from core.models import BaseModel, LocalisedNameMixin, in_active_language
from core.runs import BackgroundRun, RunStatus
from organisations.models import DateRange, Organisation


class IndicatorUnit(models.TextChoices):
    COUNT = "count", _("Count")
    PERCENT = "percent", _("Per cent")
    # Cents over persons: the numerator is the sum in cents, the denominator
    # the persons it is for (the figure is hidden under five of them).
    EURO = "euro", _("Euros")
    # The median of a distribution; the denominator is how many it is over.
    MEDIAN_DAYS = "median_days", _("Median, working days")
    MEDIAN_CALENDAR_DAYS = "median_calendar", _("Median, calendar days")


class IndicatorDefinition(LocalisedNameMixin, BaseModel):
    """One version of an indicator's definition; a change is a new version."""

    code = models.SlugField(_("code"), max_length=64)
    version = models.PositiveSmallIntegerField(_("version"))
    name = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    # The unsuffixed texts are English: they were written first, and API
    # clients have read them under these names since the first version.
    numerator = models.TextField(_("numerator in English"))
    numerator_fi = models.TextField(_("numerator in Finnish"))
    numerator_sv = models.TextField(_("numerator in Swedish"))
    denominator = models.TextField(_("denominator in English"), blank=True)
    denominator_fi = models.TextField(_("denominator in Finnish"), blank=True)
    denominator_sv = models.TextField(_("denominator in Swedish"), blank=True)
    computation = models.CharField(
        _("computation"),
        max_length=64,
        # The function of reporting/indicators.py that computes it.
        help_text=_("The name of the computation that implements it."),
    )
    unit = models.CharField(_("unit"), max_length=16, choices=IndicatorUnit.choices)
    maturity_days = models.PositiveIntegerField(
        _("maturity window (days)"),
        default=0,
        help_text=_("How long after an event a person can first be counted."),
    )
    source = models.TextField(_("source in English"))
    source_fi = models.TextField(_("source in Finnish"))
    source_sv = models.TextField(_("source in Swedish"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("indicator definition")
        verbose_name_plural = _("indicator definitions")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "version"], name="indicator_definition_version_unique"
            ),
            models.CheckConstraint(
                condition=Q(unit__in=IndicatorUnit.values),
                name="indicator_definition_unit_valid",
            ),
            # One version of a definition in force on any day.
            ExclusionConstraint(
                name="indicator_definition_no_overlap",
                expressions=[
                    ("code", RangeOperators.EQUAL),
                    (
                        DateRange("valid_from", "valid_until", models.Value("[]")),
                        RangeOperators.OVERLAPS,
                    ),
                ],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.localised_name} (v{self.version})"

    @property
    def localised_numerator(self) -> str:
        return in_active_language(
            fi=self.numerator_fi, sv=self.numerator_sv, en=self.numerator
        )

    @property
    def localised_denominator(self) -> str:
        return in_active_language(
            fi=self.denominator_fi, sv=self.denominator_sv, en=self.denominator
        )

    @property
    def localised_source(self) -> str:
        return in_active_language(fi=self.source_fi, sv=self.source_sv, en=self.source)


__all__ = ["RunStatus"]  # re-exported: the statuses of every background run


class IndicatorRun(BackgroundRun):
    """One computation of one month. Re-running an unpublished month replaces
    its figures; a published month is frozen, and a month still queued or
    running is never taken over: a recomputation of either is a new revision.
    Progress counts the definitions computed."""

    task_name = "reporting.run_execute_task"

    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    reason = models.TextField(_("reason for the revision"), blank=True)
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta(BackgroundRun.Meta):
        verbose_name = _("indicator run")
        verbose_name_plural = _("indicator runs")
        ordering = ["-month", "-revision"]
        constraints = [
            *BackgroundRun.Meta.constraints,
            models.UniqueConstraint(
                fields=["month", "revision"], name="indicator_run_revision_unique"
            ),
            models.CheckConstraint(
                condition=Q(month__day=1), name="indicator_run_first_of_month"
            ),
            models.CheckConstraint(
                condition=Q(revision=1) | ~Q(reason=""),
                name="indicator_run_revision_has_reason",
                violation_error_message=_(
                    "A revision of a published month needs a reason."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status__in=RunStatus.values),
                name="indicator_run_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%m/%Y} r{self.revision}"


class IndicatorValue(models.Model):
    """A figure with what it was computed from (numerator, denominator,
    definition version, time of computation via the run)."""

    run = models.ForeignKey(
        IndicatorRun,
        on_delete=models.CASCADE,
        related_name="values",
        verbose_name=_("run"),
    )
    definition = models.ForeignKey(
        IndicatorDefinition,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("definition"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
        help_text=_("Empty for the whole country."),
    )
    numerator = models.BigIntegerField(_("numerator"))
    denominator = models.BigIntegerField(_("denominator"), null=True, blank=True)
    # Decided when the month is computed, over every organisation at once
    # (core.privacy, complementary suppression), so that each output hides
    # the same figures whoever reads them.
    is_withheld = models.BooleanField(
        _("withheld"),
        default=False,
        help_text=_(
            "Hidden so that a figure of fewer than five people cannot be worked "
            "out from a total."
        ),
    )

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "definition", "organisation"],
                name="indicator_value_once",
                nulls_distinct=False,
            ),
        ]
        indexes = [
            # Dashboard trends: one organisation's figures over months.
            models.Index(
                fields=["organisation", "definition"], name="indicator_value_trend_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.definition.code} {self.numerator}/{self.denominator}"


class SurveyChannel(models.TextChoices):
    """How the survey link reached the person: the channel of their reminders."""

    EMAIL = "email", _("E-mail")
    SMS = "sms", _("Text message")


class SurveyAnswer(models.Model):
    """One anonymous answer to the client survey (seed 004: target-group
    client satisfaction): the score and comment with the organisation, the
    month, the meeting's kind and channel, and how the link came. Nothing
    links it to a person, an appointment or a link: no such column (a test
    reads the table's columns from the database), no time finer than the
    month (so no created_at: BaseModel's stamps would match the link's use),
    and the link it came through is forgotten when it is answered
    (SurveyInvitation is deleted in the same transaction). It is not
    personal data, so it has no retention rule and no access log; the
    comments are shown only as a month's list of five or more answers."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    score = models.PositiveSmallIntegerField(
        _("score"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 = very dissatisfied, 5 = very satisfied."),
    )
    comment = models.TextField(
        _("comment"), blank=True, validators=textlimits.validators(textlimits.REASON)
    )
    # The meeting's step kind ("" for answers typed in before the survey
    # link existed) and its channel as the meeting record names it.
    meeting_kind = models.CharField(
        _("meeting"), max_length=32, choices=StepKind.choices, blank=True
    )
    channel = models.CharField(
        _("channel"), max_length=16, choices=Channel.choices, blank=True
    )
    survey_channel = models.CharField(
        _("survey sent by"), max_length=8, choices=SurveyChannel.choices, blank=True
    )

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5),
                name="survey_answer_score_1_to_5",
                violation_error_message=_("The score is from 1 to 5."),
            ),
            models.CheckConstraint(
                condition=Q(channel="") | Q(channel__in=Channel.values),
                name="survey_answer_channel_valid",
            ),
            models.CheckConstraint(
                condition=Q(month__day=1), name="survey_answer_first_of_month"
            ),
            models.CheckConstraint(
                condition=Q(meeting_kind="") | Q(meeting_kind__in=StepKind.values),
                name="survey_answer_meeting_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(survey_channel="")
                | Q(survey_channel__in=SurveyChannel.values),
                name="survey_answer_survey_channel_valid",
            ),
            textlimits.length_constraint(
                "comment", textlimits.REASON, name="survey_answer_comment_length"
            ),
        ]
        indexes = [
            # The monthly satisfaction indicator and the comments page: a
            # month's answers per organisation.
            models.Index(
                fields=["month", "organisation"], name="survey_answer_month_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.score} {self.month:%m/%Y}"


class SurveySetting(models.Model):
    """Whether an organisation sends the survey after meetings held: off
    until a coordinator switches it on (no row is off)."""

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    is_on = models.BooleanField(_("survey on"), default=False)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"))

    class Meta:
        verbose_name = _("survey setting")
        verbose_name_plural = _("survey settings")

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.is_on}"


class SurveyInvitation(models.Model):
    """A survey link not yet answered: the keyed hash of the link's secret
    and what the answer will record. It names no person or appointment
    (the message in the outbox does, as any message does), and it is
    deleted when the link is answered, in the transaction that stores the
    answer: a genuine link without its row has been answered. Expired rows
    are deleted nightly (reporting.survey_invitations_expire_task)."""

    secret_hash = models.CharField(
        _("link (keyed hash)"), max_length=64, primary_key=True
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )
    meeting_kind = models.CharField(
        _("meeting"), max_length=32, choices=StepKind.choices, blank=True
    )
    channel = models.CharField(
        _("channel"), max_length=16, choices=Channel.choices, blank=True
    )
    survey_channel = models.CharField(
        _("survey sent by"), max_length=8, choices=SurveyChannel.choices
    )
    expires_at = models.DateTimeField(_("expires at"))

    class Meta:
        verbose_name = _("unanswered survey link")
        verbose_name_plural = _("unanswered survey links")
        indexes = [
            # The nightly deletion of expired links.
            models.Index(fields=["expires_at"], name="survey_invitation_expiry_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.expires_at}"


class SurveyLinkUse(models.Model):
    """Every use of a survey link (opened, answered, already answered,
    refused for too many uses): the log of the page, and what its rate
    limit counts. It keeps the time and a keyed hash of the address only,
    not the link, so that the time of an answer is tied to no person."""

    class Action(models.TextChoices):
        VIEW = "view", _("Opened")
        ANSWER = "answer", _("Answered")
        ANSWERED_BEFORE = "answered", _("Already answered")
        REFUSED = "refused", _("Refused: too many uses")

    used_at = models.DateTimeField(_("used at"))
    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    address_hash = models.CharField(_("address (keyed hash)"), max_length=64)

    class Meta:
        verbose_name = _("use of a survey link")
        verbose_name_plural = _("uses of survey links")
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=["view", "answer", "answered", "refused"]),
                name="survey_link_use_action_valid",
            ),
        ]
        indexes = [
            # The rate limit: one address's uses in the last hour.
            models.Index(
                fields=["address_hash", "used_at"], name="survey_use_address_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.used_at}"


class BoardReport(BackgroundRun):
    """A municipal board's monthly PDF report for one organisation, rendered
    once from one indicator run. The bytes are kept as rendered, so that a
    download months later is the document the board was given (sha256).
    Progress is in per cent of the rendering."""

    task_name = "reporting.board_report_task"

    class Language(models.TextChoices):
        # Language names in their own language, as in a language switcher.
        FINNISH = "fi", "suomi"
        SWEDISH = "sv", "svenska"

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default="fi"
    )
    run = models.ForeignKey(
        IndicatorRun,
        on_delete=models.PROTECT,
        related_name="board_reports",
        verbose_name=_("indicator revision"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    # Reports are a few hundred kilobytes and few (one per organisation and
    # month): the database keeps them in its backups with everything else.
    pdf = models.BinaryField(_("PDF"), blank=True, editable=False, default=b"")
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size_bytes = models.PositiveIntegerField(_("size (bytes)"), default=0)
    render_seconds = models.FloatField(_("render time (s)"), null=True, blank=True)

    class Meta(BackgroundRun.Meta):
        verbose_name = _("board report")
        verbose_name_plural = _("board reports")
        ordering = ["-requested_at", "-id"]
        constraints = [
            *BackgroundRun.Meta.constraints,
            models.CheckConstraint(
                condition=Q(month__day=1), name="board_report_first_of_month"
            ),
            models.CheckConstraint(
                condition=Q(language__in=["fi", "sv"]),
                name="board_report_language_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=RunStatus.values),
                name="board_report_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(sha256__regex=r"^[0-9a-f]{64}$"),
                name="board_report_done_has_sha256",
                violation_error_message=_("A finished report needs its checksum."),
            ),
        ]
        indexes = [
            # The reports page: the newest reports of the organisations a
            # user covers.
            models.Index(
                fields=["organisation", "-requested_at"],
                name="board_report_list_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%m/%Y} {self.language} #{self.pk}"

    @property
    def is_pending(self) -> bool:
        return self.is_live

    def message_language(self) -> str:
        return self.language

    @property
    def filename(self) -> str:
        return download_name(
            pgettext_lazy("file name", "board report"),
            f"{self.month:%Y-%m}",
            self.pk,
            extension="pdf",
            language=self.language,
        )
