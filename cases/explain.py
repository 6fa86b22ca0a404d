"""Deadlines and triggers explained in the user's language.

"Initial interview due 9.5.2025 — 5 working days from registration 2.5.2025
(Act on Organising Employment Services (380/2023) chapter 4 (HE 207/2022), in
force 1.1.2025–31.12.2025)": the rule code stored on each step points back to
cases.rules.process.RULES.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Protocol

from django.utils import translation
from django.utils.translation import get_language, gettext_lazy, ngettext, ngettext_lazy
from django.utils.translation import gettext as _

from core.formats import short_date

from .models.process import StepKind, StepStatus
from .rules import process as process_rules
from .rules import triggers

if TYPE_CHECKING:
    from .models import CaseEvent

RULES_BY_CODE = {rule.code: rule for rule in process_rules.RULES}

EVENT_LABELS = {
    # The start of the job search is the registration date (Act 380/2023).
    "registration": gettext_lazy("registration"),
    "job_search_start": gettext_lazy("registration"),
    "initial_interview": gettext_lazy("the initial interview"),
    "previous_discussion": gettext_lazy("the previous job search discussion"),
    "trigger": gettext_lazy("the day the conditions were met"),
    "service_start": gettext_lazy("the start of the service"),
    "integration_assessment": gettext_lazy("the integration needs assessment"),
    "plan_or_previous_review": gettext_lazy("the plan or its previous review"),
    "six_month_period_start": gettext_lazy("the start of the 6-month period"),
    "missed": gettext_lazy("the missed or cancelled appointment"),
}


def _date(day: dt.date) -> str:
    return short_date(day)


def _amount(rule: process_rules.RuleVersion) -> str:
    amount = rule.amount or 0
    unit = rule.unit
    if unit == process_rules.Unit.WORKING_DAYS:
        return ngettext("%(n)d working day", "%(n)d working days", amount) % {
            "n": amount
        }
    if unit == process_rules.Unit.CALENDAR_DAYS:
        return ngettext("%(n)d day", "%(n)d days", amount) % {"n": amount}
    if unit == process_rules.Unit.WEEKS:
        return ngettext("%(n)d week", "%(n)d weeks", amount) % {"n": amount}
    if unit == process_rules.Unit.MONTHS:
        return ngettext("%(n)d month", "%(n)d months", amount) % {"n": amount}
    return _("a schedule")


def validity(rule: process_rules.RuleVersion) -> str:
    if rule.valid_until is None:
        return _("in force from %(start)s") % {"start": _date(rule.valid_from)}
    return _("in force %(start)s–%(end)s") % {
        "start": _date(rule.valid_from),
        "end": _date(rule.valid_until),
    }


@dataclass(frozen=True)
class Explanation:
    headline: str
    basis: str
    adjustments: list[str]


@dataclass(frozen=True)
class _Wording:
    """explain_step's translated pieces in one language, each translated
    once: a worklist page explains 50 steps of a handful of kinds and rules,
    and looking each translation up again (10 gettext calls a step, each
    through the active language's thread-local) was most of building a line
    (issue 21)."""

    due: str
    numbered_due: str
    counted_from: str
    basis: str
    kinds: dict[str, str]
    events: dict[str, str]
    # rule code -> (amount, source, validity)
    rules: dict[str, tuple[str, str, str]]


@lru_cache(maxsize=16)
def _wording(language: str) -> _Wording:
    with translation.override(language or None):
        return _Wording(
            due=_("%(step)s due %(due)s"),
            numbered_due=_("%(step)s no. %(n)d due %(due)s"),
            counted_from=_("counted from %(event)s %(date)s"),
            basis=_("%(amount)s from %(event)s %(date)s (%(source)s, %(validity)s)"),
            kinds={value: str(label) for value, label in StepKind.choices},
            events={code: str(label) for code, label in EVENT_LABELS.items()},
            rules={
                rule.code: (_amount(rule), str(rule.source), validity(rule))
                for rule in process_rules.RULES
            },
        )


class ExplainedStep(Protocol):
    """What explain_step reads of a step: a ProcessStep, or a worklist
    line's step read without a model instance (cases.selectors.WorklistStep)."""

    @property
    def kind(self) -> str: ...
    @property
    def sequence(self) -> int: ...
    @property
    def status(self) -> str: ...
    @property
    def due_on(self) -> dt.date: ...
    @property
    def counts_from(self) -> dt.date: ...
    @property
    def counts_from_event(self) -> str: ...
    @property
    def rule_code(self) -> str: ...
    @property
    def paused_on(self) -> dt.date | None: ...
    @property
    def pause_reason(self) -> str: ...
    @property
    def adjustments(self) -> Any: ...


def step_kind_label(kind: str, *, language: str | None = None) -> str:
    """The step kind's name in `language` (default: the active one)."""
    return _wording(language or get_language() or "").kinds.get(kind, kind)


def explain_step(step: ExplainedStep, *, language: str | None = None) -> Explanation:
    """What the deadline is, what it counts from and which rule in force set
    it, in `language` (default: the active one)."""
    language = language or get_language() or ""
    wording = _wording(language)
    label = wording.kinds.get(step.kind, step.kind)
    due = short_date(step.due_on, language=language)
    if step.sequence > 1 or step.kind == "supplementary_discussion":
        headline = wording.numbered_due % {
            "step": label,
            "n": step.sequence,
            "due": due,
        }
    else:
        headline = wording.due % {"step": label, "due": due}
    event = wording.events.get(step.counts_from_event, step.counts_from_event)
    rule = wording.rules.get(step.rule_code)
    if rule is None:
        basis = wording.counted_from % {
            "event": event,
            "date": short_date(step.counts_from, language=language),
        }
    else:
        amount, source, in_force = rule
        basis = wording.basis % {
            "amount": amount,
            "event": event,
            "date": short_date(step.counts_from, language=language),
            "source": source,
            "validity": in_force,
        }
    adjustments = []
    if step.status == StepStatus.PAUSED and step.paused_on is not None:
        adjustments.append(
            _("Paused since %(date)s: %(reason)s")
            % {"date": _date(step.paused_on), "reason": step.pause_reason}
        )
    adjustments.extend(
        _("Resumed %(date)s, due date moved from %(old)s to %(new)s: %(reason)s")
        % {
            "date": _date(dt.date.fromisoformat(item["on"])),
            "old": _date(dt.date.fromisoformat(item["from"])),
            "new": _date(dt.date.fromisoformat(item["to"])),
            "reason": item.get("reason", ""),
        }
        for item in step.adjustments
        if item.get("action") == "resumed"
    )
    return Explanation(headline=headline, basis=basis, adjustments=adjustments)


# "5 supplementary job search discussions overdue": a worklist line counts a
# jobseeker's missed steps of one kind, with the noun in its plural form.
_OVERDUE = {
    "initial_interview": ngettext_lazy(
        "%(n)d initial interview overdue", "%(n)d initial interviews overdue", "n"
    ),
    "supplementary_discussion": ngettext_lazy(
        "%(n)d supplementary job search discussion overdue",
        "%(n)d supplementary job search discussions overdue",
        "n",
    ),
    "job_search_discussion": ngettext_lazy(
        "%(n)d job search discussion overdue",
        "%(n)d job search discussions overdue",
        "n",
    ),
    "activation_plan": ngettext_lazy(
        "%(n)d activation plan overdue", "%(n)d activation plans overdue", "n"
    ),
    "multisectoral_assessment": ngettext_lazy(
        "%(n)d multi-sectoral service assessment overdue",
        "%(n)d multi-sectoral service assessments overdue",
        "n",
    ),
    "multisectoral_plan": ngettext_lazy(
        "%(n)d multi-sectoral employment plan overdue",
        "%(n)d multi-sectoral employment plans overdue",
        "n",
    ),
    "multisectoral_review": ngettext_lazy(
        "%(n)d multi-sectoral plan review overdue",
        "%(n)d multi-sectoral plan reviews overdue",
        "n",
    ),
    "integration_plan": ngettext_lazy(
        "%(n)d integration plan overdue", "%(n)d integration plans overdue", "n"
    ),
}
_COMING = {
    "initial_interview": ngettext_lazy(
        "%(n)d initial interview coming up", "%(n)d initial interviews coming up", "n"
    ),
    "supplementary_discussion": ngettext_lazy(
        "%(n)d supplementary job search discussion coming up",
        "%(n)d supplementary job search discussions coming up",
        "n",
    ),
    "job_search_discussion": ngettext_lazy(
        "%(n)d job search discussion coming up",
        "%(n)d job search discussions coming up",
        "n",
    ),
    "activation_plan": ngettext_lazy(
        "%(n)d activation plan coming up", "%(n)d activation plans coming up", "n"
    ),
    "multisectoral_assessment": ngettext_lazy(
        "%(n)d multi-sectoral service assessment coming up",
        "%(n)d multi-sectoral service assessments coming up",
        "n",
    ),
    "multisectoral_plan": ngettext_lazy(
        "%(n)d multi-sectoral employment plan coming up",
        "%(n)d multi-sectoral employment plans coming up",
        "n",
    ),
    "multisectoral_review": ngettext_lazy(
        "%(n)d multi-sectoral plan review coming up",
        "%(n)d multi-sectoral plan reviews coming up",
        "n",
    ),
    "integration_plan": ngettext_lazy(
        "%(n)d integration plan coming up", "%(n)d integration plans coming up", "n"
    ),
}


def group_headline(
    step: ExplainedStep,
    *,
    size: int,
    overdue: int,
    headline: str,
    language: str | None = None,
) -> str:
    """A worklist line: the step's own headline when it is alone, otherwise
    how many of the kind are overdue and how many are coming up."""
    if size <= 1 or step.kind not in _OVERDUE:
        return headline
    return _group_counts(language or get_language() or "", step.kind, size, overdue)


@lru_cache(maxsize=4096)
def _group_counts(language: str, kind: str, size: int, overdue: int) -> str:
    # Keyed by the language and the few counts a worklist shows: ngettext
    # once per combination, not per line.
    parts = []
    with translation.override(language or None):
        if overdue:
            parts.append(str(_OVERDUE[kind] % {"n": overdue}))
        if size > overdue:
            parts.append(str(_COMING[kind] % {"n": size - overdue}))
    return ", ".join(parts)


TRIGGER_CLAUSES = {
    "under25_lms_180_days_12_months": gettext_lazy(
        "under 25 and at least 180 days of labour market subsidy in the last 12 months"
    ),
    "under25_max_allowance_exhausted": gettext_lazy(
        "under 25 and the maximum period of daily allowance received"
    ),
    "under25_social_assistance_4_months": gettext_lazy(
        "under 25 and social assistance as main income for the last 4 months"
    ),
    "25plus_lms_500_days": gettext_lazy(
        "25 or older and at least 500 days of labour market subsidy"
    ),
    "25plus_lms_180_days_after_max_allowance": gettext_lazy(
        "25 or older and at least 180 days of labour market subsidy after the "
        "maximum daily allowance period"
    ),
    "25plus_social_assistance_12_months": gettext_lazy(
        "25 or older and social assistance as main income for the last 12 months"
    ),
    "lms_300_days": gettext_lazy("at least 300 days of labour market subsidy"),
    "25plus_unemployed_12_months": gettext_lazy(
        "25 or older and continuously unemployed for 12 months"
    ),
    "under25_unemployed_6_months": gettext_lazy(
        "under 25 and continuously unemployed for 6 months"
    ),
    "first_plan_within_3_years": gettext_lazy(
        "an immigrant within 3 years of the first residence permit, with an "
        "integration need"
    ),
}

NOT_TRIGGERED = {
    "none": gettext_lazy("The conditions are not met."),
    "no_employment_plan": gettext_lazy("Needs an employment plan first."),
    "benefit_criteria_removed_2026": gettext_lazy(
        "Benefit-day conditions are met, but from 1.1.2026 an activation plan is "
        "made only for people on social assistance; consider a multi-sectoral plan."
    ),
    "not_immigrant": gettext_lazy("Not recorded as an immigrant."),
    "first_residence_unknown": gettext_lazy(
        "Record the date of the first residence permit to check the 3-year window."
    ),
    "before_first_residence": gettext_lazy(
        "The first residence permit is in the future."
    ),
    "over_3_years_since_first_residence": gettext_lazy(
        "More than 3 years since the first residence permit."
    ),
    "no_integration_need": gettext_lazy("No integration need has been assessed."),
    "no_rule_in_force": gettext_lazy("No rule was in force on this date."),
}


def explain_trigger(result: triggers.TriggerResult) -> str:
    """The clause that decided a trigger, in words, with its legal source."""
    clause = result.clause.removesuffix("_advisory")
    words = TRIGGER_CLAUSES.get(clause)
    if words is None:
        reason = NOT_TRIGGERED.get(clause, clause)
        if result.rule_source:
            return _("%(reason)s (%(source)s)") % {
                "reason": reason,
                "source": result.rule_source,
            }
        return str(reason)
    if result.advisory:
        return _(
            "Earlier criteria met (%(clause)s); now assessed by need: %(source)s"
        ) % {
            "clause": words,
            "source": result.rule_source,
        }
    return _("%(clause)s (%(source)s)") % {
        "clause": words,
        "source": result.rule_source,
    }


def describe_event(event: CaseEvent) -> str:
    """One line for the timeline, built from the event's non-personal details.

    Events that apps above cases record on a case (appropriation decisions)
    get only their label here; the page that shows them adds the details
    (casework.views.jobseeker)."""
    from .models.case import CaseStatus, ExitReason
    from .models.process import StepKind
    from .models.records import Channel, JobOfferOutcome, MeetingKind, PlanKind

    details = event.details or {}
    label = event.kind_label
    extra = ""
    if event.kind == "meeting_held":
        meeting = (
            MeetingKind(details["meeting"]).label if details.get("meeting") else ""
        )
        channel = Channel(details["channel"]).label if details.get("channel") else ""
        extra = f"{meeting}, {channel}"
        if details.get("on_time") is False:
            extra += " – " + _("after the deadline")
    elif event.kind == "plan_version_created" and details.get("plan"):
        extra = _("%(plan)s, version %(n)s") % {
            "plan": PlanKind(details["plan"]).label,
            "n": details.get("number"),
        }
    elif event.kind in ("case_status_changed", "case_closed") and details.get("new"):
        extra = str(CaseStatus(details["new"]).label)
        if details.get("exit_reason"):
            extra += ": " + str(ExitReason(details["exit_reason"]).label)
    elif event.kind == "job_offer_outcome" and details.get("outcome"):
        extra = str(JobOfferOutcome(details["outcome"]).label)
    elif event.kind in ("step_paused", "step_resumed", "step_overdue") and details.get(
        "step"
    ):
        extra = str(StepKind(details["step"]).label)
    elif event.kind in ("service_started", "service_ended") and details.get("service"):
        extra = details["service_name"] if details.get("service_name") else ""
        starts_on = details.get("starts_on")
        if event.kind == "service_started" and starts_on:
            starts = dt.date.fromisoformat(starts_on)
            if starts > event.occurred_on:
                # Recorded ahead of its start: not yet a service that started.
                return _("Service to start on %(date)s: %(service)s") % {
                    "date": _date(starts),
                    "service": extra,
                }
    return f"{label}: {extra}" if extra else label
