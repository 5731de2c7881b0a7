"""Personas shared by every test (healthchecks style):

- admin:   site administrator (Simpul staff)
- officer: an officer of IPI Jawa Tengah (a chapter), and so of the chapters under it
- member:  a librarian with an account and no role
- outsider: signed in, belongs to nothing
- anonymous: not signed in (the `client` fixture)
"""

import pytest
from django.core.cache import caches
from django.utils import translation

from simpul.testing import factories, personas


@pytest.fixture
def regions(db):
    """A small real slice of the hierarchy: Jawa Tengah > Sukoharjo > Kartasura; NTB > Mataram; DKI."""
    return factories.region_slice()


@pytest.fixture
def ipi(db, regions):
    return personas.ipi_organisations(regions)


@pytest.fixture
def admin_user(db):
    return personas.admin_user()


@pytest.fixture
def officer_user(db, ipi):
    return personas.officer_user(ipi)


@pytest.fixture
def member_user(db):
    return personas.member_user()


@pytest.fixture
def outsider_user(db):
    return personas.outsider_user()


@pytest.fixture
def as_user(client):
    """`as_user(user)` returns the test client signed in as `user`."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture(autouse=True)
def _empty_caches():
    """Each test starts with empty caches: cached answers, counters and sessions never leak between tests
    (their databases are rolled back, the caches are not)."""
    yield
    for name in ("default", "fragments"):
        caches[name].clear()
    # The programme dashboards' per-process stores too: their region names are keyed by the level
    # asked, not by the data, so a list read in one test (a slice of regions) must not reach another.
    from simpul.knowledge.selectors import facet_names_forget
    from simpul.programs.cache import lookups, parts

    parts.clear()
    lookups.clear()
    facet_names_forget()
    # A language a test's request left active (the locale middleware activates it on the thread) would
    # be the next test's: a page rendered outside a request then spoke Indonesian in an English test.
    translation.deactivate()


@pytest.fixture(scope="session", autouse=True)
def _quick_flush_on_postgresql():
    """After each browser and race test (a `transactional_db` test), Django empties every table with one
    TRUNCATE of all of them, which on PostgreSQL makes new files for ~150 tables and their indexes (about
    0.5 s a test, over a minute of CI). The tests leave a few rows, so DELETE in one transaction does the
    same in milliseconds; the foreign keys Django makes on PostgreSQL are deferred, so the order of the
    deletes does not matter. Flushes that also reset sequences keep Django's TRUNCATE."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    original = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade or not tables:
            return original(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        return ["SET CONSTRAINTS ALL DEFERRED"] + [
            f"DELETE FROM {self.quote_name(table)}"  # noqa: S608 (table names from Django, quoted)
            for table in tables
        ]

    DatabaseOperations.sql_flush = sql_flush
    yield
    DatabaseOperations.sql_flush = original
