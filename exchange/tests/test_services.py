"""Importing against the real database: every good row arrives, every bad
row is reported with its line and column, and a second run changes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest
from django.core.exceptions import ValidationError

from cases import services as case_services
from cases.models import (
    Case,
    CaseEvent,
    JobSearchPeriod,
    Jobseeker,
    ProcessStep,
    ServicePeriod,
)
from exchange import services
from exchange.importers import jobseekers as jobseeker_importer
from exchange.models import BenefitDayCounter, ImportBatch
from organisations.models import OrganisationRelation

from .files import code, csv_bytes, json_bytes, xlsx_bytes

if TYPE_CHECKING:
    from accounts.models import User
    from organisations.models import Organisation
    from tests.personas import Register

    from .conftest import Import

pytestmark = pytest.mark.django_db

# Spreadsheet cells carry no time zone; openpyxl gives naive datetimes.
CELL_DATE = dt.datetime(2025, 6, 2)  # noqa: DTZ001


def _problems(batch: ImportBatch) -> list[tuple[int | None, str, str]]:
    return [(p.line, p.column, p.code) for p in batch.problems.order_by("line", "id")]


def _snapshot() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            Jobseeker,
            JobSearchPeriod,
            Case,
            CaseEvent,
            ProcessStep,
            ServicePeriod,
            BenefitDayCounter,
        )
    }


MIXED_ROWS = [
    [code(1), "Testi", "Aalto", "208", "1.3.2025", "suomi", "työmarkkinatuki"],
    ["010190-123X", "Testi", "Virhe", "208", "1.3.2025", "suomi", ""],
    [code(2), "Testi", "Kunnaton", "999", "1.3.2025", "suomi", ""],
    [code(3), "Testi", "Päivätön", "208", "31.2.2025", "suomi", ""],
    [code(1), "Testi", "Aalto", "208", "1.3.2025", "suomi", "työmarkkinatuki"],
    [code(4), "Testi", "Björk", "208", "2025-03-02", "ruotsi", "peruspäiväraha"],
    [code(5), "Testi", "Muualla", "111", "1.3.2025", "suomi", ""],
    [code(6), "Testi", "Mäkelä", "208", "3.3.2025", "", "ansiosidonnainen"],
]


@pytest.fixture
def mixed_file(other_municipality: Organisation) -> bytes:
    # Heinola (111) exists but is not the caseworker's.
    return csv_bytes(MIXED_ROWS)


def test_every_good_row_arrives_and_every_bad_row_is_reported(
    import_file: Import, mixed_file: bytes, municipality: Organisation
) -> None:
    # when
    batch = import_file(mixed_file)

    # then
    assert batch.status == "done"
    assert _problems(batch) == [
        (3, "henkilötunnus", "invalid_identity_code"),
        (4, "kuntakoodi", "unknown_municipality"),
        (5, "rekisteröintipäivä", "invalid_date"),
        (6, "henkilötunnus", "duplicate_person"),
        (8, "kuntakoodi", "municipality_out_of_scope"),
    ]
    assert (batch.row_count, batch.created_count, batch.rejected_count) == (8, 3, 5)
    assert batch.line_outcomes == {
        "created": [[2, 2], [7, 7], [9, 9]],
        "rejected": [[3, 6], [8, 8]],
    }
    for n, last_name, tongue, benefit in [
        (1, "Aalto", "fi", "labour_market_subsidy"),
        (4, "Björk", "sv", "basic_allowance"),
        (6, "Mäkelä", "fi", "earnings_related"),
    ]:
        jobseeker = Jobseeker.objects.with_identity_code(code(n)).get()
        assert (jobseeker.last_name, jobseeker.mother_tongue) == (last_name, tongue)
        assert jobseeker.benefit_type == benefit
        assert jobseeker.organisation == municipality
        case = jobseeker.cases.get()
        assert case.status == "new"
        assert case.caseworker is None
        assert list(case.steps.values_list("kind", flat=True)) == ["initial_interview"]
        assert sorted(case.events.values_list("kind", flat=True)) == [
            "case_opened",
            "registered",
        ]
    assert not Jobseeker.objects.with_identity_code(code(2)).exists()


def test_problems_never_hold_a_full_identity_code(
    import_file: Import, mixed_file: bytes
) -> None:
    batch = import_file(mixed_file, confirm=False)

    texts = [f"{p.params} {p.message}" for p in batch.problems.all()]

    assert any("010190-1***" in text for text in texts)
    assert not any("010190-123X" in text for text in texts)
    assert not any(code(n) in text for text in texts for n in range(10))


def test_the_preview_saves_nothing_but_the_batch(
    import_file: Import, mixed_file: bytes
) -> None:
    before = _snapshot()

    batch = import_file(mixed_file, confirm=False)

    assert batch.status == "previewed"
    assert (batch.created_count, batch.rejected_count) == (3, 5)
    assert batch.problems.count() == 5
    assert _snapshot() == before


def test_importing_the_same_file_again_changes_nothing(
    import_file: Import, mixed_file: bytes
) -> None:
    import_file(mixed_file)
    after_first = _snapshot()

    again = import_file(mixed_file)

    assert _snapshot() == after_first
    assert (again.created_count, again.unchanged_count) == (0, 3)
    assert again.line_outcomes["unchanged"] == [[2, 2], [7, 7], [9, 9]]


def test_a_failure_midway_leaves_nothing_of_the_batch(
    import_file: Import, mixed_file: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: one row per chunk, and the third good row (line 9) fails
    monkeypatch.setattr(services, "CHUNK_SIZE", 1)
    original = case_services.jobseekers_register_bulk
    written: list[str] = []

    def failing(
        **kwargs: Any,
    ) -> list[case_services.Registered | case_services.Refused]:
        if any(e.identity_code == code(6) for e in kwargs["entries"]):
            raise RuntimeError("disk full")
        registered = original(**kwargs)
        written.extend(e.identity_code for e in kwargs["entries"])
        return registered

    # Patched where the importer looks it up.
    monkeypatch.setattr(jobseeker_importer, "jobseekers_register_bulk", failing)
    before = _snapshot()

    # when
    batch = import_file(mixed_file)

    # then: two rows had been written in the transaction, none remain
    assert written == [code(1), code(4)]
    assert _snapshot() == before
    assert batch.status == "failed"
    assert batch.error
    assert batch.has_file
    assert batch.created_count == 3  # the preview's figures stay

    # and: the batch can be run again once the cause is gone
    monkeypatch.setattr(jobseeker_importer, "jobseekers_register_bulk", original)
    batch = services.import_confirm(batch=batch, actor=batch.uploaded_by)
    assert batch.status == "done"
    assert Jobseeker.objects.count() == before["Jobseeker"] + 3


def test_what_a_team_lead_confirms_is_recorded_as_theirs(
    import_file: Import, team_lead: User
) -> None:
    batch = import_file(
        csv_bytes([[code(20), "Testi", "Henkilö", "208", "1.3.2025", "", ""]]),
        confirm=False,
    )

    batch = services.import_confirm(batch=batch, actor=team_lead)

    assert batch.confirmed_by == team_lead
    jobseeker = Jobseeker.objects.with_identity_code(code(20)).get()
    assert set(jobseeker.events.values_list("actor", flat=True)) == {team_lead.pk}


def test_a_changed_name_updates_the_jobseeker_through_the_service(
    import_file: Import, caseworker: User
) -> None:
    import_file(csv_bytes([[code(21), "Testi", "Vanha", "208", "1.3.2025", "", ""]]))

    batch = import_file(
        csv_bytes([[code(21), "Testi", "Uusi", "208", "1.3.2025", "", ""]])
    )

    assert batch.updated_count == 1
    jobseeker = Jobseeker.objects.with_identity_code(code(21)).get()
    assert jobseeker.last_name == "Uusi"
    assert jobseeker.version == 2
    assert jobseeker.events.filter(kind="jobseeker_updated").count() == 1


def test_a_file_without_optional_columns_leaves_those_values_as_they_are(
    import_file: Import, register: Register
) -> None:
    # given: a jobseeker with an email and a benefit, registered by hand
    register(
        dt.date(2025, 3, 1),
        identity_code=code(27),
        email="testi@example.invalid",
        benefit_type="basic_allowance",
        mother_tongue="sv",
    )
    header = ["hetu", "etunimet", "sukunimi", "kuntakoodi", "rekisteröintipäivä"]

    # when: an extract with the names only
    batch = import_file(
        csv_bytes([[code(27), "Testi", "Henkilö", "208", "1.3.2025"]], header=header)
    )

    # then
    assert batch.unchanged_count == 1
    jobseeker = Jobseeker.objects.with_identity_code(code(27)).get()
    assert (jobseeker.email, jobseeker.benefit_type, jobseeker.mother_tongue) == (
        "testi@example.invalid",
        "basic_allowance",
        "sv",
    )


def test_a_returning_jobseeker_gets_a_new_job_search(
    import_file: Import, register: Register, caseworker: User
) -> None:
    # given: a job search that ended in March
    case = register(dt.date(2025, 1, 2), identity_code=code(22))
    case_services.case_transition(
        case=case,
        to_status="closed",
        roles=["team_lead"],
        expected_version=case.version,
        on=dt.date(2025, 3, 31),
        actor=caseworker,
        exit_reason="education",
    )

    # when
    batch = import_file(
        csv_bytes([[code(22), "Testi", "Henkilö", "208", "1.9.2025", "", ""]])
    )

    # then
    assert batch.updated_count == 1
    assert list(
        case.jobseeker.job_search_periods.order_by("started_on").values_list(
            "started_on", "ended_on"
        )
    ) == [(dt.date(2025, 1, 2), dt.date(2025, 3, 31)), (dt.date(2025, 9, 1), None)]


def test_an_open_job_search_from_another_date_is_a_problem(
    import_file: Import, register: Register
) -> None:
    register(dt.date(2025, 1, 2), identity_code=code(23))

    batch = import_file(
        csv_bytes([[code(23), "Testi", "Henkilö", "208", "1.9.2025", "", ""]]),
        confirm=False,
    )

    assert _problems(batch) == [(2, "rekisteröintipäivä", "job_search_exists")]
    assert "2.1.2025" in batch.problems.get().message


def test_another_organisations_client_is_not_taken_over(
    import_file: Import, register: Register, other_municipality: Organisation
) -> None:
    register(
        dt.date(2025, 1, 2), identity_code=code(24), organisation=other_municipality
    )

    batch = import_file(
        csv_bytes([[code(24), "Testi", "Henkilö", "208", "1.3.2025", "", ""]]),
        confirm=False,
    )

    assert _problems(batch) == [(2, "henkilötunnus", "other_organisation_client")]


def test_an_area_import_may_register_in_its_member_municipalities(
    import_file: Import,
    caseworker: User,
    employment_area: Organisation,
    other_municipality: Organisation,
) -> None:
    # given: the caseworker also works for the area Kalajoki belongs to
    from accounts.tests.factories import MembershipFactory

    MembershipFactory(
        user=caseworker, organisation=employment_area, valid_from=dt.date(2024, 1, 1)
    )
    OrganisationRelation.objects.filter(child=other_municipality).delete()

    # when
    batch = import_file(
        csv_bytes(
            [
                [code(25), "Testi", "Alue", "208", "1.3.2025", "", ""],
                [code(26), "Testi", "Ulkona", "111", "1.3.2025", "", ""],
            ]
        ),
        organisation=employment_area,
    )

    # then
    assert batch.created_count == 1
    assert _problems(batch) == [(3, "kuntakoodi", "municipality_out_of_scope")]


def test_a_latin1_excel_file_keeps_its_scandinavian_letters(
    import_file: Import,
) -> None:
    data = csv_bytes(
        [[code(31), "Väinö Åke", "Äijälä-Öhman", "208", "1.3.2025", "suomi", ""]],
        delimiter=";",
        encoding="latin-1",
        newline="\r\n",
    )

    batch = import_file(data)

    assert batch.encoding == "cp1252"
    jobseeker = Jobseeker.objects.with_identity_code(code(31)).get()
    assert (jobseeker.first_names, jobseeker.last_name) == ("Väinö Åke", "Äijälä-Öhman")


def test_temporary_codes_are_refused_where_settings_forbid_them(
    import_file: Import, settings: Any
) -> None:
    settings.POLKU_ALLOW_TEMPORARY_IDENTITY_CODES = False

    batch = import_file(
        csv_bytes([[code(32), "Testi", "Henkilö", "208", "1.3.2025", "", ""]]),
        confirm=False,
    )

    assert _problems(batch) == [(2, "henkilötunnus", "temporary_identity_code")]
    with pytest.raises(ValidationError):
        services.import_confirm(batch=batch, actor=batch.uploaded_by)


def test_a_file_without_a_required_column_is_one_problem(import_file: Import) -> None:
    data = b"henkilotunnus,etunimet\n" + code(33).encode() + b",Testi\n"

    batch = import_file(data, confirm=False)

    assert [(p.line, p.column, p.code) for p in batch.problems.all()] == [
        (1, "sukunimi", "column_missing"),
        (1, "kuntakoodi", "column_missing"),
        (1, "rekisteröintipäivä", "column_missing"),
    ]
    assert batch.rejected_count == 1


# --- Benefit-day counters ----------------------------------------------------------


COUNTER_HEADER = ["Henkilötunnus", "Etuus", "Päivät", "Tilannepäivä"]


def test_a_semicolon_excel_export_with_bom_and_decimal_commas(
    import_file: Import, register: Register, caseworker: User
) -> None:
    # given: two of Kalajoki's jobseekers, a Finnish Excel export (BOM, ";", "12,5")
    first = register(dt.date(2025, 1, 2), identity_code=code(41)).jobseeker
    second = register(dt.date(2025, 1, 2), identity_code=code(42)).jobseeker
    data = b"\xef\xbb\xbf" + csv_bytes(
        [
            [code(41), "Työmarkkinatuki", "120,5", "1.5.2025"],
            [code(41), "Työmarkkinatuki", "151,25", "1.6.2025"],
            [code(42), "ansiosidonnainen", "1 020,00", "2025-06-01"],
            [code(43), "työmarkkinatuki", "3", "1.6.2025"],
            [code(41), "työmarkkinatuki", "12", "31.6.2025"],
        ],
        header=COUNTER_HEADER,
        delimiter=";",
        newline="\r\n",
    )

    # when
    batch = import_file(data, kind="benefit_counters", file_name="laskurit.csv")

    # then
    assert batch.encoding == "utf-8-sig"
    assert _problems(batch) == [
        (5, "Henkilötunnus", "jobseeker_not_found"),
        (6, "Tilannepäivä", "invalid_date"),
    ]
    assert list(
        BenefitDayCounter.objects.filter(jobseeker=first)
        .order_by("as_of")
        .values_list("days", flat=True)
    ) == [Decimal("120.50"), Decimal("151.25")]
    first.refresh_from_db()
    assert first.benefit_type == "labour_market_subsidy"
    assert first.lms_days_for_unemployment == 151
    assert first.benefit_days_as_of == dt.date(2025, 6, 1)
    second.refresh_from_db()
    assert (second.benefit_type, second.lms_days_for_unemployment) == (
        "earnings_related",
        0,
    )
    # The facts changed through jobseeker_update: history and timeline.
    assert first.events.filter(kind="jobseeker_updated").count() == 1

    # when: the same export again
    before = _snapshot()
    again = import_file(data, kind="benefit_counters", file_name="laskurit.csv")

    # then
    assert _snapshot() == before
    assert (again.created_count, again.updated_count, again.unchanged_count) == (
        0,
        0,
        3,
    )


def test_a_corrected_counter_updates_the_reading(
    import_file: Import, register: Register
) -> None:
    register(dt.date(2025, 1, 2), identity_code=code(44))
    rows = [[code(44), "tmt", "10", "1.6.2025"]]
    import_file(csv_bytes(rows, header=COUNTER_HEADER), kind="benefit_counters")

    batch = import_file(
        csv_bytes([[code(44), "tmt", "11", "1.6.2025"]], header=COUNTER_HEADER),
        kind="benefit_counters",
    )

    assert batch.updated_count == 1
    assert BenefitDayCounter.objects.get().days == Decimal("11.00")


def test_an_older_reading_does_not_overwrite_newer_facts(
    import_file: Import, register: Register
) -> None:
    jobseeker = register(dt.date(2025, 1, 2), identity_code=code(45)).jobseeker
    import_file(
        csv_bytes([[code(45), "tmt", "50", "1.6.2025"]], header=COUNTER_HEADER),
        kind="benefit_counters",
    )

    batch = import_file(
        csv_bytes([[code(45), "tmt", "40", "1.5.2025"]], header=COUNTER_HEADER),
        kind="benefit_counters",
    )

    assert batch.created_count == 1
    jobseeker.refresh_from_db()
    assert jobseeker.lms_days_for_unemployment == 50


def test_counters_of_another_organisations_jobseeker_are_refused(
    import_file: Import, register: Register, other_municipality: Organisation
) -> None:
    register(
        dt.date(2025, 1, 2), identity_code=code(46), organisation=other_municipality
    )

    batch = import_file(
        csv_bytes([[code(46), "tmt", "5", "1.6.2025"]], header=COUNTER_HEADER),
        kind="benefit_counters",
        confirm=False,
    )

    assert _problems(batch) == [(2, "Henkilötunnus", "jobseeker_out_of_scope")]
    assert "9***" in batch.problems.get().message


# --- Service events -----------------------------------------------------------------


SERVICE_HEADER = ["henkilötunnus", "palvelu", "alkoi", "päättyi", "palveluntuottaja"]


def test_an_xlsx_file_of_service_events(
    import_file: Import, register: Register
) -> None:
    # given
    case = register(dt.date(2025, 1, 2), identity_code=code(51))
    data = xlsx_bytes(
        [
            [code(51), "coaching", CELL_DATE, None, "Testivalmennus Oy"],
            [code(51), "work_trial", "1.3.2025", "20.3.2025", None],
            [code(51), "no_such_service", "1.3.2025", None, None],
            [code(52), "coaching", CELL_DATE, None, None],
        ],
        header=SERVICE_HEADER,
    )

    # when
    batch = import_file(data, kind="service_events", file_name="palvelut.xlsx")

    # then
    assert batch.file_format == "xlsx"
    assert _problems(batch) == [
        (4, "palvelu", "unknown_service_type"),
        (5, "henkilötunnus", "jobseeker_not_found"),
    ]
    assert list(
        ServicePeriod.objects.filter(case=case)
        .order_by("started_on")
        .values_list("service_type__code", "started_on", "ended_on", "provider")
    ) == [
        ("work_trial", dt.date(2025, 3, 1), dt.date(2025, 3, 20), ""),
        ("coaching", dt.date(2025, 6, 2), None, "Testivalmennus Oy"),
    ]
    assert sorted(
        case.events.filter(kind__startswith="service").values_list("kind", flat=True)
    ) == ["service_ended", "service_started", "service_started"]

    # when: the provider's next extract ends the coaching
    later = xlsx_bytes(
        [
            [code(51), "coaching", CELL_DATE, "30.6.2025", "Testivalmennus Oy"],
            [code(51), "work_trial", "1.3.2025", "20.3.2025", None],
        ],
        header=SERVICE_HEADER,
    )
    batch = import_file(later, kind="service_events", file_name="palvelut.xlsx")

    # then
    assert (batch.updated_count, batch.unchanged_count) == (1, 1)
    assert ServicePeriod.objects.get(
        case=case, service_type__code="coaching"
    ).ended_on == dt.date(2025, 6, 30)

    # when: the same extract once more
    before = _snapshot()
    batch = import_file(later, kind="service_events", file_name="palvelut.xlsx")

    # then
    assert _snapshot() == before
    assert batch.unchanged_count == 2


def test_a_service_needs_an_open_case(
    import_file: Import, register: Register, caseworker: User
) -> None:
    case = register(dt.date(2025, 1, 2), identity_code=code(53))
    case_services.case_transition(
        case=case,
        to_status="closed",
        roles=["team_lead"],
        expected_version=case.version,
        on=dt.date(2025, 3, 31),
        actor=caseworker,
        exit_reason="education",
    )

    batch = import_file(
        csv_bytes([[code(53), "coaching", "1.6.2025", "", ""]], header=SERVICE_HEADER),
        kind="service_events",
        confirm=False,
    )

    assert _problems(batch) == [(2, "henkilötunnus", "no_open_case")]


# --- JSON ---------------------------------------------------------------------------


def test_a_json_file_reports_the_line_each_object_starts_on(
    import_file: Import,
) -> None:
    items: list[dict[str, Any]] = [
        {
            "identity_code": code(61),
            "first_names": "Testi",
            "last_name": "Json",
            "municipality_code": "208",
            "registered_on": "2025-03-01",
            "language": "fi",
        },
        {
            "identity_code": code(62),
            "first_names": "Testi",
            "last_name": "Json",
            "municipality_code": 208,
            "registered_on": "2025-02-31",
        },
    ]

    batch = import_file(json_bytes(items), file_name="rajapinta.json")

    assert batch.file_format == "json"
    assert batch.created_count == 1
    # The second object starts on line 10 of the indented file.
    assert [(p.line, p.record, p.column, p.code) for p in batch.problems.all()] == [
        (10, 2, "registered_on", "invalid_date")
    ]


def test_a_kept_file_is_stored_compressed_and_one_stored_before_is_still_read(
    import_file: Import,
) -> None:
    import base64

    from core import crypto

    # given
    data = csv_bytes(
        [[code(n), "Testi", "Henkilö", "208", "2.5.2025"] for n in range(40)]
    )
    batch = import_file(data, confirm=False)
    uncompressed = crypto.encrypt(base64.b64encode(data).decode("ascii"))

    # when
    read = services.batch_file(batch)
    batch.file_encrypted = uncompressed
    read_before = services.batch_file(batch)

    # then
    assert read == read_before == data
    assert len(crypto.decrypt(services._encrypt_file(data))) < len(data)
