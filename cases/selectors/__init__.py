"""Reads of jobseekers and cases, always scoped in SQL by the reader's memberships.

- jobseekers: lists, counts and search
- worklist: the due steps of a reader's scope, counted and paged
- page: one jobseeker's records for the jobseeker page
- conditions: conditions and triggers on a chosen day
"""

from .conditions import (
    Condition,
    ConditionFacts,
    employment_plan_section,
    process_conditions_on,
)
from .jobseekers import (
    IDENTITY_CODE_PATTERN,
    SEARCH_LIMIT,
    jobseeker_counts_by_municipality,
    jobseeker_list_for_user,
    jobseeker_page,
    jobseeker_search,
)
from .page import (
    RECORD_LISTS,
    RECORD_PAGE,
    TIMELINE_PAGE,
    JobseekerOverview,
    PageSection,
    jobseeker_outside_scope,
    jobseeker_overview,
    plan_version_for_pdf,
    user_json,
    with_user,
)
from .worklist import (
    CASEWORKER_LIST_LIMIT,
    REMINDER_LIMIT,
    WORKLIST_COUNT_LIMIT,
    WORKLIST_HORIZON,
    WorklistFilter,
    WorklistLine,
    WorklistScreen,
    WorklistStep,
    caseworker_by_username,
    led_team_ids,
    led_teams,
    worklist_screen,
)

__all__ = [
    "CASEWORKER_LIST_LIMIT",
    "IDENTITY_CODE_PATTERN",
    "RECORD_LISTS",
    "RECORD_PAGE",
    "REMINDER_LIMIT",
    "SEARCH_LIMIT",
    "TIMELINE_PAGE",
    "WORKLIST_COUNT_LIMIT",
    "WORKLIST_HORIZON",
    "Condition",
    "ConditionFacts",
    "JobseekerOverview",
    "PageSection",
    "WorklistFilter",
    "WorklistLine",
    "WorklistScreen",
    "WorklistStep",
    "caseworker_by_username",
    "employment_plan_section",
    "jobseeker_counts_by_municipality",
    "jobseeker_list_for_user",
    "jobseeker_outside_scope",
    "jobseeker_overview",
    "jobseeker_page",
    "jobseeker_search",
    "led_team_ids",
    "led_teams",
    "plan_version_for_pdf",
    "process_conditions_on",
    "user_json",
    "with_user",
    "worklist_screen",
]
