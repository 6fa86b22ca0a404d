"""Seed pilots, employment areas and target-group rule versions (loaded by migration).

Figures come from the seeds and ../shared/domain.md; where the sources give
none (TE client counts, 2018 expenditure, labour force) they are left empty
and the checks say "unknown" rather than guess.

Texts that users read cite the documents by their own names (the ministry's
call, Heinola's application, the acts), never by seed number. Migration 0002
loads RULE_SETS with the fields of its time; the Swedish and English names
and sources of the rule versions are in RULE_SET_TEXTS (migration 0005).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

RULE_SETS = (
    {
        "version": 1,
        "name": "Kuntakokeilujen kohderyhmä 1.3.2021",
        "valid_from": dt.date(2021, 3, 1),
        "clauses": [
            {"clause": "not_earnings_related"},
            {"clause": "under_age", "age": 30},
            {"clause": "immigrant_or_foreign_language"},
        ],
        # Seed 004 ("Kohderyhmä"); the act's 4 § names the target group.
        "source": "Laki työllisyyden edistämisen kuntakokeilusta (1269/2020) 4 §; "
        "HE 87/2020; työ- ja elinkeinoministeriön täydentävän kokeiluhaun "
        "reunaehdot 2020 (kohderyhmä)",
    },
    {
        "version": 2,
        "name": "Tilapäistä suojelua saavat mukaan 1.3.2023",
        "valid_from": dt.date(2023, 3, 1),
        "clauses": [
            {"clause": "not_earnings_related"},
            {"clause": "under_age", "age": 30},
            {"clause": "immigrant_or_foreign_language"},
            {"clause": "temporary_protection"},
        ],
        # The section HE 295/2022 amended is not confirmed: the act is cited.
        "source": "Laki työllisyyden edistämisen kuntakokeilusta (1269/2020), "
        "muutos HE 295/2022: tilapäistä suojelua saavat ilman kotikuntaa "
        "1.3.2023 alkaen",
    },
)

YLIVIESKA_PILOT = "Ylivieskan seudun työllisyyden kuntakokeilu"
# Application populations (seed 001 area; domain.md §4): 38,706 in all.
YLIVIESKA_POPULATIONS = {
    "009": 2573,
    "208": 12387,
    "483": 1104,
    "563": 7430,
    "977": 15212,
}

HEINOLA_PILOT = "Heinolan työllisyyden kuntakokeilu (hakemus)"
# Seed 003, question 3, in the application's own language.
HEINOLA_JUSTIFICATION = (
    "Hakemuksen kohta 3: 30 000 asukkaan alaraja ei täyty, mutta työ- ja "
    "elinkeinoministeriön ohjeistuksen mukaan siitä voi poiketa perustelluista "
    "syistä: korkea ja pitkittynyt työttömyys, kasvava työvoiman tarve ja "
    "työvoimapula, seutukaupunki sekä valtakunnallisesti kiinnostava monialainen "
    "paikallinen palvelumalli."
)
YLIVIESKA_PILOT_SOURCE = (
    "Kokeilukunnat: Tahtotilasta tulokseen -hankkeen tiivistelmä; väkiluvut "
    "kokeiluhakemuksesta; laki työllisyyden edistämisen kuntakokeilusta "
    "(1269/2020), voimassaoloa jatkettu 31.12.2024 asti (HE 17/2022)."
)
# Whether Heinola was selected is not confirmed (domain.md §2.4, open question
# 5): the pilot stays "applied".
HEINOLA_SOURCE = "Heinolan hakemus työllisyyden kuntakokeiluun 11.11.2019."
HEINOLA_PILOT_SOURCE = (
    "Heinolan hakemus työllisyyden kuntakokeiluun 11.11.2019. Väkiluku noin "
    "vuoden 2023 lopussa (Tilastokeskus); hakemuksessa ei ole omaa lukua."
)

# Swedish and English names and sources of the rule versions (migration 0005).
RULE_SET_TEXTS: dict[int, dict[str, str]] = {
    1: {
        "name_sv": "Målgruppen för kommunförsöken 1.3.2021",
        "name_en": "Target group of the municipal pilots 1.3.2021",
        "source_sv": "Lag om ett kommunförsök som gäller främjande av "
        "sysselsättningen (1269/2020) 4 §; RP 87/2020; arbets- och "
        "näringsministeriets villkor för den kompletterande ansökan om försök "
        "2020 (målgrupp)",
        "source_en": "Act on a Municipal Pilot to Promote Employment (1269/2020) "
        "section 4; HE 87/2020; conditions of the Ministry of Economic Affairs "
        "and Employment's supplementary pilot call 2020 (target group)",
    },
    2: {
        "name_sv": "Personer med tillfälligt skydd med från 1.3.2023",
        "name_en": "Persons under temporary protection included from 1.3.2023",
        "source_sv": "Lag om ett kommunförsök som gäller främjande av "
        "sysselsättningen (1269/2020), ändring RP 295/2022: personer som får "
        "tillfälligt skydd och saknar hemkommun från 1.3.2023",
        "source_en": "Act on a Municipal Pilot to Promote Employment (1269/2020), "
        "amendment HE 295/2022: persons under temporary protection without a "
        "home municipality from 1.3.2023",
    },
}


def load_pilot_reference_data(models: dict[str, Any]) -> None:
    """Create rule versions, the seed pilots and the employment areas (idempotent)."""
    organisation = models["Organisation"]
    relation = models["OrganisationRelation"]
    for data in RULE_SETS:
        models["EligibilityRuleSet"].objects.update_or_create(
            version=data["version"],
            defaults={
                **{k: v for k, v in data.items() if k != "version"},
                "status": "active",
            },
        )

    by_code = {
        o.municipality_code: o for o in organisation.objects.filter(kind="municipality")
    }
    ely_pp = organisation.objects.filter(name="Pohjois-Pohjanmaan ELY-keskus").first()
    ely_hame = organisation.objects.filter(name="Hämeen ELY-keskus").first()

    ylivieska_org = organisation.objects.get(kind="pilot", name=YLIVIESKA_PILOT)
    pilot, _ = models["Pilot"].objects.update_or_create(
        organisation=ylivieska_org,
        defaults={
            "responsible_municipality": by_code["977"],
            "status": "ended",
            "starts_on": dt.date(2021, 3, 1),
            "ends_on": dt.date(2024, 12, 31),
            "source": YLIVIESKA_PILOT_SOURCE,
        },
    )
    for code, population in YLIVIESKA_POPULATIONS.items():
        models["PilotMunicipality"].objects.update_or_create(
            pilot=pilot,
            municipality=by_code[code],
            defaults={"population": population, "ely_centre": ely_pp},
        )

    heinola_org, _ = organisation.objects.get_or_create(
        kind="pilot",
        name=HEINOLA_PILOT,
        defaults={
            "name_sv": "Heinola kommunförsök med sysselsättning (ansökan)",
            "name_en": "Heinola municipal employment pilot (application)",
            "region": "Päijät-Häme",
            "valid_from": dt.date(2021, 3, 1),
            "valid_until": dt.date(2024, 12, 31),
            "source": HEINOLA_SOURCE,
        },
    )
    relation.objects.get_or_create(
        parent=heinola_org,
        child=by_code["111"],
        kind="member",
        valid_from=dt.date(2021, 3, 1),
        defaults={
            "valid_until": dt.date(2024, 12, 31),
            "is_responsible": True,
            "source": HEINOLA_SOURCE,
        },
    )
    heinola, _ = models["Pilot"].objects.update_or_create(
        organisation=heinola_org,
        defaults={
            "responsible_municipality": by_code["111"],
            "status": "applied",
            "starts_on": dt.date(2021, 3, 1),
            "ends_on": dt.date(2024, 12, 31),
            "source": HEINOLA_PILOT_SOURCE,
        },
    )
    models["PilotMunicipality"].objects.update_or_create(
        pilot=heinola,
        municipality=by_code["111"],
        defaults={
            "population": by_code["111"].population or 18000,
            "ely_centre": ely_hame,
        },
    )
    models["ConditionWaiver"].objects.update_or_create(
        pilot=heinola,
        condition="population",
        defaults={"justification": HEINOLA_JUSTIFICATION},
    )

    for name, responsible in (
        ("Ylivieskan–Kalajoen–Nivalan työllisyysalue", "977"),
        ("Oulun työllisyysalue", "564"),
    ):
        area_org = organisation.objects.get(kind="employment_area", name=name)
        area, _ = models["EmploymentArea"].objects.update_or_create(
            organisation=area_org,
            defaults={
                "responsible_municipality": by_code[responsible],
                "contiguity_declared": True,
                # No decision is on record (domain.md §2.3 gives the area).
                "decision_reference": "",
            },
        )
        for link in relation.objects.filter(parent=area_org, kind="member"):
            models["AreaMunicipality"].objects.get_or_create(
                area=area, municipality_id=link.child_id
            )


def translate_reference_texts(models: dict[str, Any]) -> None:
    """Rewrite the texts of the rows loaded by migration 0002 as they read now:
    the documents' own names instead of seed numbers, and the rule versions'
    names and sources in Swedish and English. Rows recorded by people (drafted
    rule versions, waivers with a recorder) are not touched."""
    sources = {data["version"]: data["source"] for data in RULE_SETS}
    for version, texts in RULE_SET_TEXTS.items():
        models["EligibilityRuleSet"].objects.filter(
            version=version, created_by__isnull=True
        ).update(source=sources[version], **texts)
    pilot = models["Pilot"]
    pilot.objects.filter(organisation__name=YLIVIESKA_PILOT).update(
        source=YLIVIESKA_PILOT_SOURCE
    )
    pilot.objects.filter(organisation__name=HEINOLA_PILOT).update(
        source=HEINOLA_PILOT_SOURCE
    )
    models["Organisation"].objects.filter(kind="pilot", name=HEINOLA_PILOT).update(
        source=HEINOLA_SOURCE
    )
    models["OrganisationRelation"].objects.filter(
        parent__name=HEINOLA_PILOT, source="Seed 003."
    ).update(source=HEINOLA_SOURCE)
    models["ConditionWaiver"].objects.filter(
        pilot__organisation__name=HEINOLA_PILOT,
        condition="population",
        recorded_by__isnull=True,
    ).update(justification=HEINOLA_JUSTIFICATION)
    models["EmploymentArea"].objects.filter(decision_reference="domain.md §2.3").update(
        decision_reference=""
    )
