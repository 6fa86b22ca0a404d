from __future__ import annotations

import datetime as dt
from typing import Any

import factory

from cases import rules
from cases.models import Jobseeker
from core import crypto
from organisations.tests.factories import MunicipalityFactory


def temporary_identity_code(n: int) -> str:
    """A valid temporary (900-999) identity code, unique for n < 36,500."""
    birth_date = dt.date(1970, 1, 1) + dt.timedelta(days=n % 36500 // 100 * 7)
    return rules.build_identity_code(birth_date, 900 + n % 100)


class JobseekerFactory(factory.django.DjangoModelFactory[Jobseeker]):
    class Meta:
        model = Jobseeker
        skip_postgeneration_save = True

    organisation = factory.SubFactory(MunicipalityFactory)
    home_municipality = factory.SelfAttribute("organisation")
    first_names = factory.Faker("first_name", locale="fi_FI")
    last_name = factory.Faker("last_name", locale="fi_FI")
    mother_tongue = Jobseeker.MotherTongue.FINNISH
    identity_code_plain = factory.Sequence(temporary_identity_code)

    @classmethod
    def _create(
        cls, model_class: type[Jobseeker], *args: Any, **kwargs: Any
    ) -> Jobseeker:
        code = kwargs.pop("identity_code_plain")
        parsed = rules.parse_identity_code(code, allow_temporary=True)
        kwargs.setdefault("birth_date", parsed.birth_date)
        kwargs["identity_code_encrypted"] = crypto.encrypt(parsed.value)
        kwargs["identity_code_index"] = crypto.blind_index(parsed.value)
        jobseeker: Jobseeker = super()._create(model_class, *args, **kwargs)
        return jobseeker
