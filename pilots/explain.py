"""Eligibility decisions in words: "eligible: under 30 on 1.3.2021"."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .rules import Outcome

if TYPE_CHECKING:
    import datetime as dt

    from .models import EligibilityResult, EligibilityRuleSet
    from .rules import CheckReport

CLAUSE_TEXT = {
    "not_earnings_related": gettext_lazy("not entitled to earnings-related allowance"),
    "under_age": gettext_lazy("under %(age)s"),
    "immigrant_or_foreign_language": gettext_lazy(
        "immigrant or foreign-language speaker"
    ),
    "temporary_protection": gettext_lazy(
        "under temporary protection without a home municipality"
    ),
    "not_in_area": gettext_lazy("home municipality not in the pilot area"),
    "no_home_municipality": gettext_lazy("no home municipality in the pilot area"),
    "not_jobseeker": gettext_lazy("not an unemployed jobseeker or in a service"),
    "no_clause": gettext_lazy("none of the target-group grounds applies"),
    # The dry run's "before" when no version was in force on the day.
    "no_rule": gettext_lazy("no rule version in force"),
}


def clause_text(code: str, *, age: object = 30) -> str:
    """A clause or a reason in words, with its age limit: "under 30"."""
    return str(CLAUSE_TEXT.get(code, code)) % {"age": age}


def rule_set_age(clauses: list[dict[str, Any]]) -> object:
    """The age limit of a rule version's age clause (30 when it has none)."""
    return next((c.get("age") for c in clauses if c.get("clause") == "under_age"), 30)


def describe_clauses(clauses: list[dict[str, Any]]) -> list[str]:
    """A rule version's clauses in words, in the order they are tried."""
    return [clause_text(str(c.get("clause")), age=c.get("age")) for c in clauses]


def explain_eligibility(result: EligibilityResult) -> str:
    """The decision with the deciding clause, the day and the rule version used."""
    return explain_decision(
        eligible=result.eligible,
        clause=result.clause,
        on=result.evaluated_on,
        rule_set=result.rule_set,
    )


def explain_decision(
    *, eligible: bool, clause: str, on: dt.date, rule_set: EligibilityRuleSet
) -> str:
    """ "eligible: under 30 on 1.3.2021 (rule version 1)"."""
    words = clause_text(clause, age=rule_set_age(rule_set.clauses))
    day = date_format(on, "SHORT_DATE_FORMAT")
    if eligible:
        text = _("eligible: %(clause)s on %(day)s") % {"clause": words, "day": day}
    else:
        text = _("not eligible: %(clause)s on %(day)s") % {"clause": words, "day": day}
    return _("%(text)s (rule version %(version)d)") % {
        "text": text,
        "version": rule_set.version,
    }


CONDITION_LABELS = {
    # xgettext:no-python-format  # noqa: ERA001 - a directive to xgettext
    "population": gettext_lazy("Combined population at least 30,000"),
    "single_ely_area": gettext_lazy("Municipalities within one ELY area"),
    # xgettext:no-python-format  # noqa: ERA001 - a directive to xgettext
    "te_client_share": gettext_lazy(
        "At most about 40 % of the TE office's jobseeker clients"
    ),
    # xgettext:no-python-format  # noqa: ERA001 - a directive to xgettext
    "own_resourcing": gettext_lazy(
        "Own resourcing at least 15 % of 2018 labour market subsidy"
    ),
    "labour_force": gettext_lazy("Labour force at least 20,000"),
    "contiguity": gettext_lazy("Geographically contiguous, a functional labour market"),
    "responsible_member": gettext_lazy("A responsible municipality among the members"),
}


def _outcome_count(outcome: Outcome, n: int) -> str:
    if outcome == Outcome.PASS:
        return ngettext("%(n)d condition passes", "%(n)d conditions pass", n) % {"n": n}
    if outcome == Outcome.WAIVED:
        return ngettext(
            "%(n)d waived with justification", "%(n)d waived with justification", n
        ) % {"n": n}
    if outcome == Outcome.FAIL:
        return ngettext("%(n)d fails", "%(n)d fail", n) % {"n": n}
    return ngettext("%(n)d without figures", "%(n)d without figures", n) % {"n": n}


def check_summary(report: CheckReport) -> str:
    """The check in one line: the overall result and how many conditions
    have each outcome. The list of pilots and areas and each one's page
    show this same line, so they cannot disagree: a list that says only
    "incomplete" next to a page whose population condition passes did."""
    overall = {
        Outcome.PASS: _("All conditions pass or are waived"),
        Outcome.FAIL: _("At least one condition fails"),
        Outcome.UNKNOWN: _("Figures missing"),
    }[report.outcome]
    counts = Counter(c.outcome for c in report.conditions)
    parts = [
        _outcome_count(outcome, counts[outcome])
        for outcome in (Outcome.PASS, Outcome.WAIVED, Outcome.FAIL, Outcome.UNKNOWN)
        if counts[outcome]
    ]
    return _("%(overall)s: %(counts)s") % {
        "overall": overall,
        "counts": ", ".join(parts),
    }
