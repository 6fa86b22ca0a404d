from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from organisations.models import Organisation, OrganisationRelation
from organisations.reference_data import MUNICIPALITIES

SEED_CODES = {
    "009": "Alavieska",
    "069": "Haapajärvi",
    "071": "Haapavesi",
    "111": "Heinola",
    "208": "Kalajoki",
    "317": "Kärsämäki",
    "483": "Merijärvi",
    "535": "Nivala",
    "563": "Oulainen",
    "564": "Oulu",
    "630": "Pyhäntä",
    "691": "Reisjärvi",
    "746": "Sievi",
    "791": "Siikalatva",
    "977": "Ylivieska",
}


def test_the_fifteen_seed_municipalities_are_loaded_with_their_codes(db: None) -> None:
    loaded = dict(
        Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).values_list(
            "municipality_code", "name"
        )
    )

    assert loaded == SEED_CODES
    assert len(MUNICIPALITIES) == 15


def test_the_seed_organisations_exist(db: None) -> None:
    names = set(Organisation.objects.values_list("name", flat=True))

    assert {
        "Pohjois-Pohjanmaan TE-toimisto",
        "Pohjois-Pohjanmaan ELY-keskus",
        "Hämeen TE-toimisto",
        "Pohjois-Pohjanmaan hyvinvointialue",
    } <= names


def test_the_pilot_area_has_five_members_with_38706_residents_in_the_application(
    db: None,
) -> None:
    pilot = Organisation.objects.get(
        kind=Organisation.Kind.PILOT, name__startswith="Ylivieskan seudun"
    )
    members = OrganisationRelation.objects.active_on(dt.date(2022, 1, 1)).filter(
        parent=pilot, kind=OrganisationRelation.Kind.MEMBER
    )

    assert sorted(str(r.child.municipality_code) for r in members) == [
        "009",
        "208",
        "483",
        "563",
        "977",
    ]
    # The application's own population figures (domain.md §4) sum to 38,706.
    assert 2573 + 12387 + 1104 + 7430 + 15212 == 38706


def test_loading_twice_changes_nothing(db: None) -> None:
    before = (Organisation.objects.count(), OrganisationRelation.objects.count())

    call_command("load_reference_data", verbosity=0)

    assert (
        Organisation.objects.count(),
        OrganisationRelation.objects.count(),
    ) == before


@pytest.mark.parametrize(
    ("day", "members"), [(dt.date(2024, 12, 31), 5), (dt.date(2025, 1, 1), 0)]
)
def test_pilot_membership_ends_with_the_pilot(
    db: None, day: dt.date, members: int
) -> None:
    pilot = Organisation.objects.get(
        kind=Organisation.Kind.PILOT, name__startswith="Ylivieskan seudun"
    )

    assert (
        OrganisationRelation.objects.active_on(day).filter(parent=pilot).count()
        == members
    )
