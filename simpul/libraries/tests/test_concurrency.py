"""NPPs never repeat under concurrent approvals: real threads against PostgreSQL (row locks)."""

import threading

import pytest
from django.db import connection, connections

from simpul.libraries.models import Library
from simpul.libraries.services import registrations
from simpul.testing import factories

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")


@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_issue_distinct_consecutive_npps(regions):
    office = factories.PersonFactory(user__email="office.concurrent@example.org")
    factories.grant(office, "library_officer", region=regions["33.11"])
    applications = []
    for n in range(8):
        person = factories.PersonFactory(user__email=f"applicant{n}@example.org")
        applications.append(
            registrations.application_register(
                actor=person.user,
                applicant=person,
                position="Kepala",
                name=f"Perpustakaan Serentak {n}",
                library_type="public",
                region=regions["33.11.12.2001"],
            )  # fmt: skip
        )
    barrier = threading.Barrier(len(applications))
    errors = []

    def approve(application):
        try:
            barrier.wait()
            registrations.application_approve(actor=office.user, application=application)
        except Exception as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(a,)) for a in applications]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    npps = sorted(Library.objects.exclude(npp=None).values_list("npp", flat=True))
    assert npps == [f"3311012A{n:07d}" for n in range(1, 9)]
