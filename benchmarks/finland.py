"""A synthetic Finland shaped like 2025: employment areas, their municipalities,
their staff and teams (issue 21).

From 1 January 2025 employment services are organised by employment areas
(laki työvoimapalveluiden järjestämisestä 380/2023): a municipality of at
least 20,000 inhabitants alone, or municipalities together. AREAS below has
47 of them, of 1 to 17 municipalities, covering mainland Finland's
municipalities (Åland has its own employment services).

Municipality codes are Statistics Finland's. Populations are approximate,
rounded from the end-2023 statistics; the areas' compositions follow the
2025 areas where the author knew them and are otherwise plausible
neighbours. Only the shape matters to the benchmarks: a capital of ~675,000
beside towns of 700, areas from one city to seventeen municipalities. The
area names are descriptive, not the areas' official names.

Staff (see `staff_plan`): one caseworker per CASES_PER_CASEWORKER expected
open cases of the area. In an area of several municipalities most
caseworkers are employed by the area (their membership covers every member
municipality) and each municipality keeps at least one of its own; in a
one-municipality area everyone is the municipality's. Caseworkers work in
teams of 6-12 (a unit of 2-5 is one team), each with a team lead in the
same organisation; every
municipality has a lead without a team (the whole organisation is theirs),
every area a coordinator and two partner organisations (third sector) with
two partner workers each.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

# (area name, responsible municipality code, ((code, name, population), ...))
AREAS: tuple[tuple[str, str, tuple[tuple[str, str, int], ...]], ...] = (
    ("Helsingin työllisyysalue", "091", (("091", "Helsinki", 675000),)),
    (
        "Espoon seudun työllisyysalue",
        "049",
        (
            ("049", "Espoo", 310000),
            ("235", "Kauniainen", 10200),
            ("257", "Kirkkonummi", 41000),
        ),
    ),
    (
        "Vantaan ja Keravan työllisyysalue",
        "092",
        (("092", "Vantaa", 245000), ("245", "Kerava", 38000)),
    ),
    (
        "Keski-Uudenmaan työllisyysalue",
        "106",
        (
            ("106", "Hyvinkää", 47000),
            ("186", "Järvenpää", 46000),
            ("505", "Mäntsälä", 21000),
            ("543", "Nurmijärvi", 45000),
            ("611", "Pornainen", 5000),
            ("858", "Tuusula", 40000),
        ),
    ),
    (
        "Länsi-Uudenmaan työllisyysalue",
        "444",
        (
            ("444", "Lohja", 46000),
            ("927", "Vihti", 29000),
            ("224", "Karkkila", 8600),
            ("755", "Siuntio", 6200),
            ("149", "Inkoo", 5500),
            ("710", "Raasepori", 27500),
            ("078", "Hanko", 8000),
        ),
    ),
    (
        "Itä-Uudenmaan työllisyysalue",
        "638",
        (
            ("638", "Porvoo", 51000),
            ("434", "Loviisa", 14500),
            ("018", "Askola", 4900),
            ("407", "Lapinjärvi", 2600),
            ("504", "Myrskylä", 1900),
            ("616", "Pukkila", 1900),
            ("753", "Sipoo", 23000),
        ),
    ),
    (
        "Turun seudun työllisyysalue",
        "853",
        (
            ("853", "Turku", 202000),
            ("202", "Kaarina", 36000),
            ("680", "Raisio", 24500),
            ("529", "Naantali", 19800),
            ("423", "Lieto", 21000),
            ("577", "Paimio", 11000),
            ("481", "Masku", 9900),
            ("704", "Rusko", 6300),
            ("538", "Nousiainen", 4700),
            ("503", "Mynämäki", 7600),
            ("738", "Sauvo", 3000),
            ("445", "Parainen", 15000),
            ("019", "Aura", 4000),
            ("636", "Pöytyä", 8000),
            ("561", "Oripää", 1300),
            ("480", "Marttila", 1900),
            ("284", "Koski Tl", 2300),
        ),
    ),
    (
        "Salon seudun työllisyysalue",
        "734",
        (("734", "Salo", 51000), ("761", "Somero", 8600), ("322", "Kemiönsaari", 6500)),
    ),
    (
        "Vakka-Suomen työllisyysalue",
        "895",
        (
            ("895", "Uusikaupunki", 15000),
            ("400", "Laitila", 8300),
            ("631", "Pyhäranta", 2000),
            ("918", "Vehmaa", 2300),
            ("833", "Taivassalo", 1500),
            ("304", "Kustavi", 1000),
            ("430", "Loimaa", 15500),
        ),
    ),
    (
        "Tampereen seudun työllisyysalue",
        "837",
        (
            ("837", "Tampere", 255000),
            ("211", "Kangasala", 33500),
            ("418", "Lempäälä", 24500),
            ("536", "Nokia", 35500),
            ("604", "Pirkkala", 20500),
            ("922", "Vesilahti", 4500),
            ("980", "Ylöjärvi", 33500),
            ("562", "Orivesi", 9000),
            ("108", "Hämeenkyrö", 10300),
            ("177", "Juupajoki", 1800),
            ("635", "Pälkäne", 6400),
            ("291", "Kuhmoinen", 2100),
        ),
    ),
    (
        "Etelä-Pirkanmaan työllisyysalue",
        "908",
        (
            ("020", "Akaa", 16500),
            ("908", "Valkeakoski", 20700),
            ("887", "Urjala", 4600),
            ("790", "Sastamala", 24000),
            ("619", "Punkalaidun", 2700),
        ),
    ),
    (
        "Ylä-Pirkanmaan työllisyysalue",
        "143",
        (
            ("143", "Ikaalinen", 6900),
            ("581", "Parkano", 6200),
            ("250", "Kihniö", 1800),
            ("936", "Virrat", 6500),
            ("702", "Ruovesi", 4200),
            ("508", "Mänttä-Vilppula", 9500),
        ),
    ),
    (
        "Porin seudun työllisyysalue",
        "609",
        (
            ("609", "Pori", 83500),
            ("886", "Ulvila", 13000),
            ("079", "Harjavalta", 6800),
            ("531", "Nakkila", 5300),
            ("271", "Kokemäki", 6900),
            ("484", "Merikarvia", 2900),
            ("608", "Pomarkku", 2000),
            ("747", "Siikainen", 1400),
            ("051", "Eurajoki", 9200),
            ("214", "Kankaanpää", 11000),
            ("230", "Karvia", 2000),
            ("181", "Jämijärvi", 1800),
        ),
    ),
    (
        "Rauman seudun työllisyysalue",
        "684",
        (
            ("684", "Rauma", 38500),
            ("050", "Eura", 11400),
            ("783", "Säkylä", 6300),
            ("102", "Huittinen", 10000),
        ),
    ),
    (
        "Hämeenlinnan seudun työllisyysalue",
        "109",
        (
            ("109", "Hämeenlinna", 68000),
            ("082", "Hattula", 9300),
            ("165", "Janakkala", 16300),
        ),
    ),
    (
        "Riihimäen seudun työllisyysalue",
        "694",
        (
            ("694", "Riihimäki", 28700),
            ("086", "Hausjärvi", 8000),
            ("433", "Loppi", 7800),
        ),
    ),
    (
        "Forssan seudun työllisyysalue",
        "061",
        (
            ("061", "Forssa", 16700),
            ("169", "Jokioinen", 5100),
            ("834", "Tammela", 5800),
            ("103", "Humppila", 2100),
            ("981", "Ypäjä", 2300),
        ),
    ),
    (
        "Päijät-Hämeen työllisyysalue",
        "398",
        (
            ("398", "Lahti", 121000),
            ("098", "Hollola", 23000),
            ("560", "Orimattila", 15900),
            ("016", "Asikkala", 7900),
            ("316", "Kärkölä", 4300),
            ("576", "Padasjoki", 2800),
            ("781", "Sysmä", 3500),
            ("081", "Hartola", 2600),
            ("111", "Heinola", 18000),
            ("142", "Iitti", 6600),
        ),
    ),
    ("Kouvolan työllisyysalue", "286", (("286", "Kouvola", 78500),)),
    (
        "Kotkan-Haminan seudun työllisyysalue",
        "285",
        (
            ("285", "Kotka", 51000),
            ("075", "Hamina", 19200),
            ("624", "Pyhtää", 5200),
            ("935", "Virolahti", 3000),
            ("489", "Miehikkälä", 1900),
        ),
    ),
    (
        "Etelä-Karjalan työllisyysalue",
        "405",
        (
            ("405", "Lappeenranta", 73000),
            ("153", "Imatra", 25500),
            ("416", "Lemi", 3000),
            ("441", "Luumäki", 4500),
            ("739", "Savitaipale", 3200),
            ("831", "Taipalsaari", 4800),
            ("580", "Parikkala", 4600),
            ("689", "Rautjärvi", 3100),
            ("700", "Ruokolahti", 4800),
        ),
    ),
    (
        "Mikkelin seudun työllisyysalue",
        "491",
        (
            ("491", "Mikkeli", 52000),
            ("097", "Hirvensalmi", 2100),
            ("213", "Kangasniemi", 5000),
            ("507", "Mäntyharju", 5600),
            ("588", "Pertunmaa", 1600),
            ("623", "Puumala", 2200),
        ),
    ),
    (
        "Itä-Savon työllisyysalue",
        "740",
        (
            ("740", "Savonlinna", 31500),
            ("046", "Enonkoski", 1300),
            ("681", "Rantasalmi", 3400),
            ("768", "Sulkava", 2400),
        ),
    ),
    (
        "Pieksämäen seudun työllisyysalue",
        "593",
        (
            ("593", "Pieksämäki", 17000),
            ("171", "Joroinen", 4600),
            ("178", "Juva", 6000),
        ),
    ),
    (
        "Kuopion seudun työllisyysalue",
        "297",
        (
            ("297", "Kuopio", 125000),
            ("749", "Siilinjärvi", 21700),
            ("204", "Kaavi", 2700),
            ("857", "Tuusniemi", 2500),
            ("686", "Rautalampi", 3000),
            ("921", "Vesanto", 2000),
            ("844", "Tervo", 1500),
            ("778", "Suonenjoki", 6900),
        ),
    ),
    (
        "Ylä-Savon työllisyysalue",
        "140",
        (
            ("140", "Iisalmi", 21000),
            ("402", "Lapinlahti", 9300),
            ("263", "Kiuruvesi", 7500),
            ("925", "Vieremä", 3500),
            ("762", "Sonkajärvi", 3800),
            ("595", "Pielavesi", 4300),
            ("239", "Keitele", 2200),
        ),
    ),
    (
        "Varkauden seudun työllisyysalue",
        "915",
        (
            ("915", "Varkaus", 19800),
            ("420", "Leppävirta", 9300),
            ("090", "Heinävesi", 3200),
        ),
    ),
    (
        "Joensuun seudun työllisyysalue",
        "167",
        (
            ("167", "Joensuu", 77500),
            ("276", "Kontiolahti", 15000),
            ("426", "Liperi", 12200),
            ("309", "Outokumpu", 6500),
            ("607", "Polvijärvi", 4100),
            ("707", "Rääkkylä", 2000),
            ("146", "Ilomantsi", 4700),
            ("176", "Juuka", 4600),
            ("260", "Kitee", 10200),
            ("848", "Tohmajärvi", 4200),
        ),
    ),
    (
        "Pielisen Karjalan työllisyysalue",
        "422",
        (("422", "Lieksa", 10500), ("541", "Nurmes", 7300), ("911", "Valtimo", 2000)),
    ),
    (
        "Jyväskylän seudun työllisyysalue",
        "179",
        (
            ("179", "Jyväskylä", 147000),
            ("410", "Laukaa", 19000),
            ("500", "Muurame", 10300),
            ("850", "Toivakka", 2400),
            ("892", "Uurainen", 3500),
            ("592", "Petäjävesi", 3800),
            ("077", "Hankasalmi", 4700),
            ("435", "Luhanka", 700),
            ("172", "Joutsa", 4300),
            ("275", "Konnevesi", 2600),
        ),
    ),
    (
        "Pohjoisen Keski-Suomen työllisyysalue",
        "992",
        (
            ("992", "Äänekoski", 18500),
            ("729", "Saarijärvi", 9000),
            ("931", "Viitasaari", 6000),
            ("601", "Pihtipudas", 3800),
            ("226", "Karstula", 3900),
            ("216", "Kannonkoski", 1300),
            ("265", "Kivijärvi", 1100),
            ("312", "Kyyjärvi", 1300),
            ("256", "Kinnula", 1600),
            ("495", "Multia", 1700),
        ),
    ),
    (
        "Jämsän ja Keuruun työllisyysalue",
        "182",
        (("182", "Jämsä", 19700), ("249", "Keuruu", 9400)),
    ),
    (
        "Seinäjoen seudun työllisyysalue",
        "743",
        (
            ("743", "Seinäjoki", 65000),
            ("145", "Ilmajoki", 12000),
            ("408", "Lapua", 14000),
            ("233", "Kauhava", 15200),
            ("300", "Kuortane", 3500),
        ),
    ),
    (
        "Etelä-Pohjanmaan maakunnan työllisyysalue",
        "301",
        (
            ("232", "Kauhajoki", 12600),
            ("301", "Kurikka", 20000),
            ("846", "Teuva", 5000),
            ("218", "Karijoki", 1200),
            ("151", "Isojoki", 1900),
            ("010", "Alavus", 11000),
            ("989", "Ähtäri", 5400),
            ("759", "Soini", 2000),
            ("005", "Alajärvi", 9000),
            ("934", "Vimpeli", 2900),
            ("403", "Lappajärvi", 2900),
            ("052", "Evijärvi", 2400),
        ),
    ),
    (
        "Vaasan seudun työllisyysalue",
        "905",
        (
            ("905", "Vaasa", 68500),
            ("499", "Mustasaari", 19500),
            ("399", "Laihia", 8300),
            ("475", "Maalahti", 5500),
            ("946", "Vöyri", 6500),
            ("152", "Isokyrö", 4600),
            ("545", "Närpiö", 9500),
            ("280", "Korsnäs", 2100),
            ("287", "Kristiinankaupunki", 6300),
            ("231", "Kaskinen", 1200),
        ),
    ),
    (
        "Keski-Pohjanmaan työllisyysalue",
        "272",
        (
            ("272", "Kokkola", 48000),
            ("217", "Kannus", 5400),
            ("236", "Kaustinen", 4200),
            ("924", "Veteli", 3000),
            ("849", "Toholampi", 3000),
            ("421", "Lestijärvi", 700),
            ("074", "Halsua", 1100),
            ("584", "Perho", 2700),
            ("288", "Kruunupyy", 6500),
        ),
    ),
    (
        "Pietarsaaren seudun työllisyysalue",
        "598",
        (
            ("598", "Pietarsaari", 19000),
            ("599", "Pedersöre", 11200),
            ("893", "Uusikaarlepyy", 7500),
            ("440", "Luoto", 5600),
        ),
    ),
    (
        "Oulun työllisyysalue",
        "564",
        (
            ("564", "Oulu", 215000),
            ("244", "Kempele", 19500),
            ("425", "Liminka", 10300),
            ("436", "Lumijoki", 2000),
            ("859", "Tyrnävä", 6700),
            ("494", "Muhos", 8700),
            ("889", "Utajärvi", 2600),
            ("072", "Hailuoto", 1000),
            ("139", "Ii", 10000),
        ),
    ),
    (
        "Raahen seudun työllisyysalue",
        "678",
        (
            ("678", "Raahe", 24000),
            ("748", "Siikajoki", 5000),
            ("625", "Pyhäjoki", 3000),
        ),
    ),
    (
        "Ylivieskan–Kalajoen–Nivalan työllisyysalue",
        "977",
        (
            ("977", "Ylivieska", 15300),
            ("208", "Kalajoki", 12300),
            ("535", "Nivala", 10500),
            ("009", "Alavieska", 2500),
            ("483", "Merijärvi", 1050),
            ("746", "Sievi", 4700),
            ("563", "Oulainen", 7000),
        ),
    ),
    (
        "Nivala-Haapajärven ja Siikalatvan työllisyysalue",
        "069",
        (
            ("069", "Haapajärvi", 6800),
            ("317", "Kärsämäki", 2400),
            ("691", "Reisjärvi", 2700),
            ("626", "Pyhäjärvi", 5000),
            ("071", "Haapavesi", 6700),
            ("630", "Pyhäntä", 1500),
            ("791", "Siikalatva", 5000),
        ),
    ),
    (
        "Koillismaan työllisyysalue",
        "305",
        (
            ("305", "Kuusamo", 15000),
            ("832", "Taivalkoski", 3800),
            ("615", "Pudasjärvi", 7600),
            ("614", "Posio", 3000),
        ),
    ),
    (
        "Kainuun työllisyysalue",
        "205",
        (
            ("205", "Kajaani", 36500),
            ("765", "Sotkamo", 10300),
            ("290", "Kuhmo", 8000),
            ("777", "Suomussalmi", 7600),
            ("578", "Paltamo", 3200),
            ("620", "Puolanka", 2500),
            ("105", "Hyrynsalmi", 2100),
            ("697", "Ristijärvi", 1200),
            ("785", "Vaala", 2800),
        ),
    ),
    (
        "Rovaniemen seudun työllisyysalue",
        "698",
        (
            ("698", "Rovaniemi", 65000),
            ("683", "Ranua", 3700),
            ("732", "Salla", 3300),
            ("320", "Kemijärvi", 7000),
            ("583", "Pelkosenniemi", 900),
            ("742", "Savukoski", 1000),
        ),
    ),
    (
        "Meri-Lapin työllisyysalue",
        "240",
        (
            ("240", "Kemi", 20000),
            ("851", "Tornio", 21500),
            ("241", "Keminmaa", 7800),
            ("751", "Simo", 3000),
            ("845", "Tervola", 2800),
            ("976", "Ylitornio", 3800),
        ),
    ),
    (
        "Tunturi-Lapin työllisyysalue",
        "261",
        (
            ("261", "Kittilä", 6600),
            ("273", "Kolari", 3800),
            ("498", "Muonio", 2300),
            ("047", "Enontekiö", 1800),
            ("854", "Pello", 3300),
        ),
    ),
    (
        "Pohjois-Lapin työllisyysalue",
        "148",
        (("148", "Inari", 7000), ("758", "Sodankylä", 8100), ("890", "Utsjoki", 1200)),
    ),
)

CASES_PER_CASEWORKER = 120
TEAM_SIZES = (6, 12)  # inclusive bounds of a team's caseworkers
AREA_EMPLOYED_SHARE = 0.7  # of the caseworkers of an area of several municipalities
# Caseload spread: a caseworker's share of the pool is exp(sigma * z), z ~ N(0, 1).
CASELOAD_SIGMA = 0.7


@dataclass
class Person:
    username: str
    organisation: str  # a municipality code or "area:<n>" or "partner:<n>.<k>"
    role: str
    team: str | None = None  # team name within the organisation
    weight: float = 0.0  # caseworkers: relative caseload


@dataclass
class AreaPlan:
    number: int
    name: str
    responsible: str
    municipalities: tuple[tuple[str, str, int], ...]
    people: list[Person] = field(default_factory=list)
    teams: dict[str, str] = field(default_factory=dict)  # team name -> organisation


def population() -> int:
    return sum(p for _name, _resp, ms in AREAS for _c, _n, p in ms)


def staff_plan(size: int, *, seed: int, open_share: float) -> list[AreaPlan]:
    """Who works where, deterministic by seed, for `size` jobseekers."""
    rng = random.Random(seed * 7919)  # noqa: S311 - synthetic data
    total = population()
    plans = []
    for number, (name, responsible, municipalities) in enumerate(AREAS, start=1):
        plan = AreaPlan(number, name, responsible, municipalities)
        area_population = sum(p for _c, _n, p in municipalities)
        expected = size * area_population / total * open_share
        count = max(len(municipalities) + 1, round(expected / CASES_PER_CASEWORKER))
        several = len(municipalities) > 1
        # Each municipality keeps one of its own; the rest are the area's
        # (AREA_EMPLOYED_SHARE of all) or the municipalities' by population.
        own = {code: 1 for code, _n, _p in municipalities}
        area_count = round(count * AREA_EMPLOYED_SHARE) if several else 0
        rest = max(0, count - area_count - len(municipalities))
        for _ in range(rest):
            code = rng.choices(
                [c for c, _n, _p in municipalities], [p for _c, _n, p in municipalities]
            )[0]
            own[code] += 1
        pools: list[tuple[str, list[Person]]] = []
        if area_count:
            pools.append(
                (
                    f"area:{number}",
                    [
                        Person(f"bench.cw.a{number:02d}.{n:04d}", f"area:{number}",
                               "caseworker")
                        for n in range(area_count)
                    ],
                )
            )  # fmt: skip
        for code, n_own in own.items():
            pools.append(
                (
                    code,
                    [
                        Person(f"bench.cw.{code}.{n:04d}", code, "caseworker")
                        for n in range(n_own)
                    ],
                )
            )
        for organisation, workers in pools:
            for worker in workers:
                worker.weight = rng.lognormvariate(0.0, CASELOAD_SIGMA)
            # Teams of 6-12 in the organisation that employs them, each with
            # its lead; a lone municipal caseworker has no team.
            position = 0
            team_no = 0
            # A unit of 2-5 is one team (no draw, so that the caseloads and
            # teams of larger units are the same whatever the small ones do).
            while len(workers) - position >= TEAM_SIZES[0] or (
                position == 0 and len(workers) >= 2
            ):
                team_no += 1
                if len(workers) < TEAM_SIZES[0]:
                    take = len(workers)
                else:
                    take = min(rng.randint(*TEAM_SIZES), len(workers) - position)
                if len(workers) - position - take < TEAM_SIZES[0]:
                    take = len(workers) - position
                team = f"Tiimi {team_no}"
                plan.teams[f"{organisation}/{team}"] = organisation
                for worker in workers[position : position + take]:
                    worker.team = team
                suffix = organisation.replace(":", "")
                plan.people.append(
                    Person(
                        f"bench.teamlead.{suffix}.{team_no:02d}",
                        organisation,
                        "team_lead",
                        team,
                    )
                )
                position += take
            plan.people.extend(workers)
        for code, _n, _p in municipalities:
            plan.people.append(Person(f"bench.lead.{code}", code, "team_lead"))
        plan.people.append(
            Person(f"bench.coord.a{number:02d}", f"area:{number}", "coordinator")
        )
        for k in (1, 2):
            for w in (1, 2):
                plan.people.append(
                    Person(
                        f"bench.partner.a{number:02d}.{k}.{w}",
                        f"partner:{number}.{k}",
                        "partner_worker",
                    )
                )
        plans.append(plan)
    return plans
