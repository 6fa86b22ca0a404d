from __future__ import annotations

import datetime as dt

import factory

from accounts.models import User
from organisations.models import Membership
from organisations.tests.factories import MunicipalityFactory


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="fi_FI")
    last_name = "Testi"
    email = factory.LazyAttribute(lambda u: f"{u.username}@test.invalid")
    password = factory.django.Password("correct-horse-battery")


# A user with a role in an organisation: built here, above both apps
# (organisations refers to the user model only through AUTH_USER_MODEL).
class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(MunicipalityFactory)
    role = Membership.Role.CASEWORKER
    valid_from = dt.date(2024, 1, 1)
