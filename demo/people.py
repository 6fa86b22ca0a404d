"""The demo's synthetic people: names, languages, identity codes, birth dates.

A person is a function of the seed, the municipality and the person's number
in it, never of the day: the same seed gives the same people on any day of
the year, and a smaller `--jobseekers` gives the first people of a larger one
(unless two happened to draw the same identity code). Nothing may look like a
real person's record: identity codes use the temporary individual numbers
900-999, which are never issued.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from cases import rules

FINNISH_FIRST_NAMES = (
    "Aino",
    "Eero",
    "Helmi",
    "Juha",
    "Kaisa",
    "Lauri",
    "Minna",
    "Niko",
    "Oona",
    "Pekka",
    "Riikka",
    "Sami",
    "Tiina",
    "Ville",
    "Elina",
    "Antti",
    "Sanna",
    "Mikko",
    "Hanna",
    "Jari",
    "Leena",
    "Matti",
    "Noora",
    "Tuomas",
    "Satu",
    "Ilkka",
    "Veera",
    "Joni",
    "Katja",
    "Teemu",
)
FINNISH_LAST_NAMES = (
    "Korhonen",
    "Virtanen",
    "Mäkinen",
    "Nieminen",
    "Mäkelä",
    "Hämäläinen",
    "Laine",
    "Heikkinen",
    "Koskinen",
    "Järvinen",
    "Lehtonen",
    "Lehtinen",
    "Saarinen",
    "Salminen",
    "Heinonen",
    "Niemi",
    "Kinnunen",
    "Salonen",
    "Turunen",
    "Tuominen",
    "Rantanen",
    "Karjalainen",
    "Jokinen",
    "Mattila",
    "Savolainen",
    "Lahtinen",
    "Ahonen",
    "Pesonen",
    "Kallio",
    "Hiltunen",
)
SWEDISH_FIRST_NAMES = (
    "Anna",
    "Erik",
    "Linnea",
    "Johan",
    "Maria",
    "Anders",
    "Sofia",
    "Mikael",
    "Emma",
    "Henrik",
    "Ida",
    "Fredrik",
    "Ebba",
    "Oskar",
    "Ulla",
)
SWEDISH_LAST_NAMES = (
    "Andersson",
    "Lindholm",
    "Nyström",
    "Sjöberg",
    "Holmström",
    "Lindqvist",
    "Björklund",
    "Eriksson",
    "Backman",
    "Granholm",
    "Forsström",
    "Wikström",
)
OTHER_FIRST_NAMES = (
    ("Ahmed", "ar"),
    ("Fatima", "ar"),
    ("Olena", "uk"),
    ("Dmytro", "uk"),
    ("Hodan", "so"),
    ("Abdi", "so"),
    ("Elena", "ru"),
    ("Sergei", "ru"),
    ("Mai", "vi"),
    ("Tuan", "vi"),
    ("Kristiina", "et"),
    ("Priit", "et"),
)
OTHER_LAST_NAMES = {
    "ar": ("Hassan", "Ali", "Mahmoud"),
    "uk": ("Kovalenko", "Shevchenko", "Bondarenko"),
    "so": ("Warsame", "Farah", "Abdullahi"),
    "ru": ("Ivanova", "Smirnov", "Popova"),
    "vi": ("Nguyen", "Tran", "Pham"),
    "et": ("Tamm", "Saar", "Kask"),
}
LANGUAGE_NAMES = {
    "ar": "arabia",
    "uk": "ukraina",
    "so": "somali",
    "ru": "venäjä",
    "vi": "vietnam",
    "et": "viro",
}

# Demo municipalities: two members of the Ylivieska-area pilot (2021-2024) and
# of the employment area after it, and Heinola as "another municipality"
# outside that area, for access demonstrations.
DEMO_MUNICIPALITIES = {"208": "kalajoki", "977": "ylivieska", "111": "heinola"}

# Birth dates: 1962-2005, so that everyone is of working age in the pilot
# years (2021-2024) and at anchors of the next years; fixed, not counted back
# from the day, so the people stay the same whenever the demo is loaded.
BORN_FROM = dt.date(1962, 1, 1)
BORN_UNTIL = dt.date(2005, 12, 31)


@dataclass(frozen=True)
class Person:
    key: str  # "<municipality code>-<number>", stable for a seed
    number: int  # within the municipality, from 0
    municipality_code: str
    identity_code: str
    birth_date: dt.date
    first_names: str
    last_name: str
    mother_tongue: str
    other_language: str

    @property
    def email(self) -> str:
        local = f"{self.first_names.split()[0]}.{self.last_name}".lower()
        return f"{local.translate(str.maketrans('äöå', 'aoa'))}@example.invalid"


def person_random(
    seed: int, municipality_code: str, number: int, use: str
) -> random.Random:
    """A generator of its own for each person and use: one person's draws never
    shift another's. String seeds are hashed (SHA-512), so the same everywhere."""
    return random.Random(f"polku-demo:{seed}:{municipality_code}:{number}:{use}")  # noqa: S311 - demo data, not security


def people_plan(*, seed: int, per_municipality: int) -> list[Person]:
    """The demo's people, municipality by municipality (DEMO_MUNICIPALITIES)."""
    used: set[str] = set()
    people = []
    for code in DEMO_MUNICIPALITIES:
        for number in range(per_municipality):
            rng = person_random(seed, code, number, "person")
            people.append(_person(rng, code, number, used))
    return people


def _person(rng: random.Random, code: str, number: int, used: set[str]) -> Person:
    birth_date = BORN_FROM + dt.timedelta(
        days=rng.randint(0, (BORN_UNTIL - BORN_FROM).days)
    )
    roll = rng.random()
    other = ""
    if roll < 0.08:
        first, language = rng.choice(OTHER_FIRST_NAMES)
        last = rng.choice(OTHER_LAST_NAMES[language])
        tongue, other = "other", LANGUAGE_NAMES[language]
    else:
        tongue = "sv" if roll < 0.14 else "fi"
        pool = SWEDISH_FIRST_NAMES if tongue == "sv" else FINNISH_FIRST_NAMES
        first_name, second_name = rng.choice(pool), rng.choice(pool)
        first = (
            first_name if second_name == first_name else f"{first_name} {second_name}"
        )
        last = rng.choice(SWEDISH_LAST_NAMES if tongue == "sv" else FINNISH_LAST_NAMES)
    while True:
        # A person's own draws: a clash (same birth date and number as an
        # earlier person, ~1 in 10,000) draws again, deterministically.
        code_text = rules.build_identity_code(birth_date, rng.randint(900, 999))
        if code_text not in used:
            used.add(code_text)
            break
    return Person(
        key=f"{code}-{number}",
        number=number,
        municipality_code=code,
        identity_code=code_text,
        birth_date=birth_date,
        first_names=first,
        last_name=last,
        mother_tongue=tongue,
        other_language=other,
    )
