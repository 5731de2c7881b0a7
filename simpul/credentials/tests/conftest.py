import pytest

from simpul.testing import factories

from .factories import issue


@pytest.fixture
def holder(db):
    return factories.PersonFactory(
        full_name="Sitti Rohmi Djalilah",
        title_prefix="Dr. Ir. Hj.",
        title_suffix="M.Pd",
        user__email="holder@example.org",
    )


@pytest.fixture
def card(holder, ipi):
    return issue(holder, ipi["sukoharjo"])


@pytest.fixture
def certificate(holder, ipi):
    from simpul.credentials.models import CredentialKind

    return issue(
        holder,
        ipi["ntb"],
        kind=CredentialKind.EVENT_CERTIFICATE,
        title="Rakerpus XXIV dan Seminar Nasional",
        subject={
            "fields": [
                {"label": "Role", "value": "Participant"},
                {"label": "Date", "value": "26-28 June 2025"},
            ],
            "place": "Mataram",
            "signatory": {"name": "Ketua Umum IPI", "position": "Pengurus Pusat IPI"},
        },
        valid_until=None,
    )
