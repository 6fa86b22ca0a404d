"""Triggers of the activation plan, multi-sectoral assessment and integration plan."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .acts import (
    ACT_189_2001,
    ACT_381_2023,
    ACT_681_2023,
    ACT_1369_2014,
    ACT_1386_2010,
)
from .calendar import add_months

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class BenefitFacts:
    # Age in full years on the day the trigger is checked (rules.age_on).
    age: int
    has_employment_plan: bool
    # Cumulative labour market subsidy (LMS) days paid on grounds of unemployment.
    lms_days_for_unemployment: int
    lms_days_last_12_months: int
    # LMS days after the earnings-related or basic allowance maximum period.
    lms_days_after_max_allowance: int
    # Received earnings-related or basic allowance for the full maximum period.
    max_allowance_period_exhausted: bool
    # Consecutive months whose main income was social assistance due to
    # unemployment.
    months_main_income_social_assistance: int
    months_continuously_unemployed: int


@dataclass(frozen=True)
class TriggerRule:
    """One version of a condition's rule, with its validity and legal source."""

    code: str
    valid_from: dt.date
    # Inclusive; None while the version is still in force.
    valid_until: dt.date | None
    source: StrOrPromise


@dataclass(frozen=True)
class TriggerResult:
    triggered: bool
    # Machine code of the clause that decided, e.g. "25plus_lms_500_days", "none".
    clause: str
    # A lazy translation, shown in the reader's language (cases.explain).
    rule_source: StrOrPromise
    # True when the law no longer mandates the step but its old criteria are met.
    advisory: bool = False
    # The rule version that decided; None before any was in force.
    rule: TriggerRule | None = None


# "Under 25" means younger than 25 on the day checked (189/2001 3 §;
# 1369/2014 2 §).
AGE_LIMIT = 25

ACTIVATION_RULES_FROM = dt.date(2010, 9, 1)
# From 1.1.2026 the activation plan is only for people on social assistance
# due to unemployment; the benefit-day criteria go (HE 109/2025).
ACTIVATION_BENEFIT_CRITERIA_UNTIL = dt.date(2025, 12, 31)
ACTIVATION_SOURCE = format_lazy(
    "{} {}",
    ACT_189_2001,
    _("section 3, as amended by 314/2010, 937/2012 and 1384/2021"),
)
# The number of the act amending 189/2001 from 2026 was not found: the
# government bill is cited instead.
ACTIVATION_SOURCE_2026 = format_lazy(
    "{} {}", ACT_189_2001, _("section 3, as amended (HE 109/2025)")
)
ACTIVATION_UNDER25_LMS_DAYS_12_MONTHS = 180
ACTIVATION_UNDER25_SOCIAL_ASSISTANCE_MONTHS = 4
ACTIVATION_25PLUS_LMS_DAYS = 500
ACTIVATION_25PLUS_LMS_DAYS_AFTER_MAX_ALLOWANCE = 180
ACTIVATION_25PLUS_SOCIAL_ASSISTANCE_MONTHS = 12

MULTISECTORAL_RULES_FROM = dt.date(2015, 1, 1)
MULTISECTORAL_MANDATORY_UNTIL = dt.date(2024, 12, 31)
MULTISECTORAL_SOURCE = format_lazy("{} {}", ACT_1369_2014, _("section 2"))
# The section of 381/2023 on the multi-sectoral needs assessment is not
# confirmed (domain.md §6.2, §7.1; the Swedish text suggests 3 §): the act is
# cited without it.
MULTISECTORAL_SOURCE_2025 = ACT_381_2023
MULTISECTORAL_LMS_DAYS = 300
MULTISECTORAL_25PLUS_UNEMPLOYED_MONTHS = 12
MULTISECTORAL_UNDER25_UNEMPLOYED_MONTHS = 6

# From 1.1.2025 the repealed 1369/2014 2 § criteria only prompt the caseworker
# to consider a multi-sectoral service-needs assessment (advisory), which is
# made by need under 381/2023. ⚠ Whether 381/2023 kept any day triggers, the
# 3-month mapping period or the 6-month review is not verified (domain.md
# §6.2, §7.1), nor the section of 381/2023 that provides for the assessment.
MULTISECTORAL_NEED_BASED_FROM = dt.date(2025, 1, 1)

# Act 1386/2010 came into force 1.9.2011; Act 681/2023 replaced it 1.1.2025.
INTEGRATION_RULES_FROM = dt.date(2011, 9, 1)
INTEGRATION_681_2023_FROM = dt.date(2025, 1, 1)
INTEGRATION_SOURCE = ACT_1386_2010
# The 3-year window as kotoutuminen.fi describes it (domain.md §6.7).
INTEGRATION_SOURCE_2025 = ACT_681_2023
INTEGRATION_WINDOW_MONTHS = 36


ACTIVATION_RULE = TriggerRule(
    "activation_plan/2010-09-01",
    ACTIVATION_RULES_FROM,
    ACTIVATION_BENEFIT_CRITERIA_UNTIL,
    ACTIVATION_SOURCE,
)
ACTIVATION_RULE_2026 = TriggerRule(
    "activation_plan/2026-01-01",
    ACTIVATION_BENEFIT_CRITERIA_UNTIL + dt.timedelta(days=1),
    None,
    ACTIVATION_SOURCE_2026,
)
MULTISECTORAL_RULE = TriggerRule(
    "multisectoral_assessment/2015-01-01",
    MULTISECTORAL_RULES_FROM,
    MULTISECTORAL_MANDATORY_UNTIL,
    MULTISECTORAL_SOURCE,
)
MULTISECTORAL_RULE_2025 = TriggerRule(
    "multisectoral_assessment/2025-01-01",
    MULTISECTORAL_NEED_BASED_FROM,
    None,
    MULTISECTORAL_SOURCE_2025,
)
INTEGRATION_RULE = TriggerRule(
    "integration_plan/2011-09-01",
    INTEGRATION_RULES_FROM,
    INTEGRATION_681_2023_FROM - dt.timedelta(days=1),
    INTEGRATION_SOURCE,
)
INTEGRATION_RULE_2025 = TriggerRule(
    "integration_plan/2025-01-01",
    INTEGRATION_681_2023_FROM,
    None,
    INTEGRATION_SOURCE_2025,
)
TRIGGER_RULES = (
    ACTIVATION_RULE,
    ACTIVATION_RULE_2026,
    MULTISECTORAL_RULE,
    MULTISECTORAL_RULE_2025,
    INTEGRATION_RULE,
    INTEGRATION_RULE_2025,
)
# The first day any of the conditions had a rule in force.
CONDITIONS_FROM = min(rule.valid_from for rule in TRIGGER_RULES)


@dataclass(frozen=True)
class _Criterion:
    clause: str
    met: bool
    social_assistance: bool


def _activation_criteria(facts: BenefitFacts) -> tuple[_Criterion, ...]:
    """The 189/2001 3 § criteria for the person's age group, in the order of the law."""
    if facts.age < AGE_LIMIT:
        return (
            _Criterion(
                "under25_lms_180_days_12_months",
                facts.lms_days_last_12_months >= ACTIVATION_UNDER25_LMS_DAYS_12_MONTHS,
                social_assistance=False,
            ),
            _Criterion(
                "under25_max_allowance_exhausted",
                facts.max_allowance_period_exhausted,
                social_assistance=False,
            ),
            _Criterion(
                "under25_social_assistance_4_months",
                facts.months_main_income_social_assistance
                >= ACTIVATION_UNDER25_SOCIAL_ASSISTANCE_MONTHS,
                social_assistance=True,
            ),
        )
    return (
        _Criterion(
            "25plus_lms_500_days",
            facts.lms_days_for_unemployment >= ACTIVATION_25PLUS_LMS_DAYS,
            social_assistance=False,
        ),
        _Criterion(
            "25plus_lms_180_days_after_max_allowance",
            facts.lms_days_after_max_allowance
            >= ACTIVATION_25PLUS_LMS_DAYS_AFTER_MAX_ALLOWANCE,
            social_assistance=False,
        ),
        _Criterion(
            "25plus_social_assistance_12_months",
            facts.months_main_income_social_assistance
            >= ACTIVATION_25PLUS_SOCIAL_ASSISTANCE_MONTHS,
            social_assistance=True,
        ),
    )


def activation_plan_trigger(facts: BenefitFacts, *, on: dt.date) -> TriggerResult:
    """Whether an activation plan must be drawn up on `on` (189/2001 3 §)."""
    if on < ACTIVATION_RULES_FROM:
        return TriggerResult(triggered=False, clause="no_rule_in_force", rule_source="")
    benefit_criteria_apply = on <= ACTIVATION_BENEFIT_CRITERIA_UNTIL
    rule = ACTIVATION_RULE if benefit_criteria_apply else ACTIVATION_RULE_2026
    source = rule.source
    # The 25+ group needs an "earlier" employment plan: a current one counts.
    if not facts.has_employment_plan:
        return TriggerResult(
            triggered=False, clause="no_employment_plan", rule_source=source, rule=rule
        )
    criteria = _activation_criteria(facts)
    # From 2026 a social-assistance criterion still mandates the plan, so it
    # wins over an earlier-listed benefit criterion that is only advisory.
    for criterion in criteria:
        if criterion.met and (benefit_criteria_apply or criterion.social_assistance):
            return TriggerResult(
                triggered=True, clause=criterion.clause, rule_source=source, rule=rule
            )
    if any(criterion.met for criterion in criteria):
        # Benefit recipients now reach rehabilitative work activity through a
        # multi-sectoral plan of 381/2023 instead (HE 109/2025).
        return TriggerResult(
            triggered=False,
            clause="benefit_criteria_removed_2026",
            rule_source=source,
            advisory=True,
            rule=rule,
        )
    return TriggerResult(triggered=False, clause="none", rule_source=source, rule=rule)


def _multisectoral_clause(facts: BenefitFacts) -> str | None:
    """The first 1369/2014 2 § criterion the facts meet, if any."""
    if facts.lms_days_for_unemployment >= MULTISECTORAL_LMS_DAYS:
        return "lms_300_days"
    if (
        facts.age >= AGE_LIMIT
        and facts.months_continuously_unemployed
        >= MULTISECTORAL_25PLUS_UNEMPLOYED_MONTHS
    ):
        return "25plus_unemployed_12_months"
    if (
        facts.age < AGE_LIMIT
        and facts.months_continuously_unemployed
        >= MULTISECTORAL_UNDER25_UNEMPLOYED_MONTHS
    ):
        return "under25_unemployed_6_months"
    return None


def multisectoral_assessment_trigger(
    facts: BenefitFacts, *, on: dt.date
) -> TriggerResult:
    """Whether the need for multi-sectoral services must be assessed on `on`."""
    if on < MULTISECTORAL_RULES_FROM:
        return TriggerResult(triggered=False, clause="no_rule_in_force", rule_source="")
    clause = _multisectoral_clause(facts)
    if on <= MULTISECTORAL_MANDATORY_UNTIL:
        return TriggerResult(
            triggered=clause is not None,
            clause=clause or "none",
            rule_source=MULTISECTORAL_SOURCE,
            rule=MULTISECTORAL_RULE,
        )
    # From 2025 referral is need-based: the employment authority, wellbeing
    # county or Kela judges that coordination is needed (381/2023 3 §). The old
    # criteria still prompt the caseworker to consider an assessment.
    if clause is None:
        return TriggerResult(
            triggered=False,
            clause="none",
            rule_source=MULTISECTORAL_SOURCE_2025,
            rule=MULTISECTORAL_RULE_2025,
        )
    return TriggerResult(
        triggered=False,
        clause=f"{clause}_advisory",
        rule_source=format_lazy(
            _("{current}; criteria of {earlier}"),
            current=MULTISECTORAL_SOURCE_2025,
            earlier=MULTISECTORAL_SOURCE,
        ),
        advisory=True,
        rule=MULTISECTORAL_RULE_2025,
    )


def integration_plan_needed(
    *,
    is_immigrant: bool,
    first_residence_on: dt.date | None,
    on: dt.date,
    integration_need: bool,
) -> TriggerResult:
    """Whether a first integration plan is to be made on `on`."""
    if on < INTEGRATION_RULES_FROM:
        return TriggerResult(triggered=False, clause="no_rule_in_force", rule_source="")
    # Both acts give the first plan within 3 years of the first residence.
    rule = (
        INTEGRATION_RULE_2025 if on >= INTEGRATION_681_2023_FROM else INTEGRATION_RULE
    )
    source = rule.source
    if not is_immigrant:
        return TriggerResult(
            triggered=False, clause="not_immigrant", rule_source=source, rule=rule
        )
    if first_residence_on is None:
        # The caseworker has to find out the date before deciding.
        return TriggerResult(
            triggered=False,
            clause="first_residence_unknown",
            rule_source=source,
            rule=rule,
            advisory=True,
        )
    if on < first_residence_on:
        return TriggerResult(
            triggered=False,
            clause="before_first_residence",
            rule_source=source,
            rule=rule,
        )
    # The window is [first residence, first residence + 3 years): read as "less
    # than 3 years since", as Helsinki words it, so on the third anniversary it
    # has closed. A time limit counted under Act 150/1930 would instead end on
    # the anniversary itself.
    if on >= add_months(first_residence_on, INTEGRATION_WINDOW_MONTHS):
        return TriggerResult(
            triggered=False,
            clause="over_3_years_since_first_residence",
            rule_source=source,
            rule=rule,
        )
    if not integration_need:
        return TriggerResult(
            triggered=False, clause="no_integration_need", rule_source=source, rule=rule
        )
    return TriggerResult(
        triggered=True,
        clause="first_plan_within_3_years",
        rule_source=source,
        rule=rule,
    )
