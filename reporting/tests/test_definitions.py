"""The definitions as data agree with the computations and rules they name."""

from __future__ import annotations

import pytest

from reporting import rules
from reporting.definitions import ALL_DEFINITIONS, DEFINITIONS
from reporting.indicators import COMPUTATIONS, DISTRIBUTIONS
from reporting.models import IndicatorDefinition, IndicatorUnit


@pytest.mark.parametrize("definition", ALL_DEFINITIONS, ids=lambda d: d["code"])
def test_every_definition_names_a_computation_and_its_sources(
    definition: dict[str, object],
) -> None:
    if definition["unit"] in {"median_days", "median_calendar"}:
        assert definition["computation"] in DISTRIBUTIONS
    else:
        assert definition["computation"] in COMPUTATIONS
    assert definition["unit"] in IndicatorUnit.values
    assert definition["name"]
    assert definition["name_sv"]
    assert definition["name_en"]
    assert definition["source"]
    assert bool(definition["denominator"]) == (definition["unit"] != "count")
    # Every text in Finnish and Swedish as well (issue 10).
    for text in ("numerator", "denominator", "source"):
        assert bool(definition[f"{text}_fi"]) == bool(definition[text]), text
        assert bool(definition[f"{text}_sv"]) == bool(definition[text]), text


def test_the_subsidy_share_has_a_version_per_financing_rule_set() -> None:
    versions = sorted(
        (
            d
            for d in DEFINITIONS
            if d["code"] == "labour_market_subsidy_municipal_share"
        ),
        key=lambda d: d["version"],
    )

    assert [(d["valid_from"], d.get("valid_until")) for d in versions] == [
        (r.valid_from, r.valid_until) for r in rules.SUBSIDY_FINANCING_RULES
    ]
    for definition, financing in zip(
        versions, rules.SUBSIDY_FINANCING_RULES, strict=True
    ):
        # An estimate says so in its name.
        assert ("(estimate)" in definition["name_en"]) != financing.is_confirmed


@pytest.mark.django_db
def test_the_migrations_load_every_text_of_every_definition() -> None:
    loaded = {(d.code, d.version): d for d in IndicatorDefinition.objects.all()}

    assert set(loaded) == {(d["code"], d["version"]) for d in ALL_DEFINITIONS}
    for row in ALL_DEFINITIONS:
        definition = loaded[(row["code"], row["version"])]
        for field in ("numerator", "denominator", "source"):
            for suffix in ("", "_fi", "_sv"):
                name = f"{field}{suffix}"
                assert getattr(definition, name) == row[name], name
