from __future__ import annotations

import datetime as dt

import factory

from organisations.models import Organisation, OrganisationRelation


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    kind = Organisation.Kind.THIRD_SECTOR
    name = factory.Sequence(lambda n: f"Testiyhdistys {n} ry")


class MunicipalityFactory(OrganisationFactory):
    """A municipality; reuses the reference row when the code already exists."""

    class Meta:
        model = Organisation
        django_get_or_create = ("municipality_code",)

    kind = Organisation.Kind.MUNICIPALITY
    municipality_code = "208"
    name = "Kalajoki"
    population = 12300


class AreaFactory(OrganisationFactory):
    kind = Organisation.Kind.EMPLOYMENT_AREA
    name = factory.Sequence(lambda n: f"Testialueen {n} työllisyysalue")
    valid_from = dt.date(2025, 1, 1)


class RelationFactory(factory.django.DjangoModelFactory[OrganisationRelation]):
    class Meta:
        model = OrganisationRelation

    parent = factory.SubFactory(AreaFactory)
    child = factory.SubFactory(MunicipalityFactory)
    kind = OrganisationRelation.Kind.MEMBER
    valid_from = dt.date(2025, 1, 1)
