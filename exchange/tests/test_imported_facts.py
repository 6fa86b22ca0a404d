"""Every fact a rule reads can be entered, and every condition asked for a
chosen day (issue 18, item 8)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from django.utils import timezone

from cases.models import Jobseeker
from cases.tests.factories import temporary_identity_code

if TYPE_CHECKING:
    from accounts.models import User
    from organisations.models import Organisation

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def test_the_import_sets_the_facts_the_rules_read(
    caseworker: User, municipality: Organisation
) -> None:
    from exchange import services as exchange_services

    # given
    header = (
        "henkilötunnus;etunimet;sukunimi;kuntakoodi;rekisteröintipäivä;"
        "tilapäinen_suojelu;kotikunta_rekisterissä;maahanmuuttaja;"
        "ensimmäinen_oleskelulupa;toimeentulotuki_kk"
    )
    start = (TODAY() - dt.timedelta(days=5)).strftime("%d.%m.%Y")
    data = (
        f"{header}\n"
        f"{temporary_identity_code(91)};Testi;Tuotu;208;{start};kyllä;ei;x;1.3.2024;4\n"
        f"{temporary_identity_code(92)};Testi;Tavallinen;208;{start};;;;;\n"
        f"{temporary_identity_code(93)};Testi;Virhe;208;{start};ehkä;;;;\n"
    ).encode()

    # when
    batch = exchange_services.import_upload(
        organisation=municipality,
        kind="jobseekers",
        file_name="faktat.csv",
        data=data,
        uploaded_by=caseworker,
    )
    batch = exchange_services.import_confirm(batch=batch, actor=caseworker)

    # then
    imported = Jobseeker.objects.get(last_name="Tuotu")
    assert imported.under_temporary_protection is True
    assert imported.home_municipality_registered is False
    assert imported.is_immigrant is True
    assert imported.first_residence_on == dt.date(2024, 3, 1)
    assert imported.months_main_income_social_assistance == 4
    usual = Jobseeker.objects.get(last_name="Tavallinen")
    assert usual.home_municipality_registered is True
    assert usual.under_temporary_protection is False
    assert list(batch.problems.values_list("code", "column")) == [
        ("invalid_yes_no", "tilapäinen_suojelu")
    ]
