"""The indicator definitions Polku computes, as data (../shared/domain.md §3,
seed 004's follow-up list). Loaded by migration; a changed definition is a new
row with a new version and validity, never an edit of the old one."""

from __future__ import annotations

import datetime as dt
from typing import Any

DEFINITIONS: tuple[dict[str, Any], ...] = (
    {
        "code": "jobseekers_month_end",
        "version": 1,
        "name": "Työnhakijat kuukauden lopussa",
        "name_sv": "Arbetssökande vid månadens slut",
        "name_en": "Jobseekers at month end",
        "numerator": "Persons with a job search open on the last day of the month",
        "denominator": "",
        "computation": "jobseekers_month_end",
        "unit": "count",
        "source": "Seed 004 (follow-up of jobseekers and clients); Act 380/2023 28 §",
        "valid_from": dt.date(2021, 3, 1),
    },
    {
        "code": "new_clients",
        "version": 1,
        "name": "Uudet asiakkaat",
        "name_sv": "Nya kunder",
        "name_en": "New clients",
        "numerator": "Job searches that started during the month",
        "denominator": "",
        "computation": "new_clients",
        "unit": "count",
        "source": "Seed 004 (follow-up of clients)",
        "valid_from": dt.date(2021, 3, 1),
    },
    {
        "code": "activation_rate",
        "version": 1,
        "name": "Aktivointiaste",
        "name_sv": "Aktiveringsgrad",
        "name_en": "Activation rate",
        "numerator": "Persons in activating services on the month's last day (ALP)",
        "denominator": "ALP + unemployed jobseekers not in such a service (U)",
        "computation": "activation_rate",
        "unit": "percent",
        "source": "Statistics Finland, Tilastokoulu 'Aktivointiaste': ALP / (ALP + U) "
        "* 100 (domain.md §3). Unemployed = registered as unemployed or fully "
        "laid off (status at registration).",
        "valid_from": dt.date(2021, 3, 1),
    },
    {
        "code": "service_starts",
        "version": 1,
        "name": "Alkaneet palvelut",
        "name_sv": "Påbörjade tjänster",
        "name_en": "Service starts",
        "numerator": "Service periods that started during the month",
        "denominator": "",
        "computation": "service_starts",
        "unit": "count",
        "source": "Seed 004 (service starts and short-term effectiveness)",
        "valid_from": dt.date(2021, 3, 1),
    },
    {
        "code": "deadline_compliance",
        "version": 1,
        "name": "Määräaikojen noudattaminen",
        "name_sv": "Iakttagande av tidsfrister",
        "name_en": "Deadline compliance",
        "numerator": "Initial interviews and job search discussions due in the month "
        "and held by their deadline",
        "denominator": "Initial interviews and job search discussions due in the "
        "month (not cancelled)",
        "computation": "deadline_compliance",
        "unit": "percent",
        "source": "Act 380/2023 ch. 2 (statutory deadlines, domain.md §2); "
        "Työllisyyskuva 2025 national indicator 'meeting statutory deadlines'",
        "valid_from": dt.date(2021, 3, 1),
    },
)
