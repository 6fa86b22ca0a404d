# Persona fixtures shared by every app's tests, the clock for the date runs
# (POLKU_TEST_TODAY) and the safety net of the reused test database.
from __future__ import annotations

import datetime as dt
import os
import zoneinfo
from typing import TYPE_CHECKING, Any

import pytest
import time_machine
from django.utils import translation

if TYPE_CHECKING:
    from collections.abc import Iterator

    from pytest_django import DjangoDbBlocker

pytest_plugins = ["tests.personas"]

# The tests that read "today" through the code under test: worklist due
# dates and counts, deadlines, roles and consents valid today, ages, quotas of
# the current year, indicator months up to the last one, default dates of
# forms and tasks. They get the marker `dates`, and CI runs them again with
# the clock at 31 December and 29 February 2028 (.ci/run, README "Tests and
# CI"). Left out: the pure rules (test_rules*.py take their day as an
# argument), the demo's tests (they travel to their own anchor days, 31.12.,
# 1.1. and 29.2.2028 among them) and the tests of infrastructure. A module
# can also mark itself (pytestmark = pytest.mark.dates).
DATE_TESTS = (
    "appropriations/tests/test_api.py",
    "appropriations/tests/test_selectors.py",
    "appropriations/tests/test_services.py",
    "appropriations/tests/test_views.py",
    "audit/tests/",
    "cases/tests/test_api.py",
    "cases/tests/test_api_lists.py",
    "cases/tests/test_break_glass.py",
    "cases/tests/test_facts_and_conditions.py",
    "cases/tests/test_retention.py",
    "cases/tests/test_services.py",
    "cases/tests/test_validation.py",
    "cases/tests/test_views.py",
    "cases/tests/test_worklist.py",
    "casework/tests/",
    "exchange/tests/test_api.py",
    "exchange/tests/test_services.py",
    "exchange/tests/test_tasks.py",
    "exchange/tests/test_views.py",
    "partners/tests/test_referrals.py",
    "partners/tests/test_services.py",
    "partners/tests/test_views.py",
    "pilots/tests/test_consistency.py",
    "pilots/tests/test_services.py",
    "pilots/tests/test_views.py",
    "reporting/tests/test_api.py",
    "reporting/tests/test_board_report.py",
    "reporting/tests/test_dashboard.py",
    "reporting/tests/test_indicators.py",
    "reporting/tests/test_outcome_indicators.py",
    "reporting/tests/test_selectors.py",
    "reporting/tests/test_views.py",
    "tests/test_access_log.py",
    "tests/test_background_runs.py",
    "tests/test_suppression.py",
)

# Tests of half a minute or more on a quiet 2-core machine (--durations).
_LONGEST = (
    "tests/test_benchmarks.py",
    "tests/contract/",
    "tests/test_language_crawl.py",
    "tests/e2e/test_accessibility.py",
    "tests/integration/",
    "demo/tests/test_anchor_days.py",
)

# POLKU_TEST_TODAY without a time starts the clock at noon in Helsinki, so
# that a run of an hour stays on the day asked for and the date in UTC is the
# same day; give a time (2027-01-01T00:30) to test the hours around midnight.
_DEFAULT_HOUR = 12
_HELSINKI = zoneinfo.ZoneInfo("Europe/Helsinki")


def _test_today() -> dt.datetime | None:
    value = os.environ.get("POLKU_TEST_TODAY", "").strip()
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise pytest.UsageError(
            f"POLKU_TEST_TODAY={value!r}: give a date (2028-02-29) "
            "or a date and time (2027-01-01T00:30)"
        ) from None
    if "T" not in value and " " not in value:
        moment = moment.replace(hour=_DEFAULT_HOUR)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=_HELSINKI)
    return moment


def pytest_configure(config: pytest.Config) -> None:
    """Move the clock before any fixture or database set-up runs, so that
    the whole session (factories, the live server's thread, the demo) lives
    on that day. The clock keeps ticking; a test that travels on its own
    (time_machine.travel) nests inside and comes back here afterwards."""
    config.pluginmanager.register(_LongestFirst(), "polku_longest_first")
    moment = _test_today()
    if moment is None:
        return
    traveller = time_machine.travel(moment, tick=True)
    traveller.start()
    config.stash[_traveller_key] = traveller


def pytest_unconfigure(config: pytest.Config) -> None:
    traveller = config.stash.get(_traveller_key, None)
    if traveller is not None:
        traveller.stop()


_traveller_key = pytest.StashKey[time_machine.travel]()


def pytest_report_header(config: pytest.Config) -> str | None:
    moment = _test_today()
    if moment is None:
        return None
    return f"POLKU_TEST_TODAY: the clock starts at {moment.isoformat()}"


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Every test starts in Polku's default language. A request made in
    Swedish leaves Swedish active in the test's thread (LocaleMiddleware
    activates the request's language and nothing resets it), and the next
    test's messages would come out in Swedish."""
    translation.deactivate()
    yield
    translation.deactivate()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--contract",
        action="store_true",
        help="run the API contract check (tests/contract) in full: every "
        "schemathesis phase with POLKU_CONTRACT_EXAMPLES (default 5) examples "
        "per operation, ~20 min; without it the check is CI's short run",
    )


# tryfirst: before pytest-django's own reordering (also tryfirst, registered
# earlier, so called later), which must stay the last word.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Mark the date tests, and refuse a transactional test that would leave
    the database without its reference data. Such a test ends with a flush;
    without serialized_rollback the flush empties the tables that migrations
    filled and re-creates the content types under new ids, so a later test
    (whichever pytest-randomly puts next) finds no reference data or fails
    restoring the old ids."""
    root = config.rootpath
    # A moved test file would silently drop out of the date runs.
    moved = [path for path in DATE_TESTS if not (root / path).exists()]
    if moved:
        raise pytest.UsageError(f"DATE_TESTS names paths that do not exist: {moved}")
    offenders = []
    for item in items:
        path = item.path.relative_to(root).as_posix()
        if path.startswith(DATE_TESTS):
            item.add_marker(pytest.mark.dates)
        marker = item.get_closest_marker("django_db")
        if marker is None:
            continue
        transactional = marker.kwargs.get("transaction", False)
        if transactional and not marker.kwargs.get("serialized_rollback", False):
            offenders.append(item.nodeid)
    if offenders:
        raise pytest.UsageError(
            "transactional tests must also set serialized_rollback=True: "
            + ", ".join(offenders)
        )
    # The longest tests first, in pytest-randomly's order otherwise: under
    # pytest-xdist a minute-long test dealt out last keeps one process busy
    # while the others idle. pytest-django then puts the tests that use the
    # database first and the transactional ones after them (a stable sort, so
    # this order holds within each); _LongestFirst moves the long tests that
    # do not use the database back to the very front.
    items.sort(key=lambda item: not item.nodeid.startswith(_LONGEST))


class _LongestFirst:
    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        items.sort(key=lambda item: not _long_without_database(item))


def _long_without_database(item: pytest.Item) -> bool:
    fixtures = set(getattr(item, "fixturenames", ()))
    return (
        item.nodeid.startswith(_LONGEST)
        and item.get_closest_marker("django_db") is None
        and not fixtures & {"db", "transactional_db", "live_server"}
    )


# The reused test database (scripts/test passes --reuse-db). Migrations fill
# these tables; a session that ends after a transactional test leaves them
# empty (its flush), and a run that was interrupted may leave them so too.
_REFERENCE_MODELS = (
    ("contenttypes", "ContentType"),
    ("organisations", "Organisation"),
    ("cases", "ServiceType"),
    ("pilots", "EligibilityRuleSet"),
    ("reporting", "IndicatorDefinition"),
)


def _empty_reference_tables(cursor: Any) -> list[str]:
    from django.apps import apps

    empty = []
    for app_label, model_name in _REFERENCE_MODELS:
        table = apps.get_model(app_label, model_name)._meta.db_table
        cursor.execute(f'SELECT EXISTS (SELECT 1 FROM "{table}")')  # noqa: S608 - a model's table
        row = cursor.fetchone()
        if not row or not row[0]:
            empty.append(table)
    return empty


@pytest.fixture(scope="session")
def django_db_createdb(
    request: pytest.FixtureRequest,
    django_db_blocker: DjangoDbBlocker,
    django_db_modify_db_settings: None,
) -> bool:
    """Re-create a reused test database that lacks its reference data, rather
    than let every test fail on missing municipalities or content types."""
    if request.config.getvalue("create_db") or not request.config.getvalue("reuse_db"):
        return bool(request.config.getvalue("create_db"))
    import psycopg
    from django.db import connections

    default = connections["default"]
    settings_dict = {
        **default.settings_dict,
        "NAME": default.creation._get_test_db_name(),  # type: ignore[attr-defined]
    }
    # A bare driver connection: the probe is no Django alias, and nothing of
    # Django's (signals, the test database set-up) should see it.
    probe = type(default)(settings_dict, alias="reference_data_probe")
    try:
        raw = probe.get_new_connection(probe.get_connection_params())
    except psycopg.Error:
        # No test database yet: the set-up creates and migrates it.
        return False
    try:
        with raw.cursor() as cursor:
            empty = _empty_reference_tables(cursor)
    except psycopg.Error:
        # A database from before a table existed: the set-up migrates it,
        # and the migrations load the data.
        return False
    finally:
        raw.close()
    if not empty:
        return False
    message = (
        f"The reused test database {settings_dict['NAME']} has no reference data "
        f"(empty: {', '.join(empty)}); re-creating it."
    )
    # Said at once (not captured): the re-creation takes minutes.
    capture = request.config.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled():
        request.config.get_terminal_writer().line(f"\n{message}", yellow=True)
    return True


@pytest.fixture(scope="session")
def django_db_setup(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker
) -> Iterator[None]:
    """Leave the reused database as the migrations made it. A transactional
    test restores the reference data at its start and flushes at its end, so
    after the last one the tables are empty; load them back once here, which
    costs a second, instead of re-creating the database next time."""
    yield
    from django.db import connection

    contents = getattr(connection, "_test_serialized_contents", None)
    if contents is None:
        return
    with django_db_blocker.unblock():
        with connection.cursor() as cursor:
            empty = _empty_reference_tables(cursor)
        if empty:
            connection.creation.deserialize_db_from_string(contents)
