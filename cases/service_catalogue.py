"""The service catalogue loaded by migration (seed 002's local statutory
services; which services count as "active" follows Statistics Finland's
definition of the activation rate, Tilastokoulu "Aktivointiaste", domain.md §3).

Sources are read by administrators: they name the documents and acts in
Finnish, never seed numbers; doubts stay in the comments here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q

ACTIVATION_RATE = "Tilastokeskus, Tilastokoulu ”Aktivointiaste”"
# Seed 002's list of delegated local statutory services.
SEED_002 = (
    "Maakunnallinen työllisyysaluemalli (Pohjois-Pohjanmaa): delegoidut "
    "lakisääteiset lähipalvelut"
)
SINCE = dt.date(2013, 1, 1)

# code, Finnish, Swedish, English, category, counts as active, source
SERVICE_TYPES: tuple[tuple[str, str, str, str, str, bool, str], ...] = (
    (
        "pay_subsidy",
        "Palkkatuki",
        "Lönesubvention",
        "Pay subsidy",
        "subsidised_work",
        True,
        ACTIVATION_RATE,
    ),
    (
        "work_trial",
        "Työkokeilu",
        "Arbetsprövning",
        "Work trial",
        "trial",
        True,
        ACTIVATION_RATE,
    ),
    (
        "education_trial",
        "Koulutuskokeilu",
        "Utbildningsprövning",
        "Education trial",
        "trial",
        True,
        ACTIVATION_RATE,
    ),
    (
        "labour_market_training",
        "Työvoimakoulutus",
        "Arbetskraftsutbildning",
        "Labour market training",
        "training",
        True,
        ACTIVATION_RATE,
    ),
    (
        "integration_training",
        "Kotoutumiskoulutus",
        "Integrationsutbildning",
        "Integration training",
        "training",
        True,
        ACTIVATION_RATE,
    ),
    (
        "self_motivated_study",
        "Omaehtoinen opiskelu työttömyysetuudella",
        "Frivilliga studier med arbetslöshetsförmån",
        "Self-motivated study on unemployment benefit",
        "training",
        True,
        ACTIVATION_RATE,
    ),
    (
        "coaching",
        "Valmennus",
        "Coachning",
        "Coaching",
        "coaching",
        True,
        ACTIVATION_RATE,
    ),
    (
        "rehabilitative_work",
        "Kuntouttava työtoiminta",
        "Arbetsverksamhet i rehabiliteringssyfte",
        "Rehabilitative work activity",
        "rehabilitation",
        True,
        f"{ACTIVATION_RATE}; laki kuntouttavasta työtoiminnasta (189/2001)",
    ),
    (
        "job_alternation_substitute",
        "Vuorottelusijaisuus",
        "Alterneringsvikariat",
        "Job alternation substitute",
        "subsidised_work",
        True,
        # The date job alternation leave ended is unverified.
        f"{ACTIVATION_RATE}; vuorotteluvapaa lakkautettiin vuonna 2024",
    ),
    (
        "start_up_grant",
        "Starttiraha",
        "Startpeng",
        "Start-up grant",
        "enterprise",
        True,
        # Whether the start-up grant counts differs by definition (domain.md §3).
        ACTIVATION_RATE,
    ),
    (
        "apprenticeship",
        "Oppisopimuskoulutus",
        "Läroavtalsutbildning",
        "Apprenticeship training",
        "training",
        False,
        SEED_002,
    ),
    (
        "expert_assessment",
        "Asiantuntija-arviointi",
        "Expertbedömning",
        "Expert assessment",
        "guidance",
        False,
        SEED_002,
    ),
    (
        "career_guidance",
        "Ammatinvalinta- ja uraohjaus",
        "Yrkesval- och karriärvägledning",
        "Career guidance",
        "guidance",
        False,
        SEED_002,
    ),
    (
        "work_ability_coordination",
        "Työkykykoordinaattorin palvelut",
        "Arbetsförmågekoordinatorns tjänster",
        "Work ability coordinator services",
        "guidance",
        False,
        SEED_002,
    ),
    (
        "multisectoral_service",
        "Monialainen yhteispalvelu (TYP)",
        "Sektorsövergripande samservice (TYP)",
        "Multi-sectoral joint service (TYP)",
        "guidance",
        False,
        "Laki työllistymistä edistävästä monialaisesta yhteispalvelusta "
        "(1369/2014); laki työllistymisen monialaisesta edistämisestä (381/2023)",
    ),
)


def load_service_types(service_type_model: Any) -> int:
    """Create or update the catalogue; returns the number of service types."""
    for code, fi, sv, en, category, active, source in SERVICE_TYPES:
        service_type_model.objects.update_or_create(
            code=code,
            defaults={
                "name": fi,
                "name_sv": sv,
                "name_en": en,
                "category": category,
                "counts_as_active": active,
                "source": source,
                "valid_from": SINCE,
            },
        )
    return len(SERVICE_TYPES)


def rewrite_sources(service_type_model: Any) -> None:
    """The sources above on rows still carrying a text loaded before issue 18."""
    old = Q(source__contains="domain.md") | Q(source__contains="Seed")
    old |= Q(source__startswith="Act ")
    for code, *_names, source in SERVICE_TYPES:
        service_type_model.objects.filter(old, code=code).update(source=source)
