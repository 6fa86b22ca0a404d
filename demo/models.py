"""The record of the demo data set loaded into this database."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q

from core.models import BaseModel


class DemoDataset(BaseModel):
    """The seed, size and anchor day of the demo data in this database.

    Process dates (registrations, interviews, steps due) are placed relative
    to `anchored_on`, the day of the first load; every later `demo_data` run
    reuses it, so the demo is the same people with the same histories on any
    day and a re-run adds nothing. `created_at` is when it was loaded.
    """

    seed = models.IntegerField()
    anchored_on = models.DateField()
    jobseekers_per_municipality = models.PositiveIntegerField()

    class Meta:
        constraints = [
            # One demo data set per database: a second load with other values
            # would mix two generations of synthetic people. Two first loads
            # at the same moment: the second waits on this index and fails.
            models.UniqueConstraint(
                models.Value(value=True),
                name="demo_dataset_only_one",
            ),
            # The demo is the employment areas' service (from 1.1.2025, Act
            # 380/2023) with the pilots before it as history.
            models.CheckConstraint(
                condition=Q(anchored_on__gte=dt.date(2025, 1, 1)),
                name="demo_dataset_anchored_after_reform",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"seed {self.seed}, {self.jobseekers_per_municipality} per "
            f"municipality, anchored on {self.anchored_on:%d.%m.%Y}"
        )
