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
    {
        "code": "exits_to_employment",
        "version": 1,
        "name": "Työhön päättyneet asiakkuudet",
        "name_sv": "Kundrelationer som avslutats till arbete",
        "name_en": "Exits to employment",
        "numerator": "Cases closed during the month with the exit reason open-market "
        "or subsidised employment (the exit reasons have no separate "
        "self-employment choice)",
        "denominator": "All cases closed during the month",
        "computation": "exits_to_employment",
        "unit": "percent",
        "source": "Seed 004 (unemployment ending in employment or education); "
        "exit reasons of cases.ExitReason",
        "valid_from": dt.date(2021, 3, 1),
    },
    {
        "code": "exits_to_education",
        "version": 1,
        "name": "Koulutukseen päättyneet asiakkuudet",
        "name_sv": "Kundrelationer som avslutats till utbildning",
        "name_en": "Exits to education",
        "numerator": "Cases closed during the month with the exit reason education",
        "denominator": "All cases closed during the month",
        "computation": "exits_to_education",
        "unit": "percent",
        "source": "Seed 004 (unemployment ending in employment or education); "
        "exit reasons of cases.ExitReason",
        "valid_from": dt.date(2021, 3, 1),
    },
    {
        "code": "employed_3_months_after_service",
        "version": 1,
        "name": "Avoimilla työmarkkinoilla 3 kk palvelun jälkeen",
        "name_sv": "På den öppna arbetsmarknaden 3 mån. efter tjänsten",
        "name_en": "In open-market employment 3 months after a service",
        "numerator": "Of the service periods in the denominator, those whose "
        "jobseeker was in open-market employment on the follow-up day (end + 90 "
        "days): the latest case closed on or before that day ended with the exit "
        "reason open-market employment and no job search was running that day, "
        "or a job search registered as 'employed, seeking another job' was "
        "running that day",
        "denominator": "Service periods whose follow-up day (end + 90 days) falls "
        "in the month, i.e. services that ended about 3 months before it; a "
        "service counts only once its 90 days have passed",
        "computation": "employed_3_months_after_service",
        "unit": "percent",
        "maturity_days": 90,
        "source": "Placement after service, TEM-analyyseja 88/2018 (domain.md §3): "
        "share in open-market employment 3 months after the service ended. Polku "
        "has no employment register, so employment is read from its own exit "
        "reasons; subsidised employment is not counted, as in the definition, so "
        "that a pay subsidy does not count as its own outcome. ⚠ Whether the "
        "pilots' 'vaikuttavuus 3 kk' counted 'not unemployed' or education is "
        "open (domain.md open question 6)",
        "valid_from": dt.date(2021, 3, 1),
    },
    {
        "code": "long_term_unemployed_share",
        "version": 1,
        "name": "Pitkäaikaistyöttömien osuus",
        "name_sv": "Andelen långtidsarbetslösa",
        "name_en": "Long-term unemployed share",
        "numerator": "Unemployed jobseekers on the month's last day whose job "
        "search began at least 12 months earlier (on or before the same day a "
        "year before)",
        "denominator": "Unemployed jobseekers on the month's last day: job search "
        "open, registered as unemployed or fully laid off, not in an activating "
        "service (U of the activation rate)",
        "computation": "long_term_unemployed_share",
        "unit": "percent",
        "source": "TEM employment service statistics: long-term unemployed = "
        "continuously unemployed for at least one year; share = LTU / U * 100 "
        "(domain.md §3, §6.6). ⚠ Which breaks interrupt continuous "
        "unemployment is undocumented: services within a job search do not",
        "valid_from": dt.date(2021, 3, 1),
    },
    {
        "code": "overdue_steps_month_end",
        "version": 1,
        "name": "Myöhässä olevat prosessivaiheet kuun lopussa",
        "name_sv": "Försenade processteg vid månadens slut",
        "name_en": "Overdue process steps at month end",
        "numerator": "Process steps due before the month's last day and not done "
        "at its end: open now, done after the month, or paused only after it. "
        "Paused steps on the day and cancelled steps do not count; a step's "
        "current due date is used",
        "denominator": "",
        "computation": "overdue_steps_month_end",
        "unit": "count",
        "source": "Act 380/2023 ch. 4 and the earlier acts behind each step's "
        "deadline (cases.rules.process; domain.md §1); Työllisyyskuva 2025 "
        "national indicator 'meeting statutory deadlines'",
        "valid_from": dt.date(2021, 3, 1),
    },
    {
        "code": "labour_market_subsidy_municipal_share",
        "version": 1,
        "name": "Kunnan rahoitusosuus työmarkkinatuesta",
        "name_sv": "Kommunens finansieringsandel av arbetsmarknadsstödet",
        "name_en": "Municipal share of labour market subsidy",
        "numerator": "Estimated subsidy days of the month times the municipal "
        "per cent of each day (50 after day 300, 70 after day 1,000 of the "
        "cumulative counter), per home municipality",
        "denominator": "Estimated subsidy days of the month times 100: weekdays "
        "of job searches of jobseekers on labour market subsidy, without days in "
        "activating services; the day counter is projected from its as-of date "
        "at five days a week",
        "computation": "labour_market_subsidy_municipal_share",
        "unit": "percent",
        "source": "Act 555/1998 as in force until 31.12.2024 (Kela 'Finansiering "
        "av arbetsmarknadsstödet'; TE-palvelut Pirkanmaa; domain.md §3, §6.3); "
        "reporting.rules.SUBSIDY_FINANCING_RULES. Person-days, not euros: Polku "
        "has no payment amounts. A band starts the day after its threshold, not "
        "at the end of that payment period",
        "valid_from": dt.date(2021, 3, 1),
        "valid_until": dt.date(2024, 12, 31),
    },
    {
        "code": "labour_market_subsidy_municipal_share",
        "version": 2,
        "name": "Kunnan rahoitusosuus työmarkkinatuesta (arvio)",
        "name_sv": "Kommunens finansieringsandel av arbetsmarknadsstödet "
        "(uppskattning)",
        "name_en": "Municipal share of labour market subsidy (estimate)",
        "numerator": "Estimated subsidy days of the month times the municipal "
        "per cent of each day by the last confirmed bands (50 after day 300, 70 "
        "after day 1,000), per home municipality",
        "denominator": "Estimated subsidy days of the month times 100: weekdays "
        "of job searches of jobseekers on labour market subsidy, including days "
        "in services except subsidised work and start-up grant; the day counter "
        "is projected from its as-of date at five days a week",
        "computation": "labour_market_subsidy_municipal_share",
        "unit": "percent",
        "source": "Financing reform from 1.1.2025 (HE 207/2022; Kela 29.5.2024 "
        "and 24.2.2025): service days are co-financed. ⚠ ESTIMATE: the 2025 "
        "percentages and thresholds are not confirmed (domain.md §3, §6.3, open "
        "question 3), so the bands in force until 31.12.2024 are applied. Basic "
        "and earnings-related allowance, co-financed from 2025, are not in this "
        "figure. Person-days, not euros",
        "valid_from": dt.date(2025, 1, 1),
    },
    {
        "code": "client_satisfaction",
        "version": 1,
        "name": "Asiakastyytyväisyys",
        "name_sv": "Kundnöjdhet",
        "name_en": "Client satisfaction",
        "numerator": "Client-survey answers given during the month with score 4 "
        "or 5 (scale 1-5)",
        "denominator": "All client-survey answers given during the month",
        "computation": "client_satisfaction",
        "unit": "percent",
        "source": "Seed 004 (target-group client satisfaction); KEHA client "
        "survey (domain.md §3, §5). Anonymous answers (reporting.SurveyAnswer)",
        "valid_from": dt.date(2021, 3, 1),
    },
)
