"""Reference organisations named in the seed documents and ../shared/domain.md §4.

Loaded by migration 0002 and by `manage.py load_reference_data` (idempotent:
rows are matched by municipality code or Finnish name and updated in place).
Populations are ≈ end-2023, rounded, as domain.md gives them; where the pilot
application states its own figure (seed 003/004 era), that figure is kept in
`source` so the pilot check of issue 5 can use the application's numbers.

`source` is read by administrators: it names the documents themselves, in
Finnish like the rest of the reference data, never seed numbers or domain.md
(../shared/domain.md §4 is where these rows come from; its doubts are kept
as comments here). Migration 0005 rewrites the sources loaded before.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

PP = "Pohjois-Pohjanmaa"
# domain.md §4: Statistics Finland municipality codes; populations ≈ end-2023.
DOMAIN = "Tilastokeskuksen kuntakoodit; väkiluku noin vuoden 2023 lopussa"


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
        "Kokeiluhakemuksessa 2 573.",
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
        # The sub-region is unconfirmed (domain.md §4).
    ),
    MunicipalityRow(
        "208",
        "Kalajoki",
        "",
        PP,
        "177 Ylivieska",
        12300,
        "Kokeiluhakemuksessa 12 387.",
    ),
    MunicipalityRow("317", "Kärsämäki", "", PP, "176 Nivala-Haapajärvi", 2400),
    MunicipalityRow(
        "483",
        "Merijärvi",
        "",
        PP,
        "177 Ylivieska",
        1050,
        "Kokeiluhakemuksessa 1 104.",
    ),
    MunicipalityRow("535", "Nivala", "", PP, "176 Nivala-Haapajärvi", 10500),
    MunicipalityRow(
        "563",
        "Oulainen",
        "",
        PP,
        "177 Ylivieska",
        7100,
        "Kokeiluhakemuksessa 7 430.",
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
        "Kokeiluhakemuksessa 15 212.",
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
        source="Haapajärven kaupunginhallituksen pöytäkirjat 2019–2021; työ- ja "
        "elinkeinoministeriön kokeiluhaku. TE-toimistot lakkautettiin 31.12.2024 "
        "(HE 207/2022).",
    ),
    OrganisationRow(
        "te_office",
        "Hämeen TE-toimisto",
        "Arbets- och näringsbyrån i Tavastland",
        "Häme TE Office",
        "Kanta-Häme",
        valid_until=dt.date(2024, 12, 31),
        source="Heinolan hakemus työllisyyden kuntakokeiluun (yhteistyö keväästä "
        "2019).",
    ),
    OrganisationRow(
        "ely_centre",
        "Pohjois-Pohjanmaan ELY-keskus",
        "NTM-centralen i Norra Österbotten",
        "North Ostrobothnia ELY Centre",
        PP,
        valid_until=dt.date(2025, 12, 31),
        source="Haapajärven kaupunginhallituksen pöytäkirjat 2019–2021; "
        "Tahtotilasta tulokseen -hankkeen tiivistelmä. Elinvoimakeskukset "
        "korvasivat ELY-keskukset 1.1.2026.",
    ),
    OrganisationRow(
        "ely_centre",
        "Hämeen ELY-keskus",
        "NTM-centralen i Tavastland",
        "Häme ELY Centre",
        "Kanta-Häme",
        valid_until=dt.date(2025, 12, 31),
        source="Heinola kuului Hämeen ELY-keskuksen alueeseen.",
    ),
    OrganisationRow(
        "vitality_centre",
        "Kaakkois-Suomen elinvoimakeskus",
        "Livskraftscentralen i Sydöstra Finland",
        "Southeast Finland Vitality Centre",
        "Päijät-Häme",
        valid_from=dt.date(2026, 1, 1),
        source="1.1.2026 alkaen.",
    ),
    OrganisationRow(
        "vitality_centre",
        "Pohjois-Suomen elinvoimakeskus",
        "Livskraftscentralen i Norra Finland",
        "North Finland Vitality Centre",
        PP,
        valid_from=dt.date(2026, 1, 1),
        # The name is unconfirmed (domain.md §4).
        source="1.1.2026 alkaen.",
    ),
    OrganisationRow(
        "wellbeing_county",
        "Pohjois-Pohjanmaan hyvinvointialue",
        "Norra Österbottens välfärdsområde",
        "North Ostrobothnia Wellbeing Services County",
        PP,
        valid_from=dt.date(2023, 1, 1),
        source="Hyvinvointialueet 1.1.2023 alkaen.",
    ),
    OrganisationRow(
        "wellbeing_county",
        "Päijät-Hämeen hyvinvointialue",
        "Päijät-Tavastlands välfärdsområde",
        "Päijät-Häme Wellbeing Services County",
        "Päijät-Häme",
        valid_from=dt.date(2023, 1, 1),
        source="Hyvinvointialueet 1.1.2023 alkaen.",
    ),
    OrganisationRow(
        "kela",
        "Kansaneläkelaitos (Kela)",
        "Folkpensionsanstalten (FPA)",
        "Social Insurance Institution of Finland (Kela)",
        source="Aktivointisuunnitelma ja monialainen yhteispalvelu.",
    ),
    OrganisationRow(
        "employment_area",
        "Ylivieskan–Kalajoen–Nivalan työllisyysalue",
        "Ylivieska–Kalajoki–Nivala sysselsättningsområde",
        "Ylivieska–Kalajoki–Nivala employment area",
        PP,
        valid_from=dt.date(2025, 1, 1),
        source="Laki työvoimapalveluiden järjestämisestä (380/2023); vastuukunta "
        "Ylivieska.",
    ),
    OrganisationRow(
        "employment_area",
        "Oulun työllisyysalue",
        "Uleåborgs sysselsättningsområde",
        "Oulu employment area",
        PP,
        valid_from=dt.date(2025, 1, 1),
        source="Laki työvoimapalveluiden järjestämisestä (380/2023); vastuukunta Oulu.",
    ),
    OrganisationRow(
        "pilot",
        "Ylivieskan seudun työllisyyden kuntakokeilu",
        "Kommunförsöket med sysselsättning i Ylivieskaregionen",
        "Ylivieska region municipal employment pilot",
        PP,
        valid_from=dt.date(2021, 3, 1),
        valid_until=dt.date(2024, 12, 31),
        source="Tahtotilasta tulokseen -hankkeen tiivistelmä (Alavieska, Kalajoki, "
        "Merijärvi, Oulainen, Ylivieska); laki työllisyyden edistämisen "
        "kuntakokeilusta (1269/2020), jatkettu 31.12.2024 asti (HE 17/2022).",
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
            "Tahtotilasta tulokseen -hankkeen tiivistelmä.",
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
            "Laki työvoimapalveluiden järjestämisestä (380/2023).",
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
            # Planned members, unconfirmed (domain.md §4).
            "Suunniteltu jäsenkunta.",
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
        "Laki työvoimapalveluiden järjestämisestä (380/2023).",
    ),
    *(
        (
            "Pohjois-Pohjanmaan TE-toimisto",
            row.code,
            "service_area",
            dt.date(1900, 1, 1),
            dt.date(2024, 12, 31),
            False,
            "",
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
            "",
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
            "",
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
        "Heinolan hakemus työllisyyden kuntakokeiluun.",
    ),
    (
        "Hämeen ELY-keskus",
        "111",
        "service_area",
        dt.date(1900, 1, 1),
        dt.date(2025, 12, 31),
        False,
        "",
    ),
    (
        "Kaakkois-Suomen elinvoimakeskus",
        "111",
        "service_area",
        dt.date(2026, 1, 1),
        None,
        False,
        "",
    ),
    (
        "Päijät-Hämeen hyvinvointialue",
        "111",
        "service_area",
        dt.date(2023, 1, 1),
        None,
        False,
        "",
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


def rewrite_sources(organisation_model: Any, relation_model: Any) -> None:
    """The sources above on rows that still carry a text loaded before issue 18
    (one naming domain.md or a seed): rows an administrator edited stay."""
    old = Q(source__contains="domain.md") | Q(source__contains="Seed")
    for m in MUNICIPALITIES:
        organisation_model.objects.filter(old, municipality_code=m.code).update(
            source=f"{DOMAIN}. {m.note}".strip()
        )
    for o in ORGANISATIONS:
        organisation_model.objects.filter(old, kind=o.kind, name=o.name).update(
            source=o.source
        )
    for parent, code, kind, start, _end, _responsible, source in RELATIONS:
        relation_model.objects.filter(
            old,
            parent__name=parent,
            child__municipality_code=code,
            kind=kind,
            valid_from=start,
        ).update(source=source)
