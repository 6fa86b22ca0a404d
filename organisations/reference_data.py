"""Reference organisations named in the seed documents and ../shared/domain.md §4.

Loaded by migration 0002 and by `manage.py load_reference_data` (idempotent:
rows are matched by municipality code or Finnish name and updated in place).
Populations are ≈ end-2023, rounded, as domain.md gives them; where the pilot
application states its own figure (seed 003/004 era), that figure is kept in
`source` so the pilot check of issue 5 can use the application's numbers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

PP = "Pohjois-Pohjanmaa"
DOMAIN = (
    "../shared/domain.md §4 (Statistics Finland municipality codes; "
    "population ≈ end-2023)"
)


@dataclass(frozen=True)
class MunicipalityRow:
    code: str
    name: str
    name_sv: str
    region: str
    sub_region: str
    population: int
    note: str = ""


MUNICIPALITIES: tuple[MunicipalityRow, ...] = (
    MunicipalityRow(
        "009",
        "Alavieska",
        "",
        PP,
        "177 Ylivieska",
        2500,
        "2,573 in the pilot application.",
    ),
    MunicipalityRow("069", "Haapajärvi", "", PP, "176 Nivala-Haapajärvi", 6800),
    MunicipalityRow("071", "Haapavesi", "", PP, "175 Haapavesi-Siikalatva", 6700),
    MunicipalityRow(
        "111",
        "Heinola",
        "",
        "Päijät-Häme",
        "071 Lahti",
        18000,
        "Sub-region unconfirmed (domain.md ⚠).",
    ),
    MunicipalityRow(
        "208",
        "Kalajoki",
        "",
        PP,
        "177 Ylivieska",
        12300,
        "12,387 in the pilot application.",
    ),
    MunicipalityRow("317", "Kärsämäki", "", PP, "176 Nivala-Haapajärvi", 2400),
    MunicipalityRow(
        "483",
        "Merijärvi",
        "",
        PP,
        "177 Ylivieska",
        1050,
        "1,104 in the pilot application.",
    ),
    MunicipalityRow("535", "Nivala", "", PP, "176 Nivala-Haapajärvi", 10500),
    MunicipalityRow(
        "563",
        "Oulainen",
        "",
        PP,
        "177 Ylivieska",
        7100,
        "7,430 in the pilot application.",
    ),
    MunicipalityRow("564", "Oulu", "Uleåborg", PP, "171 Oulu", 215000),
    MunicipalityRow("630", "Pyhäntä", "", PP, "175 Haapavesi-Siikalatva", 1500),
    MunicipalityRow("691", "Reisjärvi", "", PP, "176 Nivala-Haapajärvi", 2700),
    MunicipalityRow("746", "Sievi", "", PP, "177 Ylivieska", 4700),
    MunicipalityRow("791", "Siikalatva", "", PP, "175 Haapavesi-Siikalatva", 5000),
    MunicipalityRow(
        "977",
        "Ylivieska",
        "",
        PP,
        "177 Ylivieska",
        15000,
        "15,212 in the pilot application.",
    ),
)


@dataclass(frozen=True)
class OrganisationRow:
    kind: str
    name: str
    name_sv: str
    name_en: str
    region: str = ""
    valid_from: dt.date = dt.date(1900, 1, 1)
    valid_until: dt.date | None = None
    source: str = ""


ORGANISATIONS: tuple[OrganisationRow, ...] = (
    OrganisationRow(
        "te_office",
        "Pohjois-Pohjanmaan TE-toimisto",
        "Arbets- och näringsbyrån i Norra Österbotten",
        "North Ostrobothnia TE Office",
        PP,
        valid_until=dt.date(2024, 12, 31),
        source="Seeds 000, 004; TE offices ended 31.12.2024 (HE 207/2022).",
    ),
    OrganisationRow(
        "te_office",
        "Hämeen TE-toimisto",
        "Arbets- och näringsbyrån i Tavastland",
        "Häme TE Office",
        "Kanta-Häme",
        valid_until=dt.date(2024, 12, 31),
        source="Seed 003 (Heinola cooperation since spring 2019).",
    ),
    OrganisationRow(
        "ely_centre",
        "Pohjois-Pohjanmaan ELY-keskus",
        "NTM-centralen i Norra Österbotten",
        "North Ostrobothnia ELY Centre",
        PP,
        valid_until=dt.date(2025, 12, 31),
        source="Seeds 000, 001; ELY centres replaced 1.1.2026 (domain.md §4).",
    ),
    OrganisationRow(
        "ely_centre",
        "Hämeen ELY-keskus",
        "NTM-centralen i Tavastland",
        "Häme ELY Centre",
        "Kanta-Häme",
        valid_until=dt.date(2025, 12, 31),
        source="domain.md §4 (Heinola: ELY Häme).",
    ),
    OrganisationRow(
        "vitality_centre",
        "Kaakkois-Suomen elinvoimakeskus",
        "Livskraftscentralen i Sydöstra Finland",
        "Southeast Finland Vitality Centre",
        "Päijät-Häme",
        valid_from=dt.date(2026, 1, 1),
        source="domain.md §4 (from 1.1.2026).",
    ),
    OrganisationRow(
        "vitality_centre",
        "Pohjois-Suomen elinvoimakeskus",
        "Livskraftscentralen i Norra Finland",
        "North Finland Vitality Centre",
        PP,
        valid_from=dt.date(2026, 1, 1),
        source="domain.md §4 (name unconfirmed ⚠).",
    ),
    OrganisationRow(
        "wellbeing_county",
        "Pohjois-Pohjanmaan hyvinvointialue",
        "Norra Österbottens välfärdsområde",
        "North Ostrobothnia Wellbeing Services County",
        PP,
        valid_from=dt.date(2023, 1, 1),
        source="domain.md §4.",
    ),
    OrganisationRow(
        "wellbeing_county",
        "Päijät-Hämeen hyvinvointialue",
        "Päijät-Tavastlands välfärdsområde",
        "Päijät-Häme Wellbeing Services County",
        "Päijät-Häme",
        valid_from=dt.date(2023, 1, 1),
        source="domain.md §4.",
    ),
    OrganisationRow(
        "kela",
        "Kansaneläkelaitos (Kela)",
        "Folkpensionsanstalten (FPA)",
        "Social Insurance Institution of Finland (Kela)",
        source="domain.md §1 (activation plan, multi-sectoral service).",
    ),
    OrganisationRow(
        "employment_area",
        "Ylivieskan–Kalajoen–Nivalan työllisyysalue",
        "Ylivieska–Kalajoki–Nivala sysselsättningsområde",
        "Ylivieska–Kalajoki–Nivala employment area",
        PP,
        valid_from=dt.date(2025, 1, 1),
        source="domain.md §2.3 (responsible municipality Ylivieska).",
    ),
    OrganisationRow(
        "employment_area",
        "Oulun työllisyysalue",
        "Uleåborgs sysselsättningsområde",
        "Oulu employment area",
        PP,
        valid_from=dt.date(2025, 1, 1),
        source="domain.md §2.3 (responsible municipality Oulu).",
    ),
    OrganisationRow(
        "pilot",
        "Ylivieskan seudun työllisyyden kuntakokeilu",
        "Kommunförsöket med sysselsättning i Ylivieskaregionen",
        "Ylivieska region municipal employment pilot",
        PP,
        valid_from=dt.date(2021, 3, 1),
        valid_until=dt.date(2024, 12, 31),
        source="Seed 001 (Alavieska, Kalajoki, Merijärvi, Oulainen, Ylivieska); "
        "pilot act 1269/2020, extended to 31.12.2024 (HE 17/2022).",
    ),
)

# (parent name, child municipality code, kind, valid_from, valid_until,
#  is_responsible, source)
RELATIONS: tuple[tuple[str, str, str, dt.date, dt.date | None, bool, str], ...] = (
    *(
        (
            "Ylivieskan seudun työllisyyden kuntakokeilu",
            code,
            "member",
            dt.date(2021, 3, 1),
            dt.date(2024, 12, 31),
            code == "977",
            "Seed 001.",
        )
        for code in ("009", "208", "483", "563", "977")
    ),
    *(
        (
            "Ylivieskan–Kalajoen–Nivalan työllisyysalue",
            code,
            "member",
            dt.date(2025, 1, 1),
            None,
            code == "977",
            "domain.md §2.3.",
        )
        for code in ("977", "208", "535")
    ),
    *(
        (
            "Ylivieskan–Kalajoen–Nivalan työllisyysalue",
            code,
            "member",
            dt.date(2025, 1, 1),
            None,
            False,
            "domain.md §4: planned, unconfirmed ⚠.",
        )
        for code in ("009", "483", "746")
    ),
    (
        "Oulun työllisyysalue",
        "564",
        "member",
        dt.date(2025, 1, 1),
        None,
        True,
        "domain.md §2.3.",
    ),
    *(
        (
            "Pohjois-Pohjanmaan TE-toimisto",
            row.code,
            "service_area",
            dt.date(1900, 1, 1),
            dt.date(2024, 12, 31),
            False,
            "domain.md §4.",
        )
        for row in MUNICIPALITIES
        if row.region == PP
    ),
    *(
        (
            "Pohjois-Pohjanmaan ELY-keskus",
            row.code,
            "service_area",
            dt.date(1900, 1, 1),
            dt.date(2025, 12, 31),
            False,
            "domain.md §4.",
        )
        for row in MUNICIPALITIES
        if row.region == PP
    ),
    *(
        (
            "Pohjois-Pohjanmaan hyvinvointialue",
            row.code,
            "service_area",
            dt.date(2023, 1, 1),
            None,
            False,
            "domain.md §4.",
        )
        for row in MUNICIPALITIES
        if row.region == PP
    ),
    (
        "Hämeen TE-toimisto",
        "111",
        "service_area",
        dt.date(1900, 1, 1),
        dt.date(2024, 12, 31),
        False,
        "Seed 003.",
    ),
    (
        "Hämeen ELY-keskus",
        "111",
        "service_area",
        dt.date(1900, 1, 1),
        dt.date(2025, 12, 31),
        False,
        "domain.md §4.",
    ),
    (
        "Kaakkois-Suomen elinvoimakeskus",
        "111",
        "service_area",
        dt.date(2026, 1, 1),
        None,
        False,
        "domain.md §4.",
    ),
    (
        "Päijät-Hämeen hyvinvointialue",
        "111",
        "service_area",
        dt.date(2023, 1, 1),
        None,
        False,
        "domain.md §4.",
    ),
)


def load_reference_data(organisation_model: Any, relation_model: Any) -> dict[str, int]:
    """Create or update the reference organisations; return counts of rows touched.

    Takes the model classes so that a migration can pass its historical models.
    """
    by_code: dict[str, Any] = {}
    for m in MUNICIPALITIES:
        org, _ = organisation_model.objects.update_or_create(
            municipality_code=m.code,
            defaults={
                "kind": "municipality",
                "name": m.name,
                "name_sv": m.name_sv or m.name,
                "name_en": m.name,
                "region": m.region,
                "sub_region": m.sub_region,
                "population": m.population,
                "population_year": 2023,
                "source": f"{DOMAIN}. {m.note}".strip(),
            },
        )
        by_code[m.code] = org
    by_name: dict[str, Any] = {}
    for o in ORGANISATIONS:
        org, _ = organisation_model.objects.update_or_create(
            kind=o.kind,
            name=o.name,
            defaults={
                "name_sv": o.name_sv,
                "name_en": o.name_en,
                "region": o.region,
                "valid_from": o.valid_from,
                "valid_until": o.valid_until,
                "source": o.source,
            },
        )
        by_name[o.name] = org
    for parent, code, kind, start, end, responsible, source in RELATIONS:
        relation_model.objects.update_or_create(
            parent=by_name[parent],
            child=by_code[code],
            kind=kind,
            valid_from=start,
            defaults={
                "valid_until": end,
                "is_responsible": responsible,
                "source": source,
            },
        )
    return {
        "municipalities": len(MUNICIPALITIES),
        "organisations": len(ORGANISATIONS),
        "relations": len(RELATIONS),
    }
