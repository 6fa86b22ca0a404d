"""Test data of reporting that no page writes: survey answers as the survey's
link stores them (reporting.surveys.survey_answer_record, tested with the
link in test_survey.py), without the appointment and message behind each."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reporting.models import SurveyAnswer

if TYPE_CHECKING:
    import datetime as dt

    from organisations.models import Organisation


def survey_answer(
    *, organisation: Organisation, answered_on: dt.date, score: int, **fields: Any
) -> SurveyAnswer:
    """One anonymous answer of the month `answered_on` falls in."""
    return SurveyAnswer.objects.create(
        organisation=organisation,
        month=answered_on.replace(day=1),
        score=score,
        **fields,
    )
