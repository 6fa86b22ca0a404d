"""Deterministic synthetic demo data: organisations' staff and jobseekers.

Nothing here may look like a real person's record: identity codes use the
temporary individual numbers 900-999 (never issued), staff are named
"<first name> Demo", and the third-sector organisation is fictional.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction

from accounts.models import User
from cases import rules
from cases.models import Jobseeker
from cases.services import jobseeker_create
from organisations.models import Membership, MembershipRole, Organisation

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

# Demo municipalities: two members of the Ylivieska-area pilot / employment
# area, and Heinola as "another municipality" for access tests and demos.
DEMO_MUNICIPALITIES = {"208": "kalajoki", "977": "ylivieska", "111": "heinola"}
EMPLOYMENT_AREA_NAME = "Ylivieskan–Kalajoen–Nivalan työllisyysalue"
THIRD_SECTOR_NAME = "Demo: Jokilaakson työpajayhdistys ry"

STAFF_ROLES = (
    ("caseworker", MembershipRole.CASEWORKER, "Kaisa"),
    ("teamlead", MembershipRole.TEAM_LEAD, "Tero"),
    ("coordinator", MembershipRole.COORDINATOR, "Kirsi"),
    ("board", MembershipRole.BOARD_VIEWER, "Veikko"),
)
MEMBERSHIP_START = dt.date(2021, 3, 1)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    organisation: str


@dataclass(frozen=True)
class DemoResult:
    logins: list[DemoLogin]
    jobseekers_created: int


class _IdentityCodes:
    """Unique temporary identity codes for a seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._used: set[tuple[dt.date, int]] = set()

    def next(self, birth_date: dt.date) -> str:
        while True:
            individual = self._rng.randint(900, 999)
            if (birth_date, individual) not in self._used:
                self._used.add((birth_date, individual))
                return rules.build_identity_code(birth_date, individual)


def _user(
    username: str,
    first_name: str,
    last_name: str,
    password: str,
    language: str,
    *,
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "email": f"{username}@demo.invalid",
            "preferred_language": language,
            "is_staff": is_staff,
            "is_superuser": is_superuser,
        },
    )
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    return user


def _member(user: User, organisation: Organisation, role: str) -> None:
    Membership.objects.get_or_create(
        user=user,
        organisation=organisation,
        role=role,
        defaults={"valid_from": max(MEMBERSHIP_START, organisation.valid_from)},
    )


def _person(
    rng: random.Random, codes: _IdentityCodes, today: dt.date
) -> tuple[str, str, str, str, str]:
    """(identity code, first names, last name, mother tongue, other language)."""
    birth_date = today - dt.timedelta(days=rng.randint(17 * 365 + 5, 64 * 365))
    roll = rng.random()
    if roll < 0.08:
        first, language = rng.choice(OTHER_FIRST_NAMES)
        last = rng.choice(OTHER_LAST_NAMES[language])
        return codes.next(birth_date), first, last, "other", LANGUAGE_NAMES[language]
    if roll < 0.14:
        first = rng.choice(SWEDISH_FIRST_NAMES)
        second = rng.choice(SWEDISH_FIRST_NAMES)
        names = first if second == first else f"{first} {second}"
        return codes.next(birth_date), names, rng.choice(SWEDISH_LAST_NAMES), "sv", ""
    first = rng.choice(FINNISH_FIRST_NAMES)
    second = rng.choice(FINNISH_FIRST_NAMES)
    names = first if second == first else f"{first} {second}"
    return codes.next(birth_date), names, rng.choice(FINNISH_LAST_NAMES), "fi", ""


@transaction.atomic
def demo_data_create(
    *, seed: int, jobseekers_per_municipality: int, password: str, today: dt.date
) -> DemoResult:
    """Create demo staff and jobseekers; re-running with the same seed adds nothing."""
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    codes = _IdentityCodes(rng)
    logins: list[DemoLogin] = []
    municipalities = {
        o.municipality_code: o
        for o in Organisation.objects.filter(municipality_code__in=DEMO_MUNICIPALITIES)
    }
    area = Organisation.objects.get(name=EMPLOYMENT_AREA_NAME)
    partner_org, _ = Organisation.objects.get_or_create(
        kind=Organisation.Kind.THIRD_SECTOR,
        name=THIRD_SECTOR_NAME,
        defaults={
            "name_sv": "Demo: Älvdalens verkstadsförening rf",
            "name_en": "Demo: River Valley Workshop Association",
            "region": "Pohjois-Pohjanmaa",
            "source": "Fictional demo organisation (seed 003: third sector provides "
            "rehabilitative work activity).",
        },
    )

    for code, slug in DEMO_MUNICIPALITIES.items():
        municipality = municipalities[code]
        for suffix, role, first_name in STAFF_ROLES:
            username = f"{slug}.{suffix}"
            user = _user(username, first_name, "Demo", password, "fi")
            _member(user, municipality, role)
            logins.append(DemoLogin(username, role, municipality.name))

    area_coordinator = _user("ykn.coordinator", "Anu", "Demo", password, "fi")
    _member(area_coordinator, area, MembershipRole.COORDINATOR)
    logins.append(DemoLogin("ykn.coordinator", MembershipRole.COORDINATOR, area.name))

    partner = _user("tyopaja.partner", "Pasi", "Demo", password, "fi")
    _member(partner, partner_org, MembershipRole.PARTNER_WORKER)
    logins.append(
        DemoLogin("tyopaja.partner", MembershipRole.PARTNER_WORKER, partner_org.name)
    )

    admin = _user(
        "polku.admin", "Aila", "Demo", password, "fi", is_staff=True, is_superuser=True
    )
    _member(admin, municipalities["977"], MembershipRole.ADMINISTRATOR)
    logins.append(
        DemoLogin(
            "polku.admin", MembershipRole.ADMINISTRATOR, municipalities["977"].name
        )
    )

    created = 0
    for code in DEMO_MUNICIPALITIES:
        municipality = municipalities[code]
        for _ in range(jobseekers_per_municipality):
            identity_code, first, last, tongue, other = _person(rng, codes, today)
            if Jobseeker.objects.with_identity_code(identity_code).exists():
                continue
            jobseeker_create(
                organisation=municipality,
                home_municipality=municipality,
                identity_code=identity_code,
                first_names=first,
                last_name=last,
                mother_tongue=tongue,
                other_language=other,
                email=f"{first.split()[0].lower()}.{last.lower()}@example.invalid".translate(
                    str.maketrans("äöå", "aoa")
                ),
            )
            created += 1
    return DemoResult(logins=logins, jobseekers_created=created)
