"""The demo's staff: one login per role, named "<first name> Demo".

Accounts and memberships have no services of their own (they are created in
the Django admin); the demo creates the rows as the admin would. Every later
run makes sure the logins still exist and changes nothing that does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from organisations.models import Membership, MembershipRole, Organisation

from .people import DEMO_MUNICIPALITIES

EMPLOYMENT_AREA_NAME = "Ylivieskan–Kalajoen–Nivalan työllisyysalue"
# Fictional; seed 003 has the third sector provide rehabilitative work activity.
THIRD_SECTOR_NAME = "Demo: Jokilaakson työpajayhdistys ry"
THIRD_SECTOR = {
    "name_sv": "Demo: Älvdalens verkstadsförening rf",
    "name_en": "Demo: River Valley Workshop Association",
    "region": "Pohjois-Pohjanmaa",
    "source": "Kuvitteellinen esittelyaineiston yhdistys, joka järjestää "
    "kuntouttavaa työtoimintaa työpajalla.",
}
STAFF_ROLES = (
    ("caseworker", MembershipRole.CASEWORKER, "Kaisa"),
    ("teamlead", MembershipRole.TEAM_LEAD, "Tero"),
    ("coordinator", MembershipRole.COORDINATOR, "Kirsi"),
    ("board", MembershipRole.BOARD_VIEWER, "Veikko"),
)
MEMBERSHIP_START = dt.date(2021, 3, 1)
# Demo only: a public TOTP key (hex) for the demo administrator's second factor.
DEMO_TOTP_KEY = "3132333435363738393031323334353637383930"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    organisation: str


@dataclass
class Staff:
    logins: list[DemoLogin]
    users: dict[str, User]  # by username
    municipalities: dict[str, Organisation]  # by municipality code
    area: Organisation
    partner: Organisation

    def by_role(self, suffix: str) -> dict[str, User]:
        """Users of one role by municipality code, e.g. by_role("caseworker")."""
        return {
            code: self.users[f"{slug}.{suffix}"]
            for code, slug in DEMO_MUNICIPALITIES.items()
        }


class _Accounts:
    """get_or_create of demo users; the password is hashed once (PBKDF2 takes
    about 0.4 s a time, and every demo account has the same password)."""

    def __init__(self, password: str) -> None:
        self._password = password
        self._encoded: str | None = None

    def user(
        self, username: str, first_name: str, *, is_superuser: bool = False
    ) -> User:
        user = User.objects.filter(username=username).first()
        if user is not None:
            return user
        if self._encoded is None:
            self._encoded = make_password(self._password)
        return User.objects.create(
            username=username,
            password=self._encoded,
            first_name=first_name,
            last_name="Demo",
            email=f"{username}@demo.invalid",
            preferred_language="fi",
            is_staff=is_superuser,
            is_superuser=is_superuser,
        )


def _member(user: User, organisation: Organisation, role: str) -> None:
    Membership.objects.get_or_create(
        user=user,
        organisation=organisation,
        role=role,
        defaults={"valid_from": max(MEMBERSHIP_START, organisation.valid_from)},
    )


def staff_ensure(*, password: str) -> Staff:
    """Create the demo logins that are missing; return all of them."""
    accounts = _Accounts(password)
    municipalities = {
        o.municipality_code: o
        for o in Organisation.objects.filter(municipality_code__in=DEMO_MUNICIPALITIES)
        if o.municipality_code is not None
    }
    area = Organisation.objects.get(name=EMPLOYMENT_AREA_NAME)
    partner, _ = Organisation.objects.get_or_create(
        kind=Organisation.Kind.THIRD_SECTOR,
        name=THIRD_SECTOR_NAME,
        defaults=THIRD_SECTOR,
    )
    logins: list[DemoLogin] = []
    users: dict[str, User] = {}

    def add(
        username: str,
        first_name: str,
        organisation: Organisation,
        role: str,
        **kw: bool,
    ) -> User:
        user = accounts.user(username, first_name, **kw)
        _member(user, organisation, role)
        users[username] = user
        logins.append(DemoLogin(username, role, organisation.name))
        return user

    for code, slug in DEMO_MUNICIPALITIES.items():
        for suffix, role, first_name in STAFF_ROLES:
            add(f"{slug}.{suffix}", first_name, municipalities[code], role)
    add("ykn.coordinator", "Anu", area, MembershipRole.COORDINATOR)
    add("ykn.tietosuoja", "Outi", area, MembershipRole.DATA_PROTECTION_OFFICER)
    add("tyopaja.partner", "Pasi", partner, MembershipRole.PARTNER_WORKER)
    admin = add(
        "polku.admin",
        "Aila",
        municipalities["977"],
        MembershipRole.ADMINISTRATOR,
        is_superuser=True,
    )
    # Administrators must use two-factor authentication; the demo administrator
    # gets a device with a published key (DEMO_TOTP_KEY, README), whose current
    # code `manage.py demo_totp_code` prints.
    TOTPDevice.objects.get_or_create(
        user=admin,
        name="Polku demo",
        defaults={"key": DEMO_TOTP_KEY, "confirmed": True},
    )
    return Staff(
        logins=logins,
        users=users,
        municipalities=municipalities,
        area=area,
        partner=partner,
    )
