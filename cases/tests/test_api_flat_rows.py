"""The API lists write their rows without DRF's per-field machinery
(core.api.FlatListSerializer): the JSON must be what DRF writes."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

import pytest
from rest_framework import serializers

from cases.api import serializers as s
from cases.models import Case
from cases.services import records
from core.api import FlatListSerializer

if TYPE_CHECKING:
    from accounts.models import User
    from tests.personas import Register

pytestmark = pytest.mark.django_db

FLAT = [
    cls
    for cls in vars(s).values()
    if isinstance(cls, type)
    and issubclass(cls, serializers.ModelSerializer)
    and getattr(cls.Meta, "list_serializer_class", None) is FlatListSerializer
]


def _as_drf_writes(cls: type[Any], rows: list[Any]) -> Any:
    return serializers.ListSerializer(child=cls(), instance=rows).data


def test_flat_rows_are_the_json_drf_writes(
    caseworker: User, register: Register
) -> None:
    cases = [
        register(email="testi@example.invalid", phone="+358401234567"),
        register(
            dt.date(2025, 1, 31),
            is_immigrant=True,
            first_residence_on=dt.date(2019, 3, 1),
            benefit_type="basic_allowance",
        ),
        register(
            dt.date(2024, 12, 31), mother_tongue="sv", lms_days_for_unemployment=120
        ),
    ]
    for n, case in enumerate(cases):
        records.note_add(
            case=case,
            text=f"Muistiinpano {n} ✓ <b>",
            is_health_related=n == 1,
            actor=caseworker,
            on=dt.date(2025, 6, 2),
        )
        records.meeting_record(
            case=case,
            kind="initial_interview",
            held_on=dt.date(2025, 6, 3),
            channel="phone",
            summary="",
            actor=caseworker,
        )
        records.job_offer_create(
            case=case,
            offered_on=dt.date(2025, 6, 4),
            employer="Oy Ab",
            job_title="Myyjä",
            vacancy_reference=f"V{n}",
            apply_by=None if n else dt.date(2025, 6, 30),
            actor=caseworker,
        )

    assert {c.__name__ for c in FLAT} >= {
        "JobseekerOutputSerializer",
        "CaseOutputSerializer",
        "JobSearchPeriodOutputSerializer",
        "NoteOutputSerializer",
        "MeetingOutputSerializer",
        "JobOfferOutputSerializer",
    }
    for cls in FLAT:
        model: Any = cls.Meta.model
        rows = list(model._default_manager.order_by("id"))
        assert rows, cls
        flat = cls(rows, many=True).data
        assert FlatListSerializer._plans[cls] is not None, cls
        assert json.dumps(flat) == json.dumps(_as_drf_writes(cls, rows)), cls


def test_a_serializer_with_nested_or_method_fields_is_written_by_drf() -> None:
    class WithMethod(serializers.ModelSerializer[Any]):
        label = serializers.SerializerMethodField()  # type: ignore[assignment]

        class Meta:
            model = Case
            list_serializer_class = FlatListSerializer
            fields = ["id", "label"]

        def get_label(self, case: Any) -> str:
            return f"#{case.pk}"

    assert list(WithMethod(Case.objects.none(), many=True).data) == []
    assert FlatListSerializer._plans[WithMethod] is None
